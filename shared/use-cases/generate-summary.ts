/**
 * Summary generation, the coordinator: the generate-summary function's use case. It takes the period's
 * lock, reads the roster, splits it into batches and starts one render batch per slice (render-batch.ts),
 * which aggregate and render their departments; the last batch to finish builds the district's documents
 * and publishes. The coordinator itself renders nothing, so its time and memory grow only with the roster.
 */
import pLimit from 'p-limit';
import { sortRoster, type RosterEntry } from '../domain/coverage';
import { previousPeriod, weeksOfPeriod, type Deadline, type Period } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import { newGenerationId, scheduledPeriod, stagedContextKey, type ScheduleKind } from '../domain/generation';
import type { Department, ReportRevision } from '../domain/report';
import { DISTRICT_SCOPE, type EditorialText } from '../domain/summary';
import { AppError, ConflictError } from '../errors/app-error';
import { logger } from '../observability/logger';
import type { EventPublisher } from '../ports/events';
import type { DepartmentRepository, EditorialRepository, ReportRepository } from '../ports/repositories';
import type {
  BatchDispatcher,
  BatchRequest,
  DocumentStore,
  GenerationRecord,
  Heartbeat,
  SummaryRepository,
} from '../ports/summaries';
import type { Clock } from './clock';
import { announceFailure, failGeneration } from './generation-failure';
// Type only: the coordinator's bundle must not pull in the renderers that render-batch.ts imports.
import type { StagedContext } from './render-batch';
import { randomHex, STOPPED_REASON, takeLock } from './summaries';

/** Parallel DynamoDB queries, S3 uploads and Invoke calls: enough to hide latency, few enough to stay lean. */
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
  /** Starts the render batches. */
  batches: BatchDispatcher;
  /** Departments per batch. */
  batchSize: number;
  /** Where SummaryFailed goes when the coordinator itself fails; none in tests that do not care. */
  events?: EventPublisher;
}

export type GenerateEvent =
  | { source: 'api'; period: Period; generationId: string }
  | { source: 'schedule'; kind: ScheduleKind; scheduledTime?: string }
  | { source: 'schedule'; period: Period; scheduledTime?: string };

/**
 * Reads the latest revision of every department-week of the period and of the one before it: one
 * paginated Query of week heads per department, so reads and memory grow with departments × weeks, never
 * with the number of revisions. Each head carries its week's first-revision lateness (`firstLate`), which
 * is all coverage needs from the earlier revisions. (A render batch reads the same heads for its own
 * departments; this whole-roster form is what the benchmark's plain read measures.)
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

/** The roster in id order, cut into slices of `size`; an empty roster is one empty batch, which publishes. */
export function splitRoster(departments: Department[], size: number): RosterEntry[][] {
  const roster = sortRoster(departments).map(({ departmentId, name, activeFrom, order }): RosterEntry => ({
    departmentId,
    name,
    ...(activeFrom === undefined ? {} : { activeFrom }),
    ...(order === undefined ? {} : { order }),
  }));
  const slices: RosterEntry[][] = [];
  for (let start = 0; start < roster.length; start += size) slices.push(roster.slice(start, start + size));
  return slices.length > 0 ? slices : [[]];
}

function editorialText(editorial: Awaited<ReturnType<EditorialRepository['latest']>>): EditorialText | null {
  if (!editorial) return null;
  return {
    revision: editorial.revision,
    updatedAt: editorial.updatedAt,
    ...(editorial.overview !== undefined ? { overview: editorial.overview } : {}),
    ...(editorial.themes !== undefined ? { themes: editorial.themes } : {}),
    ...(editorial.nextSteps !== undefined ? { nextSteps: editorial.nextSteps } : {}),
  };
}

/**
 * Input: an asynchronous invocation from the summaries API, or a schedule tick.
 * Output: the generation as the coordinator leaves it (running with its progress, unless the batches were
 * quicker), or undefined when a scheduled run found the period's generation running already.
 * Primary course:
 *  1. Resolve the period (a schedule derives it from its time) and the generation (a schedule takes the
 *     lock itself; an API request arrives with the lock taken).
 *  2. Read the roster and the reviewer's latest editorial; stage the editorial for the district.
 *  3. Split the roster into batches, record progress {done: 0, total}, and start every batch
 *     asynchronously; the batches publish (render-batch.ts).
 * A failure records the generation as failed with a reason and leaves the previous ready one in place.
 */
export async function generateSummary(
  deps: GenerateDependencies,
  event: GenerateEvent,
  options: {
    /** When to give up: a little before the Lambda's own timeout, so a failure can still be recorded. */
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
  if (event.source === 'api') {
    const found = await deps.summaries.getGeneration(event.period, event.generationId);
    if (!found) throw new Error(`No generation ${event.generationId} of ${event.period}`);
    // A retried invocation of a generation that already ended must not start it a second time.
    if (found.status !== 'running')
      throw new Error(`Generation ${event.generationId} is ${found.status} already`);
    generation = found;
  } else {
    const at = event.scheduledTime ? new Date(event.scheduledTime) : deps.clock();
    const period = 'period' in event ? event.period : scheduledPeriod(event.kind, at, deps.deadline.timeZone);
    const now = deps.clock();
    const generationId = newGenerationId(now, randomHex());
    const lock = await takeLock(deps.summaries, deps.heartbeat, period, generationId, now);
    if (lock.stopped) await announceFailure(deps, lock.stopped, STOPPED_REASON);
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

  const { period, generationId } = generation;
  try {
    // One beat now tells the next request that this generation is alive; from here on the batches beat.
    if (!(await deps.summaries.heartbeat(period, generationId, deps.clock()))) {
      throw new AppError(
        409,
        'generation_taken_over',
        'The generation lost its lock to a newer one after its heartbeat stopped; the newer one decides',
      );
    }
    const generatedAt = deps.clock().toISOString();
    const [departments, editorial] = await Promise.all([
      deps.departments.list(),
      deps.editorials.latest(period),
    ]);
    checkTime();
    // The district's documents are published under the scope "district"; a department with that id would
    // overwrite them in S3 and in the manifest, so such a roster fails with a reason a reviewer can act on.
    if (departments.some((department) => department.departmentId === DISTRICT_SCOPE)) {
      throw new ConflictError(
        `A department has the id "${DISTRICT_SCOPE}", which is reserved for the district's documents`,
      );
    }
    const slices = splitRoster(departments, deps.batchSize);
    const context: StagedContext = { editorial: editorialText(editorial) };
    await deps.documents.put(
      stagedContextKey(period, generationId),
      Buffer.from(JSON.stringify(context), 'utf8'),
      'application/json; charset=utf-8',
    );
    if (!(await deps.summaries.startBatches(period, generationId, slices.length))) {
      // A retried coordinator finds its batches recorded; starting them again is harmless (a batch is
      // counted once), and covers a first attempt that died while starting them.
      const current = await deps.summaries.getGeneration(period, generationId);
      if (current?.status !== 'running' || current.progress?.total !== slices.length) {
        logger.info('The generation was split already or has ended', { period, generationId });
        return current;
      }
    }
    const limit = pLimit(IO_CONCURRENCY);
    await Promise.all(
      slices.map((departmentsOfBatch, batch) =>
        limit(async () => {
          checkTime();
          const request: BatchRequest = {
            period,
            generationId,
            generatedAt,
            batch,
            batches: slices.length,
            departments: departmentsOfBatch,
            scheduled: event.source === 'schedule',
          };
          await deps.batches.dispatch(request);
        }),
      ),
    );
    logger.info('Generation split into batches', { period, generationId, batches: slices.length });
    return await deps.summaries.getGeneration(period, generationId);
  } catch (error) {
    await failGeneration(deps, generation, error);
    throw error;
  }
}
