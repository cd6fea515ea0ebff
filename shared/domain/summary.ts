/**
 * The summary document: what a half-year aggregation produces for one scope (the district or one
 * department). It is published as JSON and is the only input of every other format (HTML, DOCX, Markdown),
 * so everything a rendered document shows must be here. All figures are exact decimal strings.
 */
import type { Aggregate } from './catalog';
import type { IsoWeek, Period } from './calendar';

export const DISTRICT_SCOPE = 'district';
export type Scope = string; // "district" or a department id

export interface DepartmentRef {
  departmentId: string;
  name: string;
  /** The department's place in the roster order, when the roster gives it one (see roster-order.ts). */
  order?: number;
}

/** One revision a figure was taken from. */
export interface SourceRef {
  departmentId: string;
  week: IsoWeek;
  revision: number;
}

export type WeekStatus = 'on-time' | 'late' | 'missing' | 'not-expected' | 'not-due';

export interface DepartmentCoverage extends DepartmentRef {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  /** onTime / expected as a decimal string with four places ("0.9615"); null when nothing was expected. */
  onTimeRate: string | null;
}

export interface Coverage {
  /** Weeks of the period that had ended when the summary was generated, in order. */
  weeksElapsed: IsoWeek[];
  expectedReports: number;
  submittedReports: number;
  onTimeReports: number;
  lateReports: number;
  missing: { departmentId: string; week: IsoWeek }[];
  byDepartment: DepartmentCoverage[];
  /** Department × week grid over every week of the period, for the heat map. */
  grid: { departmentId: string; weeks: { week: IsoWeek; status: WeekStatus; revision?: number }[] }[];
}

export interface MetricSummary {
  metric: string;
  theme: string;
  label: string;
  unit: string;
  aggregate: Aggregate;
  /** The scope's value for the period; "0" when nobody reported the metric. */
  value: string;
  /** Whether the catalog marks the figure as one of its theme's headline figures (the overview uses them). */
  headline: boolean;
  /** The catalog's sentence template for the figure ("{value}" stands for it), or null for label + value. */
  sentence: string | null;
  /** Like for like against the previous period; null when no department reported it in both periods. */
  comparison: Comparison | null;
  byDepartment: { departmentId: string; value: string }[];
  /** Per week of the period, the sum of the values reported for that week (for trend charts). */
  weekly: { week: IsoWeek; value: string }[];
  /** The revisions this figure was computed from. */
  sources: SourceRef[];
}

/**
 * A change against the previous period computed only over the departments that reported the metric in both
 * periods, so that a unit which started (or stopped) reporting does not show up as growth (or decline).
 */
export interface Comparison {
  /** The departments both figures are summed over, sorted by id. */
  basisDepartments: string[];
  /** This period's value over the basis (equal to `value` when every reporting department is in it). */
  current: string;
  previous: string;
  /** current − previous. */
  change: string;
  /** change / previous with four places ("0.2380", "-0.1100"); null when previous is not above zero. */
  changeRate: string | null;
}

export interface Highlight {
  departmentId: string;
  departmentName: string;
  week: IsoWeek;
  revision: number;
  title: string;
  detail?: string;
}

export interface ThemeSummary {
  theme: string;
  title: string;
  /** The heading the catalog gives the theme in the review ("凝心铸魂赋能\u3000政治建设迈上新高度"), or null. */
  displayTitle: string | null;
  /** Metric ids of this theme, in catalog order (their figures are in `metrics`). */
  metrics: string[];
  highlights: Highlight[];
}

export interface Rankings {
  /**
   * By on-time rate, best first; equal rates share a rank and are listed in roster order. Departments with
   * nothing expected (rate null) come last.
   */
  onTime: {
    rank: number;
    departmentId: string;
    name: string;
    onTimeRate: string | null;
    onTime: number;
    expected: number;
  }[];
}

/** The reviewer's own text, as stored by the editorial endpoint (district document only). */
export interface EditorialText {
  /** The editorial's revision the document was generated with. */
  revision: number;
  updatedAt: string;
  overview?: string;
  /** Theme id → the theme's lead text. */
  themes?: Record<string, string>;
  nextSteps?: string;
}

/** How complete the previous period's reports are, stated once beside the comparisons that rest on them. */
export interface PreviousCoverage {
  period: Period;
  expectedReports: number;
  submittedReports: number;
}

/** Raised whenever a field is renamed, removed or changes meaning, so readers of the JSON can tell. */
export const SUMMARY_SCHEMA_VERSION = 2;

export interface SummaryDocument {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  period: Period;
  /** "2023年上半年" */
  periodTitle: string;
  orgName: string;
  scope: Scope;
  /** orgName for the district; the department's name otherwise. */
  scopeName: string;
  generatedAt: string;
  /** The deployment's time zone (TIME_ZONE): dates and times in the rendered documents are read in it. */
  timeZone: string;
  /** True while the period is still running: the figures are "to date". */
  toDate: boolean;
  departments: DepartmentRef[];
  coverage: Coverage;
  previousCoverage: PreviousCoverage;
  metrics: MetricSummary[];
  themes: ThemeSummary[];
  rankings: Rankings;
  /** The reviewer's editorial used for this document; null when there is none (always, for departments). */
  editorial: EditorialText | null;
  provenance: {
    /** Every revision that fed this document: the latest revision of each department-week in scope. */
    revisions: (SourceRef & { submittedAt: string; late: boolean })[];
    previousPeriod: Period;
    /** How the document was made, in words: kept here rather than on the leadership copy. */
    note: string;
  };
}
