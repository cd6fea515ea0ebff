import * as z from '../../shared/validation/zod';
import { GENERATION_ID_PATTERN, SCHEDULE_KINDS } from '../../shared/domain/generation';
import { PeriodParam } from '../../shared/http/schemas';

/**
 * The aggregator's events: from the summaries API (with the generation it created) or from EventBridge
 * Scheduler (which names the kind of run and its scheduled time, or a period explicitly).
 */
export const GenerateEventSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('api'),
    period: PeriodParam,
    generationId: z.string().check(z.regex(GENERATION_ID_PATTERN)),
  }),
  z.object({
    source: z.literal('schedule'),
    kind: z.optional(z.enum(SCHEDULE_KINDS)),
    period: z.optional(PeriodParam),
    scheduledTime: z.optional(z.iso.datetime({ offset: true })),
  }),
]);
