/**
 * Publishing integration events, best-effort: a few quick retries, then the failure is logged and
 * counted (metric EventPublishFailures, which has an alarm), and the request or generation that caused
 * the event goes on as if nothing happened. An event is a notification for other systems, never part
 * of the state: the report or summary is stored whether or not its event got out.
 */
import type { IntegrationEvent } from '../domain/events';
import { logger } from '../observability/logger';
import type { EventPublisher } from '../ports/events';
import { EVENT_PUBLISH_FAILURES, METRICS_NAMESPACE } from '../config/names';

/**
 * Powertools' metrics, loaded and built on the first failure only: building the Metrics object cost
 * about 2 ms of CPU at every cold start of submit-report, which publishes on every submission but
 * counts a failure rarely (README "Cold start").
 */
async function countPublishFailure(): Promise<void> {
  const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'showcase' });
  metrics.addMetric(EVENT_PUBLISH_FAILURES, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

const ATTEMPTS = 3;
const BACKOFF_MS = 100;

export async function publishBestEffort(
  events: EventPublisher | undefined,
  event: IntegrationEvent,
  at: Date,
): Promise<void> {
  if (!events) return;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await events.publish(event, at);
      return;
    } catch (error) {
      if (attempt === ATTEMPTS) {
        logger.error('An integration event could not be published', { eventType: event.type, error });
        await countPublishFailure();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}
