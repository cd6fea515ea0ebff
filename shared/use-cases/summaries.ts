/**
 * Summaries (of a week, quarter, half-year or year) as the API sees them: request a generation, report on it, hand out download links.
 * The generation itself is in generate-summary.ts, so that these functions do not bundle the renderers.
 */
import { randomBytes } from 'node:crypto';
import { hasStarted, weeksOfPeriod, type Deadline, type Period } from '../domain/calendar';
import { mayReadScope, type Principal } from '../domain/access';
import type { DocumentFormat } from '../domain/documents/formats';
import { contentDisposition, downloadFileName, newGenerationId } from '../domain/generation';
import { DISTRICT_SCOPE } from '../domain/summary';
import { DOWNLOAD_URL_TTL_SECONDS } from '../config/names';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors/app-error';
import type {
  DocumentStore,
  GenerationRecord,
  GenerationTrigger,
  Heartbeat,
  SummaryRepository,
} from '../ports/summaries';
import type { EventPublisher } from '../ports/events';
import type { Clock } from './clock';

export const randomHex = () => randomBytes(4).toString('hex');

export interface RequestDependencies {
  summaries: SummaryRepository;
  trigger: GenerationTrigger;
  clock: Clock;
  deadline: Deadline;
  heartbeat: Heartbeat;
  /** Where SummaryFailed goes when a generation ends here (taken over, or never started). */
  events?: EventPublisher;
}

export interface GenerationStarted {
  period: Period;
  generationId: string;
  status: 'running';
  /** False when a generation of the period was already running and is returned instead. */
  started: boolean;
}

function requireStartedPeriod(period: Period, now: Date, timeZone: string) {
  if (!hasStarted(weeksOfPeriod(period)[0]!, now, timeZone)) {
    throw new ValidationError(`${period} has not started yet`, [
      { field: 'path.period', message: 'this period has not started yet' },
    ]);
  }
}

/** Words fit for a reviewer: an AppError's own message, otherwise nothing from the internals. */
export function failureReason(error: unknown): string {
  if (error instanceof AppError && error.expose) return error.message;
  return 'The generation failed with an internal error; the aggregator log has the details';
}

/**
 * Records a running generation as failed (unless its fate was decided already) and frees its period.
 * True when this call recorded it: of several batches failing at once, only that one announces it.
 */
export async function recordFailure(
  summaries: SummaryRepository,
  generation: GenerationRecord,
  now: Date,
  reason: string,
): Promise<boolean> {
  const recorded = await summaries.putGeneration(
    { ...generation, status: 'failed', finishedAt: now.toISOString(), reason },
    'running',
  );
  await summaries.release(generation.period, generation.generationId);
  return recorded;
}

export const STOPPED_REASON =
  'The generation stopped without finishing (it ran out of memory or was stopped); request it again';

/**
 * Takes the lock; a holder whose heartbeat stopped is recorded as failed, so that it never shows as
 * running again, and can no longer publish should it wake up. `stopped` is that holder when this call
 * recorded its failure, for the caller to announce (SummaryFailed).
 */
export async function takeLock(
  summaries: SummaryRepository,
  heartbeat: Heartbeat,
  period: Period,
  generationId: string,
  now: Date,
) {
  const staleBefore = new Date(now.getTime() - heartbeat.staleAfterMs);
  const lock = await summaries.acquire(period, generationId, now, staleBefore);
  let stopped: GenerationRecord | undefined;
  if (lock.acquired && lock.replaced) {
    const stale = await summaries.getGeneration(period, lock.replaced);
    if (stale?.status === 'running') {
      const failed: GenerationRecord = {
        ...stale,
        status: 'failed',
        finishedAt: now.toISOString(),
        reason: STOPPED_REASON,
      };
      if (await summaries.putGeneration(failed, 'running')) stopped = failed;
    }
  }
  return { ...lock, stopped };
}

/**
 * SummaryFailed for a generation that ended in a request. The publisher is loaded only then: it brings
 * Powertools' metrics, which no request that starts a generation needs at a cold start.
 */
async function announceFailure(deps: RequestDependencies, generation: GenerationRecord, reason: string) {
  const failures = await import('./generation-failure');
  await failures.announceFailure(deps, generation, reason);
}

export const START_FAILED_REASON = 'The aggregator could not be started';

/**
 * Input: a period and who asks.
 * Output: the generation that is now running for it.
 * Primary course:
 *  1. Refuse a half-year that has not started.
 *  2. Take the period's generation lock; if another generation holds it, return that one.
 *  3. Record the generation as running and start the aggregator asynchronously.
 */
export async function requestSummary(
  deps: RequestDependencies,
  input: { period: Period; principal: Principal },
): Promise<GenerationStarted> {
  const now = deps.clock();
  requireStartedPeriod(input.period, now, deps.deadline.timeZone);
  const generationId = newGenerationId(now, randomHex());
  const lock = await takeLock(deps.summaries, deps.heartbeat, input.period, generationId, now);
  if (lock.stopped) await announceFailure(deps, lock.stopped, STOPPED_REASON);
  if (!lock.acquired)
    return { period: input.period, generationId: lock.holder, status: 'running', started: false };

  const generation: GenerationRecord = {
    period: input.period,
    generationId,
    status: 'running',
    requestedBy: `token:${input.principal.tokenId}`,
    startedAt: now.toISOString(),
  };
  await deps.summaries.putGeneration(generation);
  try {
    await deps.trigger.start({ period: input.period, generationId });
  } catch (error) {
    if (await recordFailure(deps.summaries, generation, deps.clock(), START_FAILED_REASON))
      await announceFailure(deps, generation, START_FAILED_REASON);
    throw error;
  }
  return { period: input.period, generationId, status: 'running', started: true };
}

export interface ReadDependencies {
  summaries: SummaryRepository;
}

/**
 * The latest generation of the period and the documents one can download now: its own when it is
 * ready, otherwise those of the latest ready generation (a running or failed one hides nothing).
 * A department token sees its own department's documents and the district's.
 */
export async function getSummary(deps: ReadDependencies, input: { period: Period; principal: Principal }) {
  const latest = await deps.summaries.latestGeneration(input.period);
  if (!latest) {
    throw new NotFoundError(`No summary of ${input.period} has been requested yet`, [
      { field: 'path.period', message: 'no summary yet' },
    ]);
  }
  const ready = latest.status === 'ready' ? latest : await deps.summaries.getReady(input.period);
  const scopes = ready ? await deps.summaries.listScopeDocuments(input.period, ready.generationId) : [];
  const documents = scopes
    .filter((scope) => mayReadScope(input.principal, scope.scope))
    .sort((a, b) =>
      a.scope === b.scope
        ? 0
        : a.scope === DISTRICT_SCOPE
          ? -1
          : b.scope === DISTRICT_SCOPE
            ? 1
            : a.scope < b.scope
              ? -1
              : 1,
    )
    .flatMap((scope) =>
      scope.documents.map((document) => ({
        scope: scope.scope,
        scopeName: scope.scopeName,
        format: document.format,
        sha256: document.sha256,
        bytes: document.bytes,
      })),
    );
  return {
    period: input.period,
    generationId: latest.generationId,
    status: latest.status,
    generatedAt: latest.generatedAt ?? null,
    startedAt: latest.startedAt,
    ...(latest.finishedAt ? { finishedAt: latest.finishedAt } : {}),
    ...(latest.reason ? { reason: latest.reason } : {}),
    // Batches done of those the generation was split into, once it has been split.
    ...(latest.progress ? { progress: { ...latest.progress } } : {}),
    documentsGenerationId: ready?.generationId ?? null,
    documentsGeneratedAt: ready?.generatedAt ?? null,
    documents,
  };
}

export type SummaryStatus = Awaited<ReturnType<typeof getSummary>>;

export interface DownloadDependencies {
  summaries: SummaryRepository;
  /** Only links are made: the function never reads or writes S3 itself. */
  documents: Pick<DocumentStore, 'presignGet'>;
  clock: Clock;
}

export interface DocumentLink {
  url: string;
  /** When the presigned URL stops working. */
  expiresAt: string;
}

/**
 * Input: period, scope and format of a document, and who asks.
 * Output: a presigned URL of the latest ready generation's document, valid five minutes, and its expiry.
 * `inline` (HTML only, which the contract checks) presigns for display in a browser instead of a download.
 * Primary course: 1. check the scope is the caller's to read; 2. find the latest ready generation and the
 * scope in it (never guessing S3 keys from the request); 3. presign with the download headers.
 */
export async function documentLink(
  deps: DownloadDependencies,
  input: {
    period: Period;
    scope: string;
    format: DocumentFormat;
    principal: Principal;
    disposition?: 'attachment' | 'inline';
  },
): Promise<DocumentLink> {
  if (!mayReadScope(input.principal, input.scope)) {
    throw new ForbiddenError('A department token may read its own department and the district only', [
      { field: 'path.scope', message: 'not this token’s department' },
    ]);
  }
  const ready = await deps.summaries.getReady(input.period);
  if (!ready) {
    throw new NotFoundError(`No summary of ${input.period} is ready`, [
      { field: 'path.period', message: 'none ready' },
    ]);
  }
  const scope = await deps.summaries.getScopeDocuments(input.period, ready.generationId, input.scope);
  if (!scope) {
    throw new NotFoundError(`The summary has no scope ${input.scope}`, [
      { field: 'path.scope', message: 'no such scope' },
    ]);
  }
  const document = scope.documents.find((candidate) => candidate.format === input.format);
  if (!document) {
    throw new NotFoundError(`No ${input.format} document`, [
      { field: 'path.format', message: 'not published' },
    ]);
  }
  const expiresAt = new Date(deps.clock().getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const url = await deps.documents.presignGet(document.key, {
    contentType: document.contentType,
    contentDisposition: contentDisposition(
      downloadFileName(scope.scopeName, input.period, input.format),
      input.disposition,
    ),
    expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS,
  });
  return { url, expiresAt };
}
