import { defineContract } from '../../shared/http/contract';
import * as z from '../../shared/validation/zod';
import { CatalogSchema } from '../../shared/domain/catalog';

export const contract = defineContract({
  operationId: 'getCatalog',
  summary: 'The catalog in force: themes and the metrics reports may count',
  tags: ['catalog'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  responses: { 200: { description: 'The catalog', schema: z.withMeta(CatalogSchema, { id: 'Catalog' }) } },
});
