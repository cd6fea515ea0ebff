import type { IntegrationEvent } from '../domain/events';

export interface EventPublisher {
  /** Publishes one event; throws when it could not. */
  publish(event: IntegrationEvent, at: Date): Promise<void>;
}
