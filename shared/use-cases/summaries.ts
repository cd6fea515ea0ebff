/**
 * Half-year summaries: request a generation, run it, report on it, hand out download links.
 */
import { createHash, randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import { aggregate, serializeSummary } from '../domain/aggregate';
import { hasStarted, previousPeriod, weeksOfPeriod, type Deadline, type Period } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import { renderDocx, renderHtml, renderMarkdown } from '../domain/documents';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../domain/documents/formats';
import {
  contentDisposition,
  documentKey,
  downloadFileName,
  manifestKey,
  newGenerationId,
  scheduledPeriod,
  type ScheduleKind,
} from '../domain/generation';
import type { ReportRevision } from '../domain/report';
import { DISTRICT_SCOPE, type SummaryDocument } from '../domain/summary';
import { DOWNLOAD_URL_TTL_SECONDS } from '../config/names';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/app-error';
import type { Principal } from '../http/principal';
import type { DepartmentRepository, ReportRepository } from '../ports/repositories';
import type {
  DocumentStore,
  GenerationRecord,
  GenerationTrigger,
  ScopeDocuments,
  StoredDocument,
  SummaryRepository,
} from '../ports/summaries';
import type { Clock } from './clock';

/** A generation that has held the lock this long has died with its Lambda (whose limit is 15 minutes). */
const STALE_AFTER_MS = 16 * 60 * 1000;
/** Parallel DynamoDB queries and S3 uploads per generation: enough to hide latency, few enough to stay lean. */
export const IO_CONCURRENCY = 8;

const randomHex = () => randomBytes(4).toString('hex');

export interface RequestDependencies {
  summaries: SummaryRepository;
  trigger: GenerationTrigger;
  clock: Clock;
  deadline: Deadline;
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
      { field: 'path.period', message: 'this half-year has not started yet' },
    ]);
  }
}

/** Words fit for a reviewer: an AppError's own message, otherwise nothing from the internals. */
function failureReason(error: unknown): string {
  if (error instanceof AppError && error.expose) return error.message;
  return 'The generation failed with an internal error; the aggregator log has the details';
}

async function recordFailure(
  summaries: SummaryRepository,
  generation: GenerationRecord,
  now: Date,
  reason: string,
): Promise<void> {
  await summaries.putGeneration({ ...generation, status: 'failed', finishedAt: now.toISOString(), reason });
  await summaries.release(generation.period, generation.generationId);
}

/** Takes the lock; a stale holder is recorded as failed so that it never shows as running again. */
async function takeLock(summaries: SummaryRepository, period: Period, generationId: string, now: Date) {
  const lock = await summaries.acquire(period, generationId, now, new Date(now.getTime() - STALE_AFTER_MS));
  if (lock.acquired && lock.replaced) {
    const stale = await summaries.getGeneration(period, lock.replaced);
    if (stale?.status === 'running') {
      await summaries.putGeneration({
        ...stale,
        status: 'failed',
        finishedAt: now.toISOString(),
        reason: 'The generation did not finish in time',
      });
    }
  }
  return lock;
}

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
  const lock = await takeLock(deps.summaries, input.period, generationId, now);
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
    await recordFailure(deps.summaries, generation, deps.clock(), 'The aggregator could not be started');
    throw error;
  }
  return { period: input.period, generationId, status: 'running', started: true };
}

export interface GenerateDependencies {
  summaries: SummaryRepository;
  documents: DocumentStore;
  departments: DepartmentRepository;
  reports: ReportRepository;
  clock: Clock;
  catalog: Catalog;
  deadline: Deadline;
  orgName: string;
}

export type GenerateEvent =
  | { source: 'api'; period: Period; generationId: string }
  | { source: 'schedule'; kind: ScheduleKind; scheduledTime?: string }
  | { source: 'schedule'; period: Period; scheduledTime?: string };

/** Reads every revision of the period and of the one before it: one paginated Query per department. */
export async function readRevisions(
  deps: Pick<GenerateDependencies, 'departments' | 'reports'>,
  period: Period,
) {
  const departments = await deps.departments.list();
  const previousWeeks = weeksOfPeriod(previousPeriod(period));
  const weeks = weeksOfPeriod(period);
  const limit = pLimit(IO_CONCURRENCY);
  const perDepartment = await Promise.all(
    departments.map((department) =>
      limit(() =>
        deps.reports.revisionsBetween(department.departmentId, previousWeeks[0]!, weeks[weeks.length - 1]!),
      ),
    ),
  );
  const reports: ReportRevision[] = [];
  const previousReports: ReportRevision[] = [];
  for (const revisions of perDepartment) {
    for (const revision of revisions) (revision.period === period ? reports : previousReports).push(revision);
  }
  return { departments, reports, previousReports };
}

async function renderFormat(doc: SummaryDocument, format: DocumentFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return Buffer.from(serializeSummary(doc), 'utf8');
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(doc), 'utf8');
    case 'docx':
      return renderDocx(doc);
  }
}

/**
 * Renders and uploads every format of every scope, then the manifest, last. Returns what was written.
 * Scopes are rendered a few at a time so that memory holds only the documents in flight.
 */
async function publish(
  deps: Pick<GenerateDependencies, 'documents'>,
  period: Period,
  generationId: string,
  docs: SummaryDocument[],
  generatedAt: string,
): Promise<ScopeDocuments[]> {
  const limit = pLimit(IO_CONCURRENCY);
  const formats = Object.keys(DOCUMENT_FORMATS) as DocumentFormat[];
  const scopes = await Promise.all(
    docs.map((doc) =>
      limit(async (): Promise<ScopeDocuments> => {
        const documents: StoredDocument[] = [];
        for (const format of formats) {
          const body = await renderFormat(doc, format);
          const key = documentKey(period, generationId, doc.scope, format);
          const { contentType } = DOCUMENT_FORMATS[format];
          await deps.documents.put(key, body, contentType);
          documents.push({
            format,
            key,
            sha256: createHash('sha256').update(body).digest('hex'),
            bytes: body.byteLength,
            contentType,
          });
        }
        return { scope: doc.scope, scopeName: doc.scopeName, documents };
      }),
    ),
  );
  const manifest = {
    period,
    generationId,
    generatedAt,
    documents: scopes.flatMap((scope) =>
      scope.documents.map(({ format, key, sha256, bytes, contentType }) => ({
        scope: scope.scope,
        format,
        key,
        sha256,
        bytes,
        contentType,
      })),
    ),
  };
  // The manifest is the last object of a generation: its presence says every document is in place.
  await deps.documents.put(
    manifestKey(period, generationId),
    Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'),
    'application/json; charset=utf-8',
  );
  return scopes;
}

/**
 * Input: an asynchronous invocation from the summaries API, or a schedule tick.
 * Output: the generation, ready or failed.
 * Primary course:
 *  1. Resolve the period (a schedule derives it from its time) and the generation (a schedule takes the
 *     lock itself; an API request arrives with the lock taken).
 *  2. Read the roster and all revisions of the period and the previous one; aggregate.
 *  3. Render and upload every document of every scope, then the manifest.
 *  4. Record the documents, mark the generation ready, move the READY pointer, release the lock.
 * A failure records the generation as failed with a reason and leaves the previous ready one in place.
 */
export async function generateSummary(
  deps: GenerateDependencies,
  event: GenerateEvent,
): Promise<GenerationRecord | undefined> {
  let generation: GenerationRecord;
  if (event.source === 'api') {
    const found = await deps.summaries.getGeneration(event.period, event.generationId);
    if (!found) throw new Error(`No generation ${event.generationId} of ${event.period}`);
    // A retried invocation of a generation that already ended must not publish it a second time.
    if (found.status !== 'running')
      throw new Error(`Generation ${event.generationId} is ${found.status} already`);
    generation = found;
  } else {
    const at = event.scheduledTime ? new Date(event.scheduledTime) : deps.clock();
    const period = 'period' in event ? event.period : scheduledPeriod(event.kind, at, deps.deadline.timeZone);
    const now = deps.clock();
    const generationId = newGenerationId(now, randomHex());
    const lock = await takeLock(deps.summaries, period, generationId, now);
    if (!lock.acquired) return undefined; // a generation of this period is running; its result will do
    generation = {
      period,
      generationId,
      status: 'running',
      requestedBy: 'schedule',
      startedAt: now.toISOString(),
    };
    await deps.summaries.putGeneration(generation);
  }

  try {
    const { period, generationId } = generation;
    const generatedAt = deps.clock();
    const { departments, reports, previousReports } = await readRevisions(deps, period);
    // The district's documents are published under the scope "district"; a department with that id would
    // overwrite them in S3 and in the manifest, so such a roster fails with a reason a reviewer can act on.
    if (departments.some((department) => department.departmentId === DISTRICT_SCOPE)) {
      throw new ConflictError(
        `A department has the id "${DISTRICT_SCOPE}", which is reserved for the district's documents`,
      );
    }
    const result = aggregate({
      period,
      orgName: deps.orgName,
      generatedAt,
      timeZone: deps.deadline.timeZone,
      catalog: deps.catalog,
      departments,
      reports,
      previousReports,
    });
    const scopes = await publish(
      deps,
      period,
      generationId,
      [result.district, ...result.departments],
      generatedAt.toISOString(),
    );
    await deps.summaries.putScopeDocuments(period, generationId, scopes);
    const ready: GenerationRecord = {
      ...generation,
      status: 'ready',
      generatedAt: generatedAt.toISOString(),
      finishedAt: deps.clock().toISOString(),
    };
    await deps.summaries.putGeneration(ready);
    await deps.summaries.setReady({
      period,
      generationId,
      generatedAt: generatedAt.toISOString(),
      manifestKey: manifestKey(period, generationId),
    });
    await deps.summaries.release(period, generationId);
    return ready;
  } catch (error) {
    await recordFailure(deps.summaries, generation, deps.clock(), failureReason(error));
    throw error;
  }
}

export interface ReadDependencies {
  summaries: SummaryRepository;
}

function mayRead(principal: Principal, scope: string): boolean {
  return principal.role !== 'department' || scope === DISTRICT_SCOPE || scope === principal.departmentId;
}

export function documentHref(period: Period, scope: string, format: DocumentFormat): string {
  return `/v1/summaries/${period}/documents/${encodeURIComponent(scope)}/${format}`;
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
    .filter((scope) => mayRead(input.principal, scope.scope))
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
        href: documentHref(input.period, scope.scope, document.format),
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
    documentsGenerationId: ready?.generationId ?? null,
    documentsGeneratedAt: ready?.generatedAt ?? null,
    documents,
  };
}

export interface DownloadDependencies {
  summaries: SummaryRepository;
  documents: DocumentStore;
}

/**
 * Input: period, scope and format of a document, and who asks.
 * Output: a presigned URL of the latest ready generation's document, valid five minutes.
 * Primary course: 1. check the scope is the caller's to read; 2. find the latest ready generation and the
 * scope in it (never guessing S3 keys from the request); 3. presign with the download headers.
 */
export async function documentLink(
  deps: DownloadDependencies,
  input: { period: Period; scope: string; format: DocumentFormat; principal: Principal },
): Promise<string> {
  if (!mayRead(input.principal, input.scope)) {
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
  return deps.documents.presignGet(document.key, {
    contentType: document.contentType,
    contentDisposition: contentDisposition(downloadFileName(scope.scopeName, input.period, input.format)),
    expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS,
  });
}
