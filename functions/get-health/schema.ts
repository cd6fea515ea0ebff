import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';

export const contract = defineContract({
  operationId: 'getHealth',
  summary: 'Liveness check',
  tags: ['meta'],
  access: 'public',
  responses: { 200: { description: 'The API answers', schema: z.object({ status: z.literal('ok') }) } },
});
