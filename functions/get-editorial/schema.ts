import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

export const EditorialDto = z.withMeta(
  z.object({
    period: z.string(),
    revision: z.number().check(z.int()),
    updatedAt: z.withMeta(z.string(), { format: 'date-time' }),
    overview: z.optional(z.string()),
    themes: z.optional(z.record(z.string(), z.string())),
    nextSteps: z.optional(z.string()),
  }),
  { id: 'Editorial' },
);

export const contract = defineContract({
  operationId: 'getEditorial',
  summary: "The reviewer's latest editorial of a period",
  description: 'The latest revision with its ETag; 404 until one is stored.',
  tags: ['summaries'],
  access: { roles: ['admin', 'reviewer'] },
  params: z.strictObject({ period: PeriodParam }),
  responses: {
    200: { description: 'The latest revision', schema: EditorialDto, headers: { etag: '"<revision>"' } },
  },
});
