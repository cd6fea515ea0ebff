/**
 * Weekly reports: submit a revision, read one, list a period.
 */
import type { CatalogIndex } from '../domain/catalog';
import {
  hasStarted,
  isLate,
  periodOfWeek,
  weekStart,
  weeksOfPeriod,
  type Deadline,
  type IsoWeek,
  type Period,
} from '../domain/calendar';
import { contentHash, normaliseItems, type SubmittedItem } from '../domain/report-content';
import type { ReportRevision } from '../domain/report';
import { MAX_REVISIONS_PER_WEEK, REPORT_PAGE } from '../config/names';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  ValidationError,
} from '../errors/app-error';
import { mayActFor, type Principal } from '../domain/access';
import {
  RevisionTakenError,
  RevisionTooLargeError,
  type DepartmentRepository,
  type ReportRepository,
} from '../ports/repositories';
import type { Clock } from './clock';
import type { EventPublisher } from '../ports/events';
import { publishBestEffort } from './events';

export interface ReportDependencies {
  reports: ReportRepository;
  departments: DepartmentRepository;
  catalog: CatalogIndex;
  deadline: Deadline;
  clock: Clock;
  /** Where ReportSubmitted goes; none in tests that do not care. */
  events?: EventPublisher;
}

/** Departments are never deleted, so a department once seen stays known for the life of the process. */
const knownDepartments = new Set<string>();

/**
 * A department token is only ever issued for an existing department, and departments are never deleted,
 * so its own department needs no lookup: that keeps a submit at two DynamoDB calls.
 */
async function requireDepartment(deps: ReportDependencies, departmentId: string, principal: Principal) {
  if (principal.role === 'department' && mayActFor(principal, departmentId)) return;
  if (knownDepartments.has(departmentId)) return;
  if (!(await deps.departments.get(departmentId))) {
    throw new NotFoundError(`Unknown department ${departmentId}`, [
      { field: 'path.departmentId', message: 'no such department' },
    ]);
  }
  knownDepartments.add(departmentId);
}

export interface SubmitReportInput {
  departmentId: string;
  week: IsoWeek;
  items: SubmittedItem[];
  submittedAt?: string;
  /** The revision named by If-Match, if any. */
  expectedRevision?: number;
  principal: Principal;
}

export interface SubmitReportOutput {
  report: ReportRevision;
  /** False when the content was identical to the latest revision and nothing was written. */
  created: boolean;
}

/** Concurrent submits of different content each get their own revision; give up after this many races. */
const MAX_ATTEMPTS = 100;

/** A short random pause after a lost race, so that racing writers spread out instead of colliding again. */
const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));

/**
 * Input: a department's report for one week.
 * Output: the revision that now stands, and whether this call created it.
 * Primary course:
 *  1. Check who may submit what (submittedAt is for admins importing history) and that the week has begun;
 *     a given submittedAt must lie between the week's start and now.
 *  2. Normalise the items against the catalog (unknown ids, units, precision are 400s).
 *  3. Read the latest revision; honour If-Match; return it unchanged if the content is identical.
 *  4. Write revision N+1 with a condition that the number is free; on a lost race, re-read and go again.
 *     A revision too large to store is a 413: normalisation can make stored text larger than the body.
 */
export async function submitReport(
  deps: ReportDependencies,
  input: SubmitReportInput,
): Promise<SubmitReportOutput> {
  const now = deps.clock();
  if (input.submittedAt !== undefined && input.principal.role !== 'admin') {
    throw new ForbiddenError('Only an admin may set submittedAt (to import history)', [
      { field: 'body.submittedAt', message: 'only an admin may set submittedAt' },
    ]);
  }
  if (!hasStarted(input.week, now, deps.deadline.timeZone)) {
    throw new ValidationError(`Week ${input.week} has not started yet`, [
      { field: 'path.week', message: 'this week has not started yet' },
    ]);
  }
  const submittedAt = input.submittedAt ? new Date(input.submittedAt) : now;
  if (submittedAt.getTime() > now.getTime()) {
    throw new ValidationError('submittedAt lies in the future', [
      { field: 'body.submittedAt', message: 'must not be in the future' },
    ]);
  }
  // A week may be reported once it has begun (imported history often was), never before.
  const start = weekStart(input.week, deps.deadline.timeZone);
  if (submittedAt.getTime() < start.toMillis()) {
    const message = `must not be before the week's start, ${start.toISO()}`;
    throw new ValidationError(`submittedAt lies before week ${input.week} began`, [
      { field: 'body.submittedAt', message },
    ]);
  }
  // The head's read, the first of a submit's three calls, travels while the body is normalised and
  // hashed, the most CPU a submit spends; its answer is used only once the body has passed. Nearly every
  // submit is a cold start, where that CPU is at its dearest (README "Cold start").
  const headRead = deps.reports.latest(input.departmentId, input.week);
  // A refused body leaves the read unawaited: its failure, if any, must not go unhandled.
  headRead.catch(() => undefined);
  const content = normaliseItems(input.items, deps.catalog);
  if (!content.ok) {
    throw new ValidationError(
      `Invalid report: ${content.faults.map((f) => f.field).join(', ')}`,
      content.faults,
    );
  }
  await requireDepartment(deps, input.departmentId, input.principal);
  const hash = contentHash(content.items);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const latest = await (attempt === 0 ? headRead : deps.reports.latest(input.departmentId, input.week));
    if (input.expectedRevision !== undefined && (latest?.revision ?? 0) !== input.expectedRevision) {
      throw new PreconditionFailedError(
        `The latest revision is ${latest?.revision ?? 'none'}, not ${input.expectedRevision}`,
        [{ field: 'header.if-match', message: `latest revision is ${latest?.revision ?? 'none'}` }],
      );
    }
    const sameTime = input.submittedAt === undefined || latest?.submittedAt === submittedAt.toISOString();
    if (latest && latest.contentHash === hash && sameTime) return { report: latest, created: false };
    if (latest && latest.revision >= MAX_REVISIONS_PER_WEEK) {
      throw new ConflictError(
        `${input.departmentId} ${input.week} has ${latest.revision} revisions, the most a week may have; ` +
          'ask an admin if this week really needs another correction',
        [{ field: 'path.week', message: `at most ${MAX_REVISIONS_PER_WEEK} revisions per week` }],
      );
    }

    const late = isLate(input.week, submittedAt, deps.deadline);
    const revision: ReportRevision = {
      departmentId: input.departmentId,
      week: input.week,
      period: periodOfWeek(input.week),
      revision: (latest?.revision ?? 0) + 1,
      submittedAt: submittedAt.toISOString(),
      late,
      firstSubmittedAt: latest?.firstSubmittedAt ?? submittedAt.toISOString(),
      firstLate: latest?.firstLate ?? late,
      items: content.items,
      contentHash: hash,
    };
    try {
      await deps.reports.create(revision);
      await publishBestEffort(
        deps.events,
        {
          type: 'ReportSubmitted',
          detail: {
            departmentId: revision.departmentId,
            week: revision.week,
            period: revision.period,
            revision: revision.revision,
            submittedAt: revision.submittedAt,
            late: revision.late,
            onTime: !revision.firstLate,
          },
        },
        deps.clock(),
      );
      return { report: revision, created: true };
    } catch (error) {
      if (error instanceof RevisionTooLargeError) {
        throw new PayloadTooLargeError(
          `The report would take ${error.bytes} bytes when stored, more than the ${error.maxBytes} ` +
            'allowed (text can grow when normalised to NFC); shorten titles or details',
        );
      }
      if (!(error instanceof RevisionTakenError)) throw error;
      // With If-Match the caller asked for exactly this successor; somebody else wrote it first.
      if (input.expectedRevision !== undefined) {
        throw new PreconditionFailedError(`Revision ${revision.revision} was written concurrently`, [
          { field: 'header.if-match', message: 'the report changed while this submit was in flight' },
        ]);
      }
      // Usually a concurrent submit whose head is already in place; if that submit died before moving the
      // head, this moves it, so the next attempt reads the real latest revision.
      await deps.reports.repairHead(input.departmentId, input.week);
      await backOff(attempt + 1);
    }
  }
  throw new Error(
    `Gave up after ${MAX_ATTEMPTS} concurrent revisions of ${input.departmentId} ${input.week}`,
  );
}

export async function getReport(
  deps: ReportDependencies,
  input: { departmentId: string; week: IsoWeek; revision?: number; principal: Principal },
): Promise<ReportRevision> {
  await requireDepartment(deps, input.departmentId, input.principal);
  const report =
    input.revision === undefined
      ? await deps.reports.latest(input.departmentId, input.week)
      : await deps.reports.get(input.departmentId, input.week, input.revision);
  if (!report) {
    const what = input.revision === undefined ? 'No report' : `No revision ${input.revision}`;
    throw new NotFoundError(`${what} for ${input.departmentId} in ${input.week}`, [
      { field: input.revision === undefined ? 'path.week' : 'query.revision', message: 'not found' },
    ]);
  }
  return report;
}

export interface ReportPage {
  reports: ReportRevision[];
  /** Opaque; pass it back as `nextToken` for the next page. Absent on the last page. */
  nextToken?: string;
}

const NEXT_TOKEN_PATTERN = /^\d{4}-W\d{2}$/;

/** The week a nextToken stands for; a token that is not one of ours is the caller's fault. */
function decodeNextToken(token: string, weeks: IsoWeek[]): IsoWeek {
  const week = Buffer.from(token, 'base64url').toString('utf8');
  if (!NEXT_TOKEN_PATTERN.test(week) || !weeks.includes(week)) {
    throw new ValidationError('nextToken is not one this listing returned', [
      { field: 'query.nextToken', message: 'not a token from a previous page of this period' },
    ]);
  }
  return week;
}

/**
 * Input: a department, a period and a page (limit, nextToken).
 * Output: the latest revision of each reported week of the period, in week order, a page at a time.
 * Pages are bounded by count and by bytes, so that a page of large reports fits a Lambda response.
 */
export async function listReports(
  deps: ReportDependencies,
  input: { departmentId: string; period: Period; principal: Principal; limit?: number; nextToken?: string },
): Promise<ReportPage> {
  await requireDepartment(deps, input.departmentId, input.principal);
  const weeks = weeksOfPeriod(input.period);
  const page = await deps.reports.latestPage({
    departmentId: input.departmentId,
    first: weeks[0]!,
    last: weeks[weeks.length - 1]!,
    limit: input.limit ?? REPORT_PAGE.defaultLimit,
    after: input.nextToken === undefined ? undefined : decodeNextToken(input.nextToken, weeks),
    maxBytes: REPORT_PAGE.maxBytes,
  });
  return {
    reports: page.reports,
    ...(page.next ? { nextToken: Buffer.from(page.next, 'utf8').toString('base64url') } : {}),
  };
}
