import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { Week } from '../../shared/http/schemas';

const Delivery = z.withMeta(
  z.object({
    channel: z.withMeta(z.string(), {
      description: 'The channel id from the deployment’s channel configuration',
    }),
    recipient: z.withMeta(z.optional(z.string()), {
      description: 'The e-mail address, for an e-mail delivery',
    }),
    status: z.withMeta(z.enum(['sent', 'skipped', 'failed']), {
      description: 'skipped: this reminder was delivered on this channel (to this recipient) already',
    }),
    error: z.withMeta(z.optional(z.string()), { description: 'Why it failed; never holds a URL or secret' }),
  }),
  { id: 'Delivery' },
);

export const contract = defineContract({
  operationId: 'sendReminder',
  summary: 'Remind the departments that have not reported a week',
  description:
    'Posts the names of the departments expected to report the week that have not (a department whose ' +
    'activeFrom is after the week is not expected) to every group channel, and e-mails each of them that ' +
    'has an email address. Each delivery is recorded: a repeated request answers `skipped` for what was ' +
    'sent already, unless `resend=true`. Channels are tried in parallel, each within a short retry budget; ' +
    'a failing channel is answered `failed` with its reason and never holds up the others. When every ' +
    'expected department has reported, nothing is sent. If it cannot be learned which departments ' +
    'reported (the table kept throttling the read), the request fails before anything is sent, rather ' +
    'than name a department that did report; it can simply be repeated.',
  tags: ['reminders'],
  access: { roles: ['admin'] },
  params: z.strictObject({ week: Week }),
  query: z.strictObject({
    resend: z.withMeta(z.optional(z.enum(['true', 'false'])), {
      description: 'Send again on channels that had it already',
    }),
  }),
  responses: {
    200: {
      description: 'What was sent where',
      schema: z.object({
        week: z.string(),
        departments: z.withMeta(z.array(z.string()), { description: 'Ids of the departments reminded' }),
        deliveries: z.array(Delivery),
      }),
    },
  },
});
