import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';

export const contract = defineContract({
  operationId: 'getOpenApi',
  summary: 'This document',
  tags: ['meta'],
  access: 'public',
  responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
});
