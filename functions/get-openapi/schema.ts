import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';

export const contract = defineContract({
  operationId: 'getOpenApi',
  summary: 'This document',
  tags: ['meta'],
  access: 'public',
  responses: { 200: { description: 'OpenAPI 3.1', schema: z.object({ openapi: z.string() }).loose() } },
});
