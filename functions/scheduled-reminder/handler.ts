/**
 * The Monday reminder, invoked by EventBridge Scheduler. It retries each channel a little longer than
 * the API does, and if any delivery still failed it throws: Lambda's asynchronous retries then run it
 * again (what was sent is skipped, what failed is tried again), and after those the event goes to the
 * dead-letter queue, whose alarm tells someone.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { reminderDependencies } from '../../shared/adapters/dependencies';
import { logger } from '../../shared/observability/logger';
import { scheduledReminderWeek, sendReminder } from '../../shared/use-cases/reminders';
import type { RetryPolicy } from '../../shared/use-cases/notifications';
import { ScheduledReminderEventSchema } from './schema';

const deps = reminderDependencies();

const SCHEDULED_RETRY: RetryPolicy = { budgetMs: 30_000, attempts: 4, backoffMs: 1_000 };

async function remind(rawEvent: unknown) {
  const event = ScheduledReminderEventSchema.parse(rawEvent);
  const at = event.scheduledTime ? new Date(event.scheduledTime) : deps.clock();
  const week = event.week ?? scheduledReminderWeek(at, deps.deadline.timeZone);
  const result = await sendReminder(deps, { week, resend: false, policy: SCHEDULED_RETRY });
  const failed = result.deliveries.filter((delivery) => delivery.status === 'failed');
  logger.info('Reminder sent', { week, departments: result.departments, deliveries: result.deliveries });
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} reminder deliveries of ${week} failed: ${failed.map((d) => d.channel).join(', ')}`,
    );
  }
  return result;
}

export const handler = middy(remind).use(injectLambdaContext(logger));
