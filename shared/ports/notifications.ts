/**
 * What the reminder and showcase use cases need to reach people: the configured channels, a way to
 * post to a group robot and to send an e-mail, and a record of every delivery.
 */
import type { Period } from '../domain/calendar';
import type { Channel } from '../domain/notifications/channels';
import type { WebhookRequest } from '../domain/notifications/messages';

export interface ChannelDirectory {
  /** The deployment's channels; none configured is an empty list. */
  list(): Promise<Channel[]>;
}

/**
 * A failure to deliver, with a reason fit for the API's answer and the logs: it never holds a webhook
 * URL or secret. `retryable` is false when trying again cannot help (the robot refused the message).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** An abort or timeout of the caller's signal (a DOMException, which need not be an Error of this realm). */
export function isAbort(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

export interface WebhookSender {
  /** Posts the JSON body; throws DeliveryError when the robot did not accept it. */
  post(type: Exclude<Channel['type'], 'email'>, request: WebhookRequest, signal: AbortSignal): Promise<void>;
}

export interface EmailSender {
  send(message: { to: string; subject: string; text: string }, signal: AbortSignal): Promise<void>;
}

export type DeliveryKind = 'reminder' | 'showcase';
export type DeliveryStatus = 'sending' | 'sent' | 'failed';

export interface DeliveryKey {
  period: Period;
  kind: DeliveryKind;
  channel: string;
  /** The e-mail address for an e-mail delivery; absent for a group channel. */
  recipient?: string;
}

export interface DeliveryRecord extends DeliveryKey {
  status: DeliveryStatus;
  attempts: number;
  updatedAt: string;
  error?: string;
}

export interface DeliveryRepository {
  /**
   * Claims the delivery for sending with one conditional write: it succeeds when there is no record,
   * when the last attempt failed, when a claim went stale (its sender died), or always with `resend`.
   * Returns false when the delivery was sent already or another run is sending it now.
   */
  claim(key: DeliveryKey, now: Date, options: { resend: boolean; staleBefore: Date }): Promise<boolean>;
  /** Records how the claimed delivery ended. */
  finish(record: DeliveryRecord): Promise<void>;
}
