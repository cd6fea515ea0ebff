import * as z from '../../shared/validation/zod';
import { Week } from '../../shared/http/schemas';

/** EventBridge Scheduler's input: its scheduled time (the week is the one before it), or a week. */
export const ScheduledReminderEventSchema = z.object({
  source: z.literal('schedule'),
  week: z.optional(Week),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});
