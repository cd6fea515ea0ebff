/**
 * How a generation ends in failure, wherever it fails (the coordinator, or any render batch): recorded as
 * failed with a reason a reviewer may read, its period freed, and one SummaryFailed event, sent only by the
 * call that recorded it (of several batches failing at once, one announces it). Kept out of summaries.ts,
 * which the API functions bundle, so that they do not load the events publisher.
 */
import { periodKind } from '../domain/calendar';
import type { EventPublisher } from '../ports/events';
import type { GenerationRecord, SummaryRepository } from '../ports/summaries';
import type { Clock } from './clock';
import { publishBestEffort } from './events';
import { failureReason, recordFailure } from './summaries';

export async function failGeneration(
  deps: { summaries: SummaryRepository; clock: Clock; events?: EventPublisher },
  generation: GenerationRecord,
  error: unknown,
  reason = failureReason(error),
): Promise<void> {
  if (!(await recordFailure(deps.summaries, generation, deps.clock(), reason))) return;
  await announceFailure(deps, generation, reason);
}

/** The SummaryFailed event of a generation whose failure the caller has just recorded. */
export async function announceFailure(
  deps: { clock: Clock; events?: EventPublisher },
  generation: Pick<GenerationRecord, 'period' | 'generationId'>,
  reason: string,
): Promise<void> {
  const { period, generationId } = generation;
  await publishBestEffort(
    deps.events,
    { type: 'SummaryFailed', detail: { period, periodKind: periodKind(period), generationId, reason } },
    deps.clock(),
  );
}
