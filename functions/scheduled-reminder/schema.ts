import * as z from 'zod';
import { Week } from '../../shared/http/schemas';

/** EventBridge Scheduler's input: its scheduled time (the week is the one before it), or a week. */
export const ScheduledReminderEventSchema = z.object({
  source: z.literal('schedule'),
  week: Week.optional(),
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
});
