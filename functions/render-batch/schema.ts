import * as z from '../../shared/validation/zod';
import { ID_PATTERN } from '../../shared/domain/catalog';
import { GENERATION_ID_PATTERN } from '../../shared/domain/generation';
import { PeriodParam } from '../../shared/http/schemas';
import { SUMMARY_BATCH } from '../../shared/config/names';

/** One batch of a generation, as the coordinator (generate-summary) sends it. */
export const BatchEventSchema = z.object({
  period: PeriodParam,
  generationId: z.string().check(z.regex(GENERATION_ID_PATTERN)),
  generatedAt: z.iso.datetime({ offset: true }),
  batch: z.number().check(z.int(), z.minimum(0)),
  batches: z.number().check(z.int(), z.minimum(1)),
  departments: z
    .array(
      z.object({
        departmentId: z.string().check(z.regex(ID_PATTERN)),
        name: z.string().check(z.minLength(1)),
        activeFrom: z.optional(z.string()),
        order: z.optional(z.number()),
      }),
    )
    .check(z.maxLength(SUMMARY_BATCH.maxSize)),
  scheduled: z.boolean(),
});
