/**
 * The storage the use cases need, as interfaces. shared/adapters/dynamodb implements them; unit tests
 * may pass fakes.
 */
import type { IsoWeek } from '../domain/calendar';
import type { EditorialRevision } from '../domain/editorial';
import type { Department, ReportRevision, ReportStatus } from '../domain/report';
import type { Role } from '../domain/access';

export interface DepartmentInput {
  departmentId: string;
  name: string;
  activeFrom?: IsoWeek;
  email?: string;
  order?: number;
}

export interface DepartmentRepository {
  get(departmentId: string): Promise<Department | undefined>;
  /** Creates or replaces; `created` tells which. The creation time of an existing department is kept. */
  upsert(input: DepartmentInput, now: Date): Promise<{ department: Department; created: boolean }>;
  list(): Promise<Department[]>;
}

export interface TokenRecord {
  tokenId: string;
  /** sha256 of the secret, hex; the secret itself is never stored. */
  secretHash: string;
  role: Role;
  departmentId?: string;
  label?: string;
  createdAt: string;
  /** Absent on tokens issued before tokens could expire: those never do. */
  expiresAt?: string;
  revokedAt?: string;
}

/** What a token listing shows: everything but the hash. */
export type ListedToken = Omit<TokenRecord, 'secretHash'>;

/** Where a page of the token listing ends; the next page starts after it. */
export interface TokenCursor {
  createdAt: string;
  tokenId: string;
}

export interface TokenPage {
  tokens: ListedToken[];
  /** Set when there may be more. */
  next?: TokenCursor;
}

export interface TokenRepository {
  /** Fails with ConflictError when the id exists already. Also lists the token. */
  create(record: TokenRecord): Promise<void>;
  get(tokenId: string): Promise<TokenRecord | undefined>;
  /** Returns false when there is no such token. Revoking twice is harmless. */
  revoke(tokenId: string, now: Date): Promise<boolean>;
  /** Tokens oldest first, `limit` at a time, starting after `after`. */
  list(limit: number, after?: TokenCursor): Promise<TokenPage>;
}

/** All the authorizer needs: it only ever looks a token up. */
export type TokenReader = Pick<TokenRepository, 'get'>;

/** Thrown by ReportRepository.create when that revision number was taken by a concurrent submit. */
export class RevisionTakenError extends Error {
  constructor(
    readonly departmentId: string,
    readonly week: IsoWeek,
    readonly revision: number,
  ) {
    super(`Revision ${revision} of ${departmentId} ${week} exists already`);
    this.name = 'RevisionTakenError';
  }
}

/** The revision is larger than the store can hold as one item; nothing was written. */
export class RevisionTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`The revision takes ${bytes} bytes in the store, more than the ${maxBytes} an item may hold`);
    this.name = 'RevisionTooLargeError';
  }
}

export interface LatestPageRequest {
  departmentId: string;
  first: IsoWeek;
  last: IsoWeek;
  /** At most this many weeks. */
  limit: number;
  /** Start after this week (the `next` of the previous page). */
  after?: IsoWeek;
  /** Stop before the page's reports pass this many bytes of JSON (a page holds at least one report). */
  maxBytes: number;
}

export interface LatestPage {
  reports: ReportRevision[];
  /** The week to pass as `after` for the next page; absent on the last page. */
  next?: IsoWeek;
}

export interface ReportRepository {
  /** The latest revision of the week (its head), read consistently. */
  latest(departmentId: string, week: IsoWeek): Promise<ReportRevision | undefined>;
  get(departmentId: string, week: IsoWeek, revision: number): Promise<ReportRevision | undefined>;
  /**
   * Writes a new revision only if that revision number is free, then moves the week's head to it;
   * throws RevisionTakenError when the number was taken, and RevisionTooLargeError, before writing
   * anything, if the store cannot hold it.
   */
  create(revision: ReportRevision): Promise<void>;
  /**
   * Moves the week's head to its newest stored revision. A submit that died between writing a revision and
   * its head leaves the head behind; the next submit of the week finds the number taken and calls this.
   */
  repairHead(departmentId: string, week: IsoWeek): Promise<void>;
  /** The latest revision of each of the department's weeks from `first` to `last` inclusive, in week order. */
  latestBetween(departmentId: string, first: IsoWeek, last: IsoWeek): Promise<ReportRevision[]>;
  /** The same without the items: all that coverage reads (in week order). */
  statusesBetween(departmentId: string, first: IsoWeek, last: IsoWeek): Promise<ReportStatus[]>;
  /**
   * The latest status of every department's weeks from `first` to `last` inclusive (weeks of one period),
   * whichever departments have any, in one read. Eventually consistent, unlike the per-department reads:
   * a submit of the last second or so may be missing.
   */
  statusesOfRoster(first: IsoWeek, last: IsoWeek): Promise<ReportStatus[]>;
  /** The same, a page at a time, bounded by count and bytes. */
  latestPage(request: LatestPageRequest): Promise<LatestPage>;
  /**
   * Which of `departmentIds` have reported `week` (have a week head, as `latest` reads it), read
   * consistently without the reports themselves. Throws rather than leave out a department it could not read: to a reminder,
   * a department left out is one that did not report.
   */
  reportedIn(week: IsoWeek, departmentIds: readonly string[]): Promise<Set<string>>;
}

/**
 * What keeps the week heads true to the revisions, for the ops command that repairs them: revisions
 * stored before heads existed (the first release), or a head some failure left behind, are found and
 * rolled forward without touching a revision.
 */
export interface WeekHeadMaintenance {
  /** The department's weeks whose head is missing or shows an older revision than the newest stored. */
  staleHeadWeeks(departmentId: string): Promise<IsoWeek[]>;
  /** As ReportRepository.repairHead: moves the head to the newest stored revision, under a condition. */
  repairHead(departmentId: string, week: IsoWeek): Promise<void>;
}

/** Thrown by EditorialRepository.create when that revision number was taken by a concurrent PUT. */
export class EditorialRevisionTakenError extends Error {
  constructor(
    readonly period: string,
    readonly revision: number,
  ) {
    super(`Revision ${revision} of the editorial of ${period} exists already`);
    this.name = 'EditorialRevisionTakenError';
  }
}

export interface EditorialRepository {
  /** The latest revision, read consistently (it feeds If-Match and the identical-PUT check). */
  latest(period: string): Promise<EditorialRevision | undefined>;
  /** Writes a new revision only if that number is free; throws EditorialRevisionTakenError otherwise. */
  create(revision: EditorialRevision): Promise<void>;
}
