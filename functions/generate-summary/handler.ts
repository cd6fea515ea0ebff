/**
 * The aggregator: invoked asynchronously by the summaries API and by the schedules. A failure is recorded
 * on the generation and rethrown, so Lambda's error metric and on-failure destination see it.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { generateDependencies } from '../../shared/adapters/generator-dependencies';
import { logger } from '../../shared/observability/logger';
import { generateSummary, type GenerateEvent } from '../../shared/use-cases/generate-summary';
import { GenerateEventSchema } from './schema';

const deps = generateDependencies();

/** Time left for recording a failure after the generation gives up, before Lambda stops the function. */
const GIVE_UP_MARGIN_MS = 15_000;

async function generate(rawEvent: unknown, context: Context) {
  const parsed = GenerateEventSchema.parse(rawEvent);
  const event: GenerateEvent =
    parsed.source === 'api'
      ? parsed
      : parsed.period
        ? { source: 'schedule', period: parsed.period, scheduledTime: parsed.scheduledTime }
        : { source: 'schedule', kind: parsed.kind ?? 'running', scheduledTime: parsed.scheduledTime };
  const giveUpAt = new Date(deps.clock().getTime() + context.getRemainingTimeInMillis() - GIVE_UP_MARGIN_MS);
  const result = await generateSummary(deps, event, { giveUpAt });
  if (result) logger.info('Summary generated', { period: result.period, generationId: result.generationId });
  else logger.info('A generation of this period is running already; the scheduled run is skipped', { event });
  return result ? { period: result.period, generationId: result.generationId, status: result.status } : null;
}

export const handler = middy(generate).use(injectLambdaContext(logger));
