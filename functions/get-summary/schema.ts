import * as z from '../../shared/validation/zod';
import { ID_PATTERN } from '../../shared/domain/catalog';
import { defineContract } from '../../shared/http/contract';
import { FORMAT_NAMES } from '../../shared/domain/documents/formats';
import { PeriodParam } from '../../shared/http/schemas';

export const SummaryStatus = z.withMeta(
  z.object({
    period: z.string(),
    generationId: z.withMeta(z.string(), { description: 'The latest generation' }),
    status: z.enum(['running', 'ready', 'failed']),
    generatedAt: z.withMeta(z.nullable(z.string()), { format: 'date-time' }),
    startedAt: z.withMeta(z.string(), { format: 'date-time' }),
    finishedAt: z.withMeta(z.optional(z.string()), { format: 'date-time' }),
    reason: z.withMeta(z.optional(z.string()), { description: 'Why a failed generation failed' }),
    progress: z.withMeta(
      z.optional(
        z.object({
          done: z.number().check(z.int(), z.minimum(0)),
          total: z.number().check(z.int(), z.minimum(1)),
        }),
      ),
      {
        description:
          'Render batches finished of those the generation was split into (absent until it is split). ' +
          'The generation publishes when the last batch finishes.',
      },
    ),
    documentsGenerationId: z.withMeta(z.nullable(z.string()), {
      description: 'The generation the documents belong to: the latest ready one',
    }),
    documentsGeneratedAt: z.withMeta(z.nullable(z.string()), { format: 'date-time' }),
    documents: z.array(
      z.object({
        scope: z.withMeta(z.string(), {
          description: '"district" or a department id',
          pattern: ID_PATTERN.source,
        }),
        scopeName: z.string(),
        format: z.enum(FORMAT_NAMES as [string, ...string[]]),
        href: z.string(),
        sha256: z.string(),
        bytes: z.number().check(z.int(), z.minimum(0)),
      }),
    ),
  }),
  { id: 'SummaryStatus' },
);

export const contract = defineContract({
  operationId: 'getSummary',
  summary: 'The latest generation of a period and its documents',
  description:
    'While a generation runs or after one failed, `documents` still lists the latest ready generation, ' +
    'which stays downloadable. A department token sees its own department and the district.',
  tags: ['summaries'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  params: z.strictObject({ period: PeriodParam }),
  responses: {
    200: { description: 'Status and documents', schema: SummaryStatus },
    404: { description: 'No summary of the period has been requested yet' },
  },
});
