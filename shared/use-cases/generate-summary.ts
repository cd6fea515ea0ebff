/**
 * Summary generation: the aggregator's use case. Reads a half-year of revisions, aggregates them,
 * renders every format of every scope, uploads them with the manifest last, and only then publishes.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { aggregate, serializeSummary } from '../domain/aggregate';
import { periodKind, previousPeriod, weeksOfPeriod, type Deadline, type Period } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import { renderDocx, renderHtml, renderMarkdown, renderXlsx, type SourceReport } from '../domain/documents';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../domain/documents/formats';
import { renderShowcaseHtml, renderShowcaseMarkdown } from '../domain/documents/showcase';
import type { Notice } from '../domain/notifications/messages';
import {
  documentKey,
  generationPrefix,
  manifestKey,
  newGenerationId,
  scheduledPeriod,
  type ScheduleKind,
} from '../domain/generation';
import type { ReportRevision } from '../domain/report';
import { DISTRICT_SCOPE, type SummaryDocument } from '../domain/summary';
import { AppError, ConflictError } from '../errors/app-error';
import type { DepartmentRepository, EditorialRepository, ReportRepository } from '../ports/repositories';
import type {
  DocumentStore,
  GenerationRecord,
  Heartbeat,
  ScopeDocuments,
  StoredDocument,
  SummaryRepository,
} from '../ports/summaries';
import { logger } from '../observability/logger';
import type { Clock } from './clock';
import type { EventPublisher } from '../ports/events';
import { publishBestEffort } from './events';
import { periodPageUrl, postToGroups, type NotifyDependencies, type RetryPolicy } from './notifications';
import { failureReason, randomHex, recordFailure, takeLock } from './summaries';

/** Parallel DynamoDB queries and S3 uploads per generation: enough to hide latency, few enough to stay lean. */
export const IO_CONCURRENCY = 8;

export interface GenerateDependencies {
  summaries: SummaryRepository;
  documents: DocumentStore;
  departments: DepartmentRepository;
  reports: ReportRepository;
  editorials: Pick<EditorialRepository, 'latest'>;
  clock: Clock;
  catalog: Catalog;
  deadline: Deadline;
  orgName: string;
  heartbeat: Heartbeat;
  /** Where SummaryReady and SummaryFailed go; none in tests that do not care. */
  events?: EventPublisher;
  /** The group channels a scheduled week's showcase is posted to; none in tests that do not care. */
  notify?: NotifyDependencies;
}

/** A scheduled showcase post may take longer than an API request's deliveries. */
const SHOWCASE_RETRY: RetryPolicy = { budgetMs: 20_000, attempts: 4, backoffMs: 1_000 };

/**
 * Posts the week's showcase to every group channel, with a link to its page in the web app. Each
 * channel's outcome is recorded (kind "showcase"), so a repeated run does not post twice; a channel
 * that still fails is logged and recorded failed, and does not fail the generation, which is done.
 */
async function announceShowcase(notify: NotifyDependencies, district: SummaryDocument): Promise<void> {
  const channels = await notify.channels.list();
  const url = periodPageUrl(notify.webAppUrl(), district.period);
  const notice: Notice = {
    title: `周晒：${district.periodTitle}`,
    markdown: renderShowcaseMarkdown(district),
    ...(url ? { link: { text: '查看本周周晒', url } } : {}),
  };
  const outcomes = await Promise.all(
    postToGroups(notify, channels, { period: district.period, kind: 'showcase' }, notice, {
      resend: false,
      policy: SHOWCASE_RETRY,
    }),
  );
  logger.info('Weekly showcase posted', { period: district.period, deliveries: outcomes });
}

export type GenerateEvent =
  | { source: 'api'; period: Period; generationId: string }
  | { source: 'schedule'; kind: ScheduleKind; scheduledTime?: string }
  | { source: 'schedule'; period: Period; scheduledTime?: string };

/**
 * Reads the latest revision of every department-week of the period and of the one before it: one
 * paginated Query of week heads per department, so reads and memory grow with departments × weeks, never
 * with the number of revisions. Each head carries its week's first-revision lateness (`firstLate`), which
 * is all coverage needs from the earlier revisions.
 */
export async function readRevisions(
  deps: Pick<GenerateDependencies, 'departments' | 'reports'>,
  period: Period,
) {
  const departments = await deps.departments.list();
  const previousWeeks = weeksOfPeriod(previousPeriod(period));
  const weeks = weeksOfPeriod(period);
  const inPeriod = new Set(weeks);
  const limit = pLimit(IO_CONCURRENCY);
  const perDepartment = await Promise.all(
    departments.map((department) =>
      limit(() =>
        deps.reports.latestBetween(department.departmentId, previousWeeks[0]!, weeks[weeks.length - 1]!),
      ),
    ),
  );
  const reports: ReportRevision[] = [];
  const previousReports: ReportRevision[] = [];
  for (const revisions of perDepartment) {
    for (const revision of revisions)
      (inPeriod.has(revision.week) ? reports : previousReports).push(revision);
  }
  return { departments, reports, previousReports };
}

async function renderFormat(
  doc: SummaryDocument,
  format: DocumentFormat,
  sources: () => SourceReport[],
): Promise<Uint8Array> {
  // A week is published as the weekly showcase (周晒): short HTML and Markdown made for a phone.
  if (periodKind(doc.period) === 'week' && (format === 'html' || format === 'md')) {
    return Buffer.from(format === 'html' ? renderShowcaseHtml(doc) : renderShowcaseMarkdown(doc), 'utf8');
  }
  switch (format) {
    case 'json':
      return Buffer.from(serializeSummary(doc), 'utf8');
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(doc), 'utf8');
    case 'docx':
      return renderDocx(doc);
    case 'xlsx':
      return renderXlsx(doc, sources());
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
  reports: ReportRevision[],
  generatedAt: string,
  checkpoint: () => void,
): Promise<ScopeDocuments[]> {
  // The workbook lists every item of the revisions a document was computed from (its provenance).
  const byRef = new Map(
    reports.map((report) => [`${report.departmentId}|${report.week}|${report.revision}`, report]),
  );
  const sourcesOf = (doc: SummaryDocument): SourceReport[] =>
    doc.provenance.revisions.flatMap(
      (ref) => byRef.get(`${ref.departmentId}|${ref.week}|${ref.revision}`) ?? [],
    );
  const limit = pLimit(IO_CONCURRENCY);
  const formats = Object.keys(DOCUMENT_FORMATS) as DocumentFormat[];
  const scopes = await Promise.all(
    docs.map((doc) =>
      limit(async (): Promise<ScopeDocuments> => {
        checkpoint();
        const documents: StoredDocument[] = [];
        for (const format of formats) {
          const body = await renderFormat(doc, format, () => sourcesOf(doc));
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
 * Deletes the documents of the period's failed and superseded generations, keeping the one just published
 * and the one it replaced (a reader may be holding a link to that). Best effort: a generation that could
 * not be cleaned up is tried again after the next one, and publishing never waits on it.
 */
async function cleanUp(
  deps: Pick<GenerateDependencies, 'summaries' | 'documents' | 'clock'>,
  period: Period,
  keep: (string | undefined)[],
): Promise<void> {
  try {
    const generations = await deps.summaries.listGenerations(period);
    for (const generation of generations) {
      if (keep.includes(generation.generationId)) continue;
      if (generation.status === 'running' || generation.cleanedAt) continue;
      await deps.documents.deletePrefix(generationPrefix(period, generation.generationId));
      await deps.summaries.putGeneration(
        { ...generation, cleanedAt: deps.clock().toISOString() },
        generation.status,
      );
    }
  } catch (error) {
    logger.warn('Clean-up of old generations failed; the next generation tries again', {
      error: error as Error,
    });
  }
}

/**
 * Input: an asynchronous invocation from the summaries API, or a schedule tick.
 * Output: the generation, ready or failed.
 * Primary course:
 *  1. Resolve the period (a schedule derives it from its time) and the generation (a schedule takes the
 *     lock itself; an API request arrives with the lock taken).
 *  2. Read the roster, all revisions of the period and the previous one, and the reviewer's latest
 *     editorial; aggregate.
 *  3. Render and upload every document of every scope, then the manifest.
 *  4. Record the documents, mark the generation ready, move the READY pointer, release the lock.
 *  5. Delete the documents of failed and superseded generations (all but this one and the one before).
 * A failure records the generation as failed with a reason and leaves the previous ready one in place.
 */
export async function generateSummary(
  deps: GenerateDependencies,
  event: GenerateEvent,
  options: {
    /**
     * When to give up: set a little before the Lambda's own timeout, so that a generation that cannot
     * finish is recorded as failed (and its lock released) instead of showing as running until the lock
     * goes stale.
     */
    giveUpAt?: Date;
  } = {},
): Promise<GenerationRecord | undefined> {
  const checkTime = () => {
    if (options.giveUpAt && deps.clock().getTime() >= options.giveUpAt.getTime()) {
      throw new AppError(
        408,
        'generation_timed_out',
        'The generation did not finish within the aggregator’s time limit; request it again, or ask ops to raise the limit',
      );
    }
  };
  let generation: GenerationRecord;
  let takenOver = false;
  const checkpoint = () => {
    if (takenOver) {
      throw new AppError(
        409,
        'generation_taken_over',
        'The generation lost its lock to a newer one after its heartbeat stopped; the newer one decides',
      );
    }
    checkTime();
  };
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
    const lock = await takeLock(deps.summaries, deps.heartbeat, period, generationId, now);
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

  // The heartbeat tells the next request that this generation is alive; one that stops beating (out of
  // memory, killed) is taken over within HEARTBEATS_BEFORE_STALE intervals instead of a Lambda timeout.
  const { period: beatPeriod, generationId: beatId } = generation;
  const beat = async () => {
    if (!(await deps.summaries.heartbeat(beatPeriod, beatId, deps.clock()))) takenOver = true;
  };
  const timer = setInterval(() => void beat().catch(() => undefined), deps.heartbeat.intervalMs);
  timer.unref();

  try {
    await beat();
    const { period, generationId } = generation;
    const generatedAt = deps.clock();
    const [{ departments, reports, previousReports }, editorial] = await Promise.all([
      readRevisions(deps, period),
      deps.editorials.latest(period),
    ]);
    checkpoint();
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
      // The reviewer's framing of the district review, as it stands when the generation starts.
      ...(editorial
        ? {
            editorial: {
              revision: editorial.revision,
              updatedAt: editorial.updatedAt,
              ...(editorial.overview !== undefined ? { overview: editorial.overview } : {}),
              ...(editorial.themes !== undefined ? { themes: editorial.themes } : {}),
              ...(editorial.nextSteps !== undefined ? { nextSteps: editorial.nextSteps } : {}),
            },
          }
        : {}),
    });
    // A week's showcase is about what was done: a department that did not report that week gets no
    // document of its own (the district's lists it as missing), which keeps a weekly run small.
    const reported = new Set(reports.map((revision) => revision.departmentId));
    const departmentDocs =
      periodKind(period) === 'week'
        ? result.departments.filter((doc) => reported.has(doc.scope))
        : result.departments;
    const scopes = await publish(
      deps,
      period,
      generationId,
      [result.district, ...departmentDocs],
      reports,
      generatedAt.toISOString(),
      checkpoint,
    );
    checkpoint();
    await deps.summaries.putScopeDocuments(period, generationId, scopes);
    const ready: GenerationRecord = {
      ...generation,
      status: 'ready',
      generatedAt: generatedAt.toISOString(),
      finishedAt: deps.clock().toISOString(),
    };
    // Conditional: a generation that was taken over as dead meanwhile must not publish.
    if (!(await deps.summaries.putGeneration(ready, 'running'))) {
      takenOver = true;
      checkpoint();
    }
    const before = await deps.summaries.getReady(period);
    await deps.summaries.setReady({
      period,
      generationId,
      generatedAt: generatedAt.toISOString(),
      manifestKey: manifestKey(period, generationId),
    });
    await deps.summaries.release(period, generationId);
    await cleanUp(deps, period, [generationId, before?.generationId]);
    await publishBestEffort(
      deps.events,
      {
        type: 'SummaryReady',
        detail: {
          period,
          periodKind: periodKind(period),
          generationId,
          generatedAt: generatedAt.toISOString(),
          toDate: result.district.toDate,
          scopes: scopes.map((scope) => scope.scope),
          href: `/v1/summaries/${period}`,
        },
      },
      deps.clock(),
    );
    // The Monday run after the deadline posts the week it summarised; an API request only publishes.
    if (deps.notify && event.source === 'schedule' && periodKind(period) === 'week') {
      try {
        await announceShowcase(deps.notify, result.district);
      } catch (error) {
        logger.error('The weekly showcase could not be posted', { period, error });
      }
    }
    return ready;
  } catch (error) {
    const reason = failureReason(error);
    await recordFailure(deps.summaries, generation, deps.clock(), reason);
    await publishBestEffort(
      deps.events,
      {
        type: 'SummaryFailed',
        detail: {
          period: generation.period,
          periodKind: periodKind(generation.period),
          generationId: generation.generationId,
          reason,
        },
      },
      deps.clock(),
    );
    throw error;
  } finally {
    clearInterval(timer);
  }
}
