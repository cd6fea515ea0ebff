import { reminderDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { REQUEST_RETRY } from '../../shared/use-cases/notifications';
import { sendReminder } from '../../shared/use-cases/reminders';
import { contract } from './schema';

const deps = reminderDependencies();

export const handler = httpHandler(contract, async ({ params, query }) => ({
  statusCode: 200,
  body: await sendReminder(deps, {
    week: params.week,
    resend: query.resend === 'true',
    policy: REQUEST_RETRY,
  }),
}));
