/**
 * Posts a message to a group robot's webhook with the platform's fetch. Errors carry the HTTP status or
 * the robot's own refusal, never the URL: the URL holds the robot's access token.
 */
import { vendorRefusal } from '../../domain/notifications/messages';
import type { WebhookRequest } from '../../domain/notifications/messages';
import { DeliveryError, isAbort, type WebhookSender } from '../../ports/notifications';
import type { GroupChannel } from '../../domain/notifications/channels';

export class FetchWebhookSender implements WebhookSender {
  async post(type: GroupChannel['type'], request: WebhookRequest, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(request.body),
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      // fetch's own error may name the host and path; only the kind of failure goes further.
      throw new DeliveryError('the robot could not be reached', true);
    }
    const text = await response.text();
    if (!response.ok) {
      // 4xx other than 429 will not change on a retry; 5xx and 429 may.
      const retryable = response.status >= 500 || response.status === 429;
      throw new DeliveryError(`the robot answered HTTP ${response.status}`, retryable);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const refusal = vendorRefusal(type, body);
    if (refusal) throw new DeliveryError(refusal, false);
  }
}
