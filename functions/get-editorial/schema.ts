import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

export const EditorialDto = z
  .object({
    period: z.string(),
    revision: z.number().int(),
    updatedAt: z.string().meta({ format: 'date-time' }),
    overview: z.string().optional(),
    themes: z.record(z.string(), z.string()).optional(),
    nextSteps: z.string().optional(),
  })
  .meta({ id: 'Editorial' });

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
