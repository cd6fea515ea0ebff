/**
 * One render batch of a summary generation, invoked asynchronously by the generator (the coordinator).
 * A failure is recorded on the generation and rethrown, so Lambda's error metric and on-failure
 * destination see it; the function is deployed without retries (see infra/constructs/summary-generator.ts).
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { renderBatchDependencies } from '../../shared/adapters/generator-dependencies';
import { logger } from '../../shared/observability/logger';
import type { BatchRequest } from '../../shared/ports/summaries';
import { renderBatch } from '../../shared/use-cases/render-batch';
import { BatchEventSchema } from './schema';

const deps = renderBatchDependencies();

/** Time left for recording a failure after the batch gives up, before Lambda stops the function. */
const GIVE_UP_MARGIN_MS = 15_000;

async function render(rawEvent: unknown, context: Context) {
  const request = BatchEventSchema.parse(rawEvent) as BatchRequest;
  const giveUpAt = new Date(deps.clock().getTime() + context.getRemainingTimeInMillis() - GIVE_UP_MARGIN_MS);
  const result = await renderBatch(deps, request, { giveUpAt });
  logger.info('Render batch finished', {
    period: request.period,
    generationId: request.generationId,
    batch: request.batch,
    status: result?.status ?? 'ended',
  });
  return result ? { status: result.status, progress: result.progress ?? null } : null;
}

export const handler = middy(render).use(injectLambdaContext(logger));
