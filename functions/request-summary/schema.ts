import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

export const GenerationStarted = z.withMeta(
  z.object({
    period: z.string(),
    generationId: z.string(),
    status: z.literal('running'),
    started: z.withMeta(z.boolean(), {
      description: 'false: a generation was already running and is returned instead',
    }),
  }),
  { id: 'GenerationStarted' },
);

export const contract = defineContract({
  operationId: 'requestSummary',
  summary: 'Start generating the summary documents of a period (week, quarter, half-year or year)',
  description:
    'Starts one asynchronous generation and answers at once. While one is running for the period, a second ' +
    'request returns the running one. A period still in progress is summarised "to date"; a week generates the district and the departments that reported it.',
  tags: ['summaries'],
  access: { roles: ['admin', 'reviewer'] },
  params: z.strictObject({ period: PeriodParam }),
  responses: {
    202: {
      description: 'Generation running',
      schema: GenerationStarted,
      headers: { location: 'The status URL' },
    },
  },
});
