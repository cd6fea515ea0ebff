import * as z from 'zod';
import { ID_PATTERN } from '../../shared/domain/catalog';
import { GENERATION_ID_PATTERN } from '../../shared/domain/generation';
import { PeriodParam } from '../../shared/http/schemas';
import { SUMMARY_BATCH } from '../../shared/config/names';

/** One batch of a generation, as the coordinator (generate-summary) sends it. */
export const BatchEventSchema = z.object({
  period: PeriodParam,
  generationId: z.string().regex(GENERATION_ID_PATTERN),
  generatedAt: z.iso.datetime({ offset: true }),
  batch: z.number().int().min(0),
  batches: z.number().int().min(1),
  departments: z
    .array(
      z.object({
        departmentId: z.string().regex(ID_PATTERN),
        name: z.string().min(1),
        activeFrom: z.string().optional(),
        order: z.number().optional(),
      }),
    )
    .max(SUMMARY_BATCH.maxSize),
  scheduled: z.boolean(),
});
