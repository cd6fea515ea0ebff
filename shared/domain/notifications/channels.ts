/**
 * Notification channels as a deployment configures them: group robots of DingTalk, Feishu/Lark and
 * WeCom, and e-mail through SES. The same shape is read from the local CHANNELS_FILE and from the
 * Secrets Manager secret in AWS, because webhook URLs and signing secrets are credentials.
 */
import * as z from '../../validation/zod';
import { ID_PATTERN } from '../catalog';

export const CHANNEL_TYPES = ['dingtalk', 'feishu', 'wecom', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const WebhookUrl = z.url({ protocol: /^https?$/ });

const ChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: z.string().check(z.regex(ID_PATTERN)),
    type: z.literal('dingtalk'),
    url: WebhookUrl,
    secret: z.optional(z.string().check(z.minLength(1))),
  }),
  z.strictObject({
    id: z.string().check(z.regex(ID_PATTERN)),
    type: z.literal('feishu'),
    url: WebhookUrl,
    secret: z.optional(z.string().check(z.minLength(1))),
  }),
  z.strictObject({ id: z.string().check(z.regex(ID_PATTERN)), type: z.literal('wecom'), url: WebhookUrl }),
  z.strictObject({ id: z.string().check(z.regex(ID_PATTERN)), type: z.literal('email') }),
]);

export type Channel = z.infer<typeof ChannelSchema>;
export type GroupChannel = Exclude<Channel, { type: 'email' }>;

const ChannelsSchema = z.strictObject({ channels: z.array(ChannelSchema) }).check(
  z.refine((value) => new Set(value.channels.map((channel) => channel.id)).size === value.channels.length, {
    message: 'channel ids must be unique',
  }),
);

/**
 * Parses the channel configuration. The error names the field at fault but never echoes a value:
 * the values are webhook URLs and secrets.
 */
export function parseChannels(value: unknown, source: string): Channel[] {
  const result = ChannelsSchema.safeParse(value);
  if (!result.success) {
    const faults = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`);
    throw new Error(`Invalid channel configuration in ${source}: ${faults.join('; ')}`);
  }
  return result.data.channels;
}

export function isGroupChannel(channel: Channel): channel is GroupChannel {
  return channel.type !== 'email';
}
