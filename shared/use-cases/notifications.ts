/**
 * Delivering one message on one channel, exactly once unless asked again: the delivery is claimed with
 * a conditional write, tried within a retry budget, and its outcome recorded. The reminder and the
 * weekly showcase both deliver through here.
 */
import type { Period } from '../domain/calendar';
import { isGroupChannel, type Channel } from '../domain/notifications/channels';
import { webhookRequest, type Notice } from '../domain/notifications/messages';
import {
  DeliveryError,
  isAbort,
  type ChannelDirectory,
  type DeliveryKind,
  type DeliveryRepository,
  type EmailSender,
  type WebhookSender,
} from '../ports/notifications';
import { logger } from '../observability/logger';
import type { Clock } from './clock';

export interface NotifyDependencies {
  channels: ChannelDirectory;
  webhooks: WebhookSender;
  email: EmailSender;
  deliveries: DeliveryRepository;
  clock: Clock;
  /**
   * The web app's base URL; messages link to its page for the period. Undefined when the deployment
   * has none (cdk.json's default): reminders and showcases still go out, without the link, since a
   * reminder that fails for want of a link helps nobody.
   */
  webAppUrl(): string | undefined;
  /** Waits between attempts; tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryPolicy {
  /** Every attempt of one delivery, and the waits between them, end within this many milliseconds. */
  budgetMs: number;
  attempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  backoffMs: number;
}

/**
 * An API request waits for its deliveries, so it gets a short budget (the issue allows 10 s in all;
 * channels are tried in parallel, so this is also the whole request's delivery time).
 */
export const REQUEST_RETRY: RetryPolicy = { budgetMs: 8_000, attempts: 3, backoffMs: 500 };

/** A claim older than this belongs to a run that died: the next run may take it over. */
export const STALE_CLAIM_MS = 15 * 60 * 1000;

export type DeliveryOutcome =
  | { channel: string; recipient?: string; status: 'sent' | 'skipped' }
  | { channel: string; recipient?: string; status: 'failed'; error: string };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The web app's page for a period, which every message links to (never a presigned URL, which expires). */
export function periodPageUrl(webAppUrl: string, period: Period): string;
export function periodPageUrl(webAppUrl: string | undefined, period: Period): string | undefined;
export function periodPageUrl(webAppUrl: string | undefined, period: Period): string | undefined {
  if (!webAppUrl) return undefined;
  const url = new URL(webAppUrl);
  url.searchParams.set('period', period);
  return url.toString();
}

/** Words safe to show: a DeliveryError's own reason, otherwise only what kind of failure it was. */
function failureReason(error: unknown): { reason: string; retryable: boolean } {
  if (error instanceof DeliveryError) return { reason: error.message, retryable: error.retryable };
  if (isAbort(error)) return { reason: 'no answer within the time allowed', retryable: true };
  return { reason: 'the message could not be sent', retryable: true };
}

async function attempt(
  deps: NotifyDependencies,
  send: (signal: AbortSignal) => Promise<void>,
  policy: RetryPolicy,
): Promise<{ attempts: number; error?: string }> {
  const sleep = deps.sleep ?? defaultSleep;
  const started = Date.now();
  let error = 'no attempt was made';
  for (let attempts = 1; attempts <= policy.attempts; attempts++) {
    const remaining = policy.budgetMs - (Date.now() - started);
    if (remaining <= 0) return { attempts: attempts - 1, error };
    try {
      await send(AbortSignal.timeout(remaining));
      return { attempts };
    } catch (caught) {
      const failure = failureReason(caught);
      error = failure.reason;
      const wait = policy.backoffMs * 2 ** (attempts - 1);
      const last = attempts === policy.attempts || Date.now() - started + wait >= policy.budgetMs;
      if (!failure.retryable || last) return { attempts, error };
      await sleep(wait);
    }
  }
  return { attempts: policy.attempts, error };
}

/**
 * Input: what is delivered (period, kind, channel, recipient), how to send it, resend and the retry policy.
 * Output: sent, skipped (sent already, or being sent by another run) or failed with a reason.
 * Primary course: 1. claim the delivery; 2. send it within the retry budget; 3. record the outcome.
 */
export async function deliver(
  deps: NotifyDependencies,
  key: { period: Period; kind: DeliveryKind; channel: string; recipient?: string },
  send: (signal: AbortSignal) => Promise<void>,
  options: { resend: boolean; policy: RetryPolicy },
): Promise<DeliveryOutcome> {
  const who = { channel: key.channel, ...(key.recipient ? { recipient: key.recipient } : {}) };
  const now = deps.clock();
  const claimed = await deps.deliveries.claim(key, now, {
    resend: options.resend,
    staleBefore: new Date(now.getTime() - STALE_CLAIM_MS),
  });
  if (!claimed) return { ...who, status: 'skipped' };
  const result = await attempt(deps, send, options.policy);
  await deps.deliveries.finish({
    ...key,
    status: result.error ? 'failed' : 'sent',
    attempts: result.attempts,
    updatedAt: deps.clock().toISOString(),
    ...(result.error ? { error: result.error } : {}),
  });
  if (result.error) {
    // The channel id and the reason only: the URL and secret of a channel never reach a log line.
    logger.warn('Delivery failed', { ...key, attempts: result.attempts, reason: result.error });
    return { ...who, status: 'failed', error: result.error };
  }
  return { ...who, status: 'sent' };
}

/** Posts the notice to every group channel at once; one failing channel does not hold up the others. */
export function postToGroups(
  deps: NotifyDependencies,
  channels: Channel[],
  key: { period: Period; kind: DeliveryKind },
  notice: Notice,
  options: { resend: boolean; policy: RetryPolicy },
): Promise<DeliveryOutcome>[] {
  return channels
    .filter(isGroupChannel)
    .map((channel) =>
      deliver(
        deps,
        { ...key, channel: channel.id },
        (signal) => deps.webhooks.post(channel.type, webhookRequest(channel, notice, deps.clock()), signal),
        options,
      ),
    );
}
