/**
 * Where integration events go: the stack's EventBridge bus in AWS, a newline-delimited JSON file
 * locally (DATA_DIR/events.ndjson), nowhere when neither is configured.
 */
import { appendFile } from 'node:fs/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type IntegrationEvent } from '../../domain/events';
import type { EventPublisher } from '../../ports/events';

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: IntegrationEvent, at: Date): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Detail: JSON.stringify(event.detail),
            Time: at,
          },
        ],
      }),
    );
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

let client: EventBridgeClient | undefined;

export function eventPublisher(config: { busName?: string; file?: string }): EventPublisher {
  if (config.busName) {
    client ??= new EventBridgeClient({});
    return new EventBridgePublisher(client, config.busName);
  }
  if (config.file) return new FileEventPublisher(config.file);
  return noEvents;
}
