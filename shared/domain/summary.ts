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
  /** The same figure for the previous half-year; null when that period has no report of it. */
  previous: string | null;
  /** value − previous; null when previous is null. */
  change: string | null;
  byDepartment: { departmentId: string; value: string }[];
  /** Per week of the period, the sum of the values reported for that week (for trend charts). */
  weekly: { week: IsoWeek; value: string }[];
  /** The revisions this figure was computed from. */
  sources: SourceRef[];
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
  /** Metric ids of this theme, in catalog order (their figures are in `metrics`). */
  metrics: string[];
  highlights: Highlight[];
}

export interface Rankings {
  /** By on-time rate, best first; ties broken by more reports on time, then department id. */
  onTime: {
    rank: number;
    departmentId: string;
    name: string;
    onTimeRate: string | null;
    onTime: number;
    expected: number;
  }[];
  /** By number of highlights, most first; ties by department id. */
  highlights: { rank: number; departmentId: string; name: string; highlights: number }[];
}

export interface SummaryDocument {
  schemaVersion: 1;
  period: Period;
  /** "2023年上半年" */
  periodTitle: string;
  orgName: string;
  scope: Scope;
  /** orgName for the district; the department's name otherwise. */
  scopeName: string;
  generatedAt: string;
  /** True while the period is still running: the figures are "to date". */
  toDate: boolean;
  departments: DepartmentRef[];
  coverage: Coverage;
  metrics: MetricSummary[];
  themes: ThemeSummary[];
  rankings: Rankings;
  provenance: {
    /** Every revision that fed this document: the latest revision of each department-week in scope. */
    revisions: (SourceRef & { submittedAt: string; late: boolean })[];
    previousPeriod: Period;
  };
}
