/**
 * Where integration events go: the stack's EventBridge bus in AWS, a newline-delimited JSON file
 * locally (DATA_DIR/events.ndjson), nowhere when neither is configured.
 */
import { appendFile } from 'node:fs/promises';
import { EVENT_SOURCE, type IntegrationEvent } from '../../domain/events';
import type { EventPublisher } from '../../ports/events';
import {
  dynamoDbJsonClientFromEnvironment,
  EVENTBRIDGE_PROTOCOL,
  type DynamoDbJsonClient,
} from '../dynamodb/json-client';

/**
 * PutEvents in EventBridge's JSON protocol through the light client (dynamodb/json-client.ts), not the
 * SDK's EventBridgeClient: submit-report publishes on its first invocation, and the SDK's client cost
 * it about 110 KB of bundle and its load at every cold start (README "Cold start").
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: () => DynamoDbJsonClient,
    private readonly busName: string,
  ) {}

  async publish(event: IntegrationEvent, at: Date): Promise<void> {
    const result = (await this.client().call('PutEvents', {
      Entries: [
        {
          EventBusName: this.busName,
          Source: EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify(event.detail),
          // The JSON protocol's timestamps are epoch seconds.
          Time: at.getTime() / 1000,
        },
      ],
    })) as { FailedEntryCount?: number; Entries?: { ErrorCode?: string }[] };
    // PutEvents answers 200 also when an entry was refused; the count says so.
    if (result.FailedEntryCount) {
      throw new Error(
        `EventBridge refused the ${event.type} event: ${result.Entries?.[0]?.ErrorCode ?? 'unknown'}`,
      );
    }
  }
}

export class FileEventPublisher implements EventPublisher {
  constructor(private readonly path: string) {}

  async publish(event: IntegrationEvent, at: Date): Promise<void> {
    // The same envelope EventBridge delivers, so a consumer can be tried locally against this file.
    const line = JSON.stringify({
      source: EVENT_SOURCE,
      'detail-type': event.type,
      time: at.toISOString(),
      detail: event.detail,
    });
    await appendFile(this.path, `${line}\n`, 'utf8');
  }
}

export const noEvents: EventPublisher = { publish: async () => undefined };

let client: (() => DynamoDbJsonClient) | undefined;

export function eventPublisher(config: { busName?: string; file?: string }): EventPublisher {
  if (config.busName) {
    client ??= dynamoDbJsonClientFromEnvironment(process.env, { protocol: EVENTBRIDGE_PROTOCOL });
    return new EventBridgePublisher(client, config.busName);
  }
  if (config.file) return new FileEventPublisher(config.file);
  return noEvents;
}
