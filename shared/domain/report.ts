/**
 * Departments and their weekly reports, as stored: every accepted submission is one immutable revision.
 */
import type { IsoWeek, Period } from './calendar';

export interface Department {
  departmentId: string;
  name: string;
  /** The first week the department is expected to report; absent means "from the start of any period". */
  activeFrom?: IsoWeek;
  /** Place in the roster order (protocol order); departments without one follow by pinyin of the name. */
  order?: number;
  /** Where reminders to the department are e-mailed; none without it. */
  email?: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMetricValue {
  metric: string;
  /** Exact decimal string in the catalog's unit (no exponent, no binary floating point on the way). */
  value: string;
  unit: string;
}

export interface ReportItem {
  theme: string;
  title: string;
  detail?: string;
  highlight: boolean;
  metrics: StoredMetricValue[];
}

/**
 * Whether `candidate` replaces `current` as the latest revision of its department-week. The highest
 * revision number wins. Two stored revisions should never share a number; if they do, the later
 * submission (then the larger content hash) wins, so that input order can never change the result.
 * A status read from the week heads' index has no tie-breakers, and needs none: it is the one head of
 * its department-week.
 */
export function supersedes(candidate: ReportStatus, current: ReportStatus): boolean {
  if (candidate.revision !== current.revision) return candidate.revision > current.revision;
  const [later, earlier] = [candidate.submittedAt ?? '', current.submittedAt ?? ''];
  if (later !== earlier) return later > earlier;
  return (candidate.contentHash ?? '') > (current.contentHash ?? '');
}

/**
 * What coverage needs of a revision: which week it is, whether it was on time, and what decides which
 * revision is the latest (its number; the tie-breakers where they were read). Reading only these leaves
 * the items (nearly all of a revision's bytes) behind.
 */
export type ReportStatus = Pick<ReportRevision, 'departmentId' | 'week' | 'revision' | 'firstLate'> &
  Partial<Pick<ReportRevision, 'submittedAt' | 'contentHash'>>;

export interface ReportRevision {
  departmentId: string;
  week: IsoWeek;
  period: Period;
  /** 1, 2, … in submission order. */
  revision: number;
  /** ISO 8601 instant of this revision. */
  submittedAt: string;
  /** This revision arrived after the week's deadline. */
  late: boolean;
  /**
   * When the week's first revision arrived, and whether that was late. A report counts as on time when
   * its first revision made the deadline: a later correction does not turn a punctual report late.
   */
  firstSubmittedAt: string;
  firstLate: boolean;
  items: ReportItem[];
  /** sha256 of the canonical content; equal hashes mean an identical resubmission. */
  contentHash: string;
}
