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

/**
 * Beyond this many departments the district document carries the per-week counts of the coverage grid
 * instead of its department × week rows (a heat map of hundreds of rows is unreadable on a page, and the
 * rows would make the document grow with the roster); the full grid is in the provenance file.
 */
export const GRID_DEPARTMENTS_MAX = 100;

/**
 * At most this many highlights per theme in the district document. Which ones: each department's most
 * recent highlight in the theme first (so that one prolific unit cannot fill a theme), newest week first,
 * equal weeks in roster order, then item order; when fewer departments than this contributed, their
 * earlier highlights fill the rest in the same order. The chosen ones are then listed as before (by week,
 * department id, item order). The rule is a total order on candidates, so the best of a union is the best
 * of the best of its parts: a batch stages only its top candidates. Department documents list all of a
 * department's highlights; that is where the full list lives (see README "The bounded district document").
 */
export const HIGHLIGHTS_PER_THEME = 24;

/** How many of a theme's contributing units the district document names (in roster order), "等N个单位" after. */
export const NAMED_CONTRIBUTORS = 5;

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
  /** Expected reports that did not come (which ones: the grid rows, here or in the provenance file). */
  missingReports: number;
  byDepartment: DepartmentCoverage[];
  /** Per week of the period, how many departments' cells of the grid have each status (the bounded heat map). */
  weeks: WeekCoverage[];
  /**
   * Department × week grid over every week of the period, for the heat map; null in a district document
   * of more than GRID_DEPARTMENTS_MAX departments, whose full grid is in the provenance file.
   */
  grid: GridRow[] | null;
}

export interface GridRow {
  departmentId: string;
  weeks: { week: IsoWeek; status: WeekStatus; revision?: number }[];
}

export interface WeekCoverage {
  week: IsoWeek;
  onTime: number;
  late: number;
  missing: number;
  notExpected: number;
  notDue: number;
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
  /**
   * How many departments reported the figure at all (a reported zero counts). Which revisions it was
   * computed from is in the scope's provenance file.
   */
  reportingDepartments: number;
}

/**
 * A change against the previous period computed only over the departments that reported the metric in both
 * periods, so that a unit which started (or stopped) reporting does not show up as growth (or decline).
 */
export interface Comparison {
  /** How many departments both figures are summed over (which ones: `comparable` in the provenance file). */
  basisDepartmentCount: number;
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
  /**
   * The district's at most HIGHLIGHTS_PER_THEME chosen highlights, or all of a department's own; listed by
   * week, department id, item order.
   */
  highlights: Highlight[];
  /** How many highlights the scope has in the theme, listed or not. */
  highlightCount: number;
  /** How many departments contributed highlights to the theme. */
  contributors: number;
  /** The first NAMED_CONTRIBUTORS of them in roster order, for the lead's "甲、乙等N个单位". */
  namedContributors: DepartmentRef[];
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
export const SUMMARY_SCHEMA_VERSION = 3;

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
    /** The provenance file beside this document (`<scope>.provenance.json`, listed in the manifest). */
    file: string;
    /** How many revisions fed this document: the latest revision of each department-week in scope. */
    revisionCount: number;
    previousPeriod: Period;
    /** How the document was made, in words: kept here rather than on the leadership copy. */
    note: string;
  };
}

/** One revision that fed a document, as the provenance file lists it. */
export interface ProvenanceRevision {
  week: IsoWeek;
  revision: number;
  submittedAt: string;
  /** Whether the week's first revision was late (what coverage counts). */
  late: boolean;
}

/** Everything a scope document took from one department, in its provenance file. */
export interface ProvenanceDepartment {
  departmentId: string;
  /** The latest revision of each week the department reported, in week order. */
  revisions: ProvenanceRevision[];
  /**
   * Per reported metric (catalog order): the weeks whose revisions its value was taken from (every week
   * for a sum, one for latest and max), and whether the department is in the like-for-like comparison.
   */
  sources: { metric: string; weeks: IsoWeek[]; comparable: boolean }[];
  /** The department's row of the coverage grid: every week of the period. */
  grid: GridRow['weeks'];
}

/**
 * `<scope>.provenance.json`: where every figure of the scope's document came from, one entry per
 * department (sorted by id). Kept out of the document itself so that the district document stays bounded.
 * Highlights are not repeated here: each department's own document lists all of its highlights.
 */
export interface ProvenanceDocument {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  period: Period;
  scope: Scope;
  generatedAt: string;
  previousPeriod: Period;
  departments: ProvenanceDepartment[];
}
