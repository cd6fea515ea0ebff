/**
 * What a notification looks like on each channel: the vendors' signatures, request bodies and length
 * limits. Pure: the timestamp is passed in, nothing is sent from here.
 *
 * A notice carries its content inline (markdown where the channel renders it) and ends with a link to
 * the web app's page for the period when the deployment has one (`webAppUrl`); a notice too long for a
 * channel is cut at the channel's limit with "…", keeping the link.
 */
import { createHmac } from 'node:crypto';
import type { GroupChannel } from './channels';

export interface Notice {
  /** A short title: DingTalk shows it in the conversation list, Feishu in the card header. */
  title: string;
  /** Markdown body (headings, bold, lists and links only: the subset the three robots share). */
  markdown: string;
  /** Absent when the deployment has no web app URL: the message still goes out, without the link. */
  link?: { text: string; url: string };
}

export interface WebhookRequest {
  url: string;
  body: unknown;
}

/**
 * Content limits, in UTF-8 bytes, below the vendors' own: DingTalk's markdown text (about 20,000
 * bytes), Feishu's 20 KB request body (the card's JSON around the text takes some of it) and WeCom's
 * markdown content (4,096 bytes).
 */
export const CONTENT_LIMIT_BYTES: Record<GroupChannel['type'], number> = {
  dingtalk: 18_000,
  feishu: 16_000,
  wecom: 4_000,
};

const ELLIPSIS = '…';

/** Cuts the text to at most `limit` UTF-8 bytes, ending in "…" when cut, never inside a character. */
export function truncateUtf8(text: string, limit: number): string {
  if (Buffer.byteLength(text, 'utf8') <= limit) return text;
  const budget = limit - Buffer.byteLength(ELLIPSIS, 'utf8');
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end) + ELLIPSIS;
}

/** The notice as one markdown text no longer than the limit, its link always kept whole. */
export function noticeMarkdown(notice: Notice, limit: number, heading = ''): string {
  const link = notice.link ? `\n\n[${notice.link.text}](${notice.link.url})` : '';
  const room = limit - Buffer.byteLength(heading + link, 'utf8');
  return heading + truncateUtf8(notice.markdown, Math.max(room, 0)) + link;
}

/**
 * DingTalk custom robot: `sign` = base64(HMAC-SHA256(key = secret, message = "{timestamp}\n{secret}")),
 * timestamp in milliseconds; both go into the query string (URL-encoded there).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu/Lark custom bot: `sign` = base64(HMAC-SHA256(key = "{timestamp}\n{secret}", message = "")),
 * timestamp in seconds; both go into the JSON body.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('', 'utf8').digest('base64');
}

/** The request that posts the notice to a group channel at the given instant. */
export function webhookRequest(channel: GroupChannel, notice: Notice, now: Date): WebhookRequest {
  const limit = CONTENT_LIMIT_BYTES[channel.type];
  switch (channel.type) {
    case 'dingtalk': {
      const url = new URL(channel.url);
      if (channel.secret) {
        const timestamp = now.getTime();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(channel.secret, timestamp));
      }
      return {
        url: url.toString(),
        body: {
          msgtype: 'markdown',
          markdown: { title: notice.title, text: noticeMarkdown(notice, limit, `### ${notice.title}\n\n`) },
        },
      };
    }
    case 'feishu': {
      const timestamp = Math.floor(now.getTime() / 1000);
      return {
        url: channel.url,
        body: {
          ...(channel.secret
            ? { timestamp: String(timestamp), sign: feishuSign(channel.secret, timestamp) }
            : {}),
          msg_type: 'interactive',
          card: {
            header: { title: { tag: 'plain_text', content: notice.title } },
            elements: [{ tag: 'markdown', content: noticeMarkdown(notice, limit) }],
          },
        },
      };
    }
    case 'wecom':
      return {
        url: channel.url,
        body: {
          msgtype: 'markdown',
          markdown: { content: noticeMarkdown(notice, limit, `### ${notice.title}\n`) },
        },
      };
  }
}

/**
 * Whether the vendor accepted the message. The robots answer HTTP 200 also when they refuse one (a bad
 * signature, a rate limit), with a non-zero `errcode` (DingTalk, WeCom) or `code` (Feishu) in the body.
 * The reason returned holds the vendor's code and message only, never the URL or the secret.
 */
export function vendorRefusal(type: GroupChannel['type'], body: unknown): string | undefined {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = type === 'feishu' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  if (code === 0 || code === undefined) return undefined;
  const message = type === 'feishu' ? (answer.msg ?? answer.StatusMessage) : answer.errmsg;
  return `the robot refused the message (code ${String(code)}${typeof message === 'string' ? `: ${message.slice(0, 200)}` : ''})`;
}
