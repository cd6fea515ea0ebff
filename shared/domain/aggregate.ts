/**
 * Half-year aggregation: weekly report revisions in, one summary document per scope out (the district and
 * each department).
 *
 * Input: the period, the roster, the catalog, every revision of the period and of the previous half-year,
 * and the clock (`generatedAt`) with the deployment's time zone, which together say which weeks are over.
 * Output: the district document and one document per roster department, sorted by department id.
 * Primary course:
 *   1. Index the revisions once: for each roster department and week of the period, the latest revision.
 *   2. For each department, one pass over its latest revisions yields its metric figures (week totals,
 *      period value, source weeks), its coverage and grid row, and its highlights; the previous half-year
 *      is indexed and folded the same way.
 *   3. Every scope document is assembled from those per-department figures: the district adds up all of
 *      them, a department document takes its own. Nothing is re-aggregated from revisions per scope.
 *
 * The function is pure and deterministic: the same inputs in any order give deep-equal documents whose
 * keys are always in the order of the SummaryDocument interface, so serializeSummary yields the same bytes.
 */
import { hasEnded, periodTitle, previousPeriod, weeksOfPeriod } from './calendar';
import { zoneTable } from './zone-table';
import type { IsoWeek, Period } from './calendar';
import type { Catalog, MetricDefinition } from './catalog';
import { DateTime } from 'luxon';
import { ExactDecimal, ZERO, parseDecimal, ratioToFourPlaces, toDecimalString } from './decimal';
import type { Department, ReportRevision } from './report';
import { compareRoster } from './roster-order';
import {
  compareText,
  departmentCoverage,
  indexLatestRevisions,
  sortRoster,
  type LatestByWeek,
  type RosterEntry,
} from './coverage';
import { DOCUMENT_FORMATS } from './documents/formats';
import {
  DISTRICT_SCOPE,
  GRID_DEPARTMENTS_MAX,
  HIGHLIGHTS_PER_THEME,
  NAMED_CONTRIBUTORS,
  SUMMARY_SCHEMA_VERSION,
} from './summary';
import type {
  Comparison,
  DepartmentCoverage,
  DepartmentRef,
  EditorialText,
  GridRow,
  Highlight,
  MetricSummary,
  ProvenanceDepartment,
  ProvenanceDocument,
  ProvenanceRevision,
  Rankings,
  SummaryDocument,
  WeekCoverage,
  WeekStatus,
} from './summary';

export interface AggregationInput {
  period: Period;
  orgName: string;
  /** The clock: when the summary is generated. */
  generatedAt: Date;
  /** The deployment's time zone, which decides when a week has ended. */
  timeZone: string;
  catalog: Catalog;
  /** The roster. */
  departments: Department[];
  /** Revisions of the period: any number per department-week, in any order. */
  reports: ReportRevision[];
  /** Revisions of the previous half-year, same shape. */
  previousReports: ReportRevision[];
  /** The reviewer's editorial, which only the district document carries. */
  editorial?: EditorialText;
}

export interface AggregationResult {
  district: SummaryDocument;
  /** One per roster department, sorted by departmentId. */
  departments: SummaryDocument[];
  /** The provenance file of each scope, in the same order. */
  provenance: { district: ProvenanceDocument; departments: ProvenanceDocument[] };
}

/** Stable bytes: the same document always serialises identically, which keeps published files diffable. */
export function serializeSummary(doc: SummaryDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * What a scope document needs of a department-week's latest revision once the figures are computed: which
 * revision it was and when it came. The items themselves stay with the batch that read them.
 */
export interface WeekRef {
  week: IsoWeek;
  revision: number;
  submittedAt: string;
  firstLate: boolean;
}

/** One department's figures for one metric over one period. */
interface MetricFigures {
  /** Whether any latest revision reported the metric at all (a reported "0" counts). */
  reported: boolean;
  /** Per week index, the total the department reported that week; a hole where it did not report it. */
  weekTotals: readonly (ExactDecimal | undefined)[];
  value: ExactDecimal;
  /** `value` in published form, computed once because the district and the department document both show it. */
  valueText: string;
  /** Week indexes whose revisions the value was taken from, ascending. */
  sourceWeeks: readonly number[];
}

interface HighlightEntry {
  themeIndex: number;
  weekIndex: number;
  revision: number;
  title: string;
  detail?: string;
}

/**
 * Everything the scope documents need from one department, computed in one pass over its revisions: the
 * map step of a generation. A district document is the reduce over all departments' figures.
 */
export interface DepartmentFigures {
  ref: DepartmentRef;
  latest: (WeekRef | undefined)[];
  metrics: MetricFigures[];
  previous: MetricFigures[];
  /** Expected and submitted reports of the previous period (all its weeks have ended). */
  previousCoverage: { expected: number; submitted: number };
  coverage: DepartmentCoverage;
  grid: GridRow;
  missingWeeks: IsoWeek[];
  /** In week order, then item order. */
  highlights: HighlightEntry[];
}

/** What every scope of one run shares. */
export interface RunContext {
  period: Period;
  periodTitle: string;
  orgName: string;
  generatedAt: string;
  timeZone: string;
  toDate: boolean;
  weeks: IsoWeek[];
  weeksElapsed: IsoWeek[];
  catalog: Catalog;
  metricIdsByTheme: string[][];
  previousPeriod: Period;
  previousWeeks: IsoWeek[];
  /** Per week of the period, whether it had ended at generatedAt. */
  elapsed: boolean[];
  metricIndex: ReadonlyMap<string, number>;
  themeIndex: ReadonlyMap<string, number>;
}

/** What a run is about, before any report is read. */
export interface RunSettings {
  period: Period;
  orgName: string;
  /** The clock: when the summary is generated. */
  generatedAt: Date;
  /** The deployment's time zone, which decides when a week has ended. */
  timeZone: string;
  catalog: Catalog;
}

/**
 * The context every scope of a run shares: weeks, which of them have ended, catalog indexes. Computed once
 * per run by whoever splits the work, and again (identically) by every batch from the same settings.
 */
export function runContext(settings: RunSettings): RunContext {
  const { period, catalog, timeZone, generatedAt } = settings;
  const weeks = weeksOfPeriod(period);
  const lastWeek = weeks[weeks.length - 1];
  if (!lastWeek) throw new RangeError(`Period ${period} has no weeks`);
  // An unknown zone would make every week "not ended" without complaint; say so instead.
  zoneTable(timeZone); // RangeError for an unknown zone
  const previous = previousPeriod(period);
  const elapsed = weeks.map((week) => hasEnded(week, generatedAt, timeZone));
  return {
    period,
    periodTitle: periodTitle(period),
    orgName: settings.orgName,
    generatedAt: generatedAt.toISOString(),
    timeZone,
    toDate: !hasEnded(lastWeek, generatedAt, timeZone),
    weeks,
    weeksElapsed: weeks.filter((_, w) => elapsed[w]),
    catalog,
    metricIdsByTheme: catalog.themes.map((theme) =>
      catalog.metrics.filter((metric) => metric.theme === theme.id).map((metric) => metric.id),
    ),
    previousPeriod: previous,
    previousWeeks: weeksOfPeriod(previous),
    elapsed,
    metricIndex: new Map(catalog.metrics.map((metric, index) => [metric.id, index])),
    themeIndex: new Map(catalog.themes.map((theme, index) => [theme.id, index])),
  };
}

/**
 * The map step: one department's figures from its revisions of the period and of the previous one (any
 * number per week, in any order; revisions of other departments or other weeks are ignored).
 */
export function departmentFigures(
  context: RunContext,
  department: RosterEntry,
  reports: ReportRevision[],
  previousReports: ReportRevision[],
): DepartmentFigures {
  const only = new Map([[department.departmentId, 0]]);
  const current = indexLatestRevisions(reports, only, context.weeks)[0] ?? [];
  const before = indexLatestRevisions(previousReports, only, context.previousWeeks)[0] ?? [];
  // The previous period is over whenever this one is generated, so all its weeks count as expected.
  const allEnded = context.previousWeeks.map(() => true);
  const previousCoverage = departmentCoverage(department, before, context.previousWeeks, allEnded).coverage;
  const { metrics } = context.catalog;
  const { metricIndex } = context;
  return {
    ref: {
      departmentId: department.departmentId,
      name: department.name,
      ...(department.order === undefined ? {} : { order: department.order }),
    },
    latest: Array.from(current, (revision) =>
      revision
        ? {
            week: revision.week,
            revision: revision.revision,
            submittedAt: revision.submittedAt,
            firstLate: revision.firstLate,
          }
        : undefined,
    ),
    metrics: metricFigures(current, context.weeks.length, metrics, metricIndex),
    previous: metricFigures(before, context.previousWeeks.length, metrics, metricIndex),
    previousCoverage: { expected: previousCoverage.expected, submitted: previousCoverage.submitted },
    ...departmentCoverage(department, current, context.weeks, context.elapsed),
    highlights: highlightEntries(current, context.themeIndex),
  };
}

/** The reduce step: the district's document from the merged parts of every roster department. */
export function districtDocument(
  context: RunContext,
  part: ScopePart,
  editorial: EditorialText | null,
): SummaryDocument {
  return buildDocument(context, DISTRICT_SCOPE, context.orgName, part, editorial);
}

/** A department's own document from its figures: the same model, over a part of one department. */
export function departmentDocument(context: RunContext, figures: DepartmentFigures): SummaryDocument {
  const part = scopePart(context, [figures], { highlightLimit: Number.POSITIVE_INFINITY });
  return buildDocument(context, figures.ref.departmentId, figures.ref.name, part, null);
}

/** Map then reduce in one process: every scope of a run at once, with their provenance files. */
export function aggregate(input: AggregationInput): AggregationResult {
  const context = runContext(input);
  const roster = sortRoster(input.departments);
  const byDepartment = (revisions: ReportRevision[]) => {
    const grouped = new Map<string, ReportRevision[]>();
    for (const revision of revisions) {
      const list = grouped.get(revision.departmentId);
      if (list) list.push(revision);
      else grouped.set(revision.departmentId, [revision]);
    }
    return grouped;
  };
  const current = byDepartment(input.reports);
  const previous = byDepartment(input.previousReports);
  const figures = roster.map((department) =>
    departmentFigures(
      context,
      department,
      current.get(department.departmentId) ?? [],
      previous.get(department.departmentId) ?? [],
    ),
  );
  return {
    district: districtDocument(context, scopePart(context, figures), input.editorial ?? null),
    departments: figures.map((member) => departmentDocument(context, member)),
    provenance: {
      district: provenanceDocument(
        context,
        DISTRICT_SCOPE,
        figures.map((member) => provenanceEntry(context, member)),
      ),
      departments: figures.map((member) =>
        provenanceDocument(context, member.ref.departmentId, [provenanceEntry(context, member)]),
      ),
    },
  };
}

/** A highlight as staged: the highlight and what the selection rule (HIGHLIGHTS_PER_THEME) orders it by. */
export interface HighlightCandidate {
  /** 0 for the department's most recent highlight in the theme, 1 for the one before it, and so on. */
  departmentRank: number;
  weekIndex: number;
  /** The highlight's place among its department's highlights (week order, then item order). */
  itemIndex: number;
  /** The department's roster order, when it has one. */
  order?: number;
  highlight: Highlight;
}

/**
 * What a scope document needs of a set of departments, in a form that merges: counts and exact sums add
 * up, per-department rows (the appendix) concatenate, and the bounded lists (highlights, named
 * contributors) keep the best of their union, so a part of 50 departments and the merge of 200 such parts
 * are the same kind of thing and the same size but for the appendix rows. JSON throughout (decimals as
 * exact strings): a batch stages its part in S3 and the reduce merges the parts as they come.
 */
export interface ScopePart {
  /** Sorted by id, like every per-department array below. */
  departments: DepartmentRef[];
  coverage: {
    expected: number;
    submitted: number;
    onTime: number;
    late: number;
    missing: number;
    byDepartment: DepartmentCoverage[];
    weeks: WeekCoverage[];
    /** Null once the part holds more than GRID_DEPARTMENTS_MAX departments (a bounded district). */
    grid: GridRow[] | null;
  };
  previousCoverage: DepartmentFigures['previousCoverage'];
  metrics: {
    reporting: number;
    value: string;
    /** Per week index, the sum reported that week; null where nobody reported it. */
    weekly: (string | null)[];
    /** The like-for-like basis: how many departments, and their sums in this and the previous period. */
    basis: number;
    basisCurrent: string;
    basisPrevious: string;
    byDepartment: MetricSummary['byDepartment'];
  }[];
  themes: {
    /** The best candidates by the selection rule, at most `highlightLimit` of them. */
    candidates: HighlightCandidate[];
    highlightCount: number;
    contributors: number;
    /** The first NAMED_CONTRIBUTORS contributing departments in roster order. */
    namedContributors: DepartmentRef[];
  }[];
  revisions: {
    count: number;
    /** Departments with at least one revision in the period. */
    departments: number;
    /** Per week index, how many departments reported that week. */
    weeks: number[];
  };
}

export interface ScopePartOptions {
  /** How many highlights per theme the part keeps; the district's bound unless stated. */
  highlightLimit?: number;
}

const EMPTY_WEEK_COUNTS = { onTime: 0, late: 0, missing: 0, notExpected: 0, notDue: 0 } as const;

const STATUS_COUNTER: Record<WeekStatus, keyof typeof EMPTY_WEEK_COUNTS> = {
  'on-time': 'onTime',
  late: 'late',
  missing: 'missing',
  'not-expected': 'notExpected',
  'not-due': 'notDue',
};

/** The part of the given departments (any order; each department once). */
export function scopePart(
  context: RunContext,
  members: DepartmentFigures[],
  options: ScopePartOptions = {},
): ScopePart {
  const sorted = [...members].sort((a, b) => compareText(a.ref.departmentId, b.ref.departmentId));
  const limit = options.highlightLimit ?? HIGHLIGHTS_PER_THEME;
  const weeks = context.weeks.map((week) => ({ week, ...EMPTY_WEEK_COUNTS }));
  for (const member of sorted) {
    member.grid.weeks.forEach((cell, w) => {
      const counts = weeks[w];
      if (counts) counts[STATUS_COUNTER[cell.status]] += 1;
    });
  }
  const revisionWeeks = context.weeks.map(() => 0);
  let revisionCount = 0;
  let reportingDepartments = 0;
  for (const member of sorted) {
    let any = false;
    member.latest.forEach((revision, w) => {
      if (!revision) return;
      any = true;
      revisionCount += 1;
      revisionWeeks[w] = (revisionWeeks[w] ?? 0) + 1;
    });
    if (any) reportingDepartments += 1;
  }
  return {
    departments: sorted.map((member) => ({ ...member.ref })),
    coverage: {
      expected: sum(sorted, (member) => member.coverage.expected),
      submitted: sum(sorted, (member) => member.coverage.submitted),
      onTime: sum(sorted, (member) => member.coverage.onTime),
      late: sum(sorted, (member) => member.coverage.late),
      missing: sum(sorted, (member) => member.missingWeeks.length),
      byDepartment: sorted.map(({ coverage }) => ({ ...coverage })),
      weeks,
      grid:
        sorted.length > GRID_DEPARTMENTS_MAX
          ? null
          : sorted.map(({ grid }) => ({
              departmentId: grid.departmentId,
              weeks: grid.weeks.map((c) => ({ ...c })),
            })),
    },
    previousCoverage: {
      expected: sum(sorted, (member) => member.previousCoverage.expected),
      submitted: sum(sorted, (member) => member.previousCoverage.submitted),
    },
    metrics: context.catalog.metrics.map((_, m) => metricPart(context, m, sorted)),
    themes: context.catalog.themes.map((_, t) => themePart(context, t, sorted, limit)),
    revisions: { count: revisionCount, departments: reportingDepartments, weeks: revisionWeeks },
  };
}

/**
 * Merges parts of disjoint sets of departments: exact and independent of how the departments were split,
 * so a district merged from any number of batches is the district of all of them at once.
 */
export function mergeParts(
  context: RunContext,
  parts: ScopePart[],
  options: ScopePartOptions = {},
): ScopePart {
  const limit = options.highlightLimit ?? HIGHLIGHTS_PER_THEME;
  const byId = <T extends { departmentId: string }>(rows: T[]) =>
    rows.sort((a, b) => compareText(a.departmentId, b.departmentId));
  const departments = byId(parts.flatMap((part) => part.departments));
  const grids = parts.map((part) => part.coverage.grid);
  const grid =
    departments.length > GRID_DEPARTMENTS_MAX || grids.some((rows) => rows === null)
      ? null
      : byId(grids.flatMap((rows) => rows ?? []));
  const addDecimals = (values: (string | null)[]): string | null => {
    let total: ExactDecimal | undefined;
    for (const value of values)
      if (value !== null) total = total ? total.plus(parseDecimal(value)) : parseDecimal(value);
    return total === undefined ? null : toDecimalString(total);
  };
  return {
    departments,
    coverage: {
      expected: sum(parts, (part) => part.coverage.expected),
      submitted: sum(parts, (part) => part.coverage.submitted),
      onTime: sum(parts, (part) => part.coverage.onTime),
      late: sum(parts, (part) => part.coverage.late),
      missing: sum(parts, (part) => part.coverage.missing),
      byDepartment: byId(parts.flatMap((part) => part.coverage.byDepartment)),
      weeks: context.weeks.map((week, w) => {
        const counts = { week, ...EMPTY_WEEK_COUNTS };
        for (const part of parts) {
          const other = part.coverage.weeks[w];
          if (!other) continue;
          for (const key of Object.keys(EMPTY_WEEK_COUNTS) as (keyof typeof EMPTY_WEEK_COUNTS)[])
            counts[key] += other[key];
        }
        return counts;
      }),
      grid,
    },
    previousCoverage: {
      expected: sum(parts, (part) => part.previousCoverage.expected),
      submitted: sum(parts, (part) => part.previousCoverage.submitted),
    },
    metrics: context.catalog.metrics.map((_, m) => {
      const each = parts.flatMap((part) => (part.metrics[m] ? [part.metrics[m]] : []));
      return {
        reporting: sum(each, (metric) => metric.reporting),
        value: addDecimals(each.map((metric) => metric.value)) ?? '0',
        weekly: context.weeks.map((_week, w) => addDecimals(each.map((metric) => metric.weekly[w] ?? null))),
        basis: sum(each, (metric) => metric.basis),
        basisCurrent: addDecimals(each.map((metric) => metric.basisCurrent)) ?? '0',
        basisPrevious: addDecimals(each.map((metric) => metric.basisPrevious)) ?? '0',
        byDepartment: byId(each.flatMap((metric) => metric.byDepartment)),
      };
    }),
    themes: context.catalog.themes.map((_, t) => {
      const each = parts.flatMap((part) => (part.themes[t] ? [part.themes[t]] : []));
      return {
        candidates: each
          .flatMap((theme) => theme.candidates)
          .sort(compareCandidates)
          .slice(0, limit),
        highlightCount: sum(each, (theme) => theme.highlightCount),
        contributors: sum(each, (theme) => theme.contributors),
        namedContributors: each
          .flatMap((theme) => theme.namedContributors)
          .sort(compareRoster)
          .slice(0, NAMED_CONTRIBUTORS),
      };
    }),
    revisions: {
      count: sum(parts, (part) => part.revisions.count),
      departments: sum(parts, (part) => part.revisions.departments),
      weeks: context.weeks.map((_, w) => sum(parts, (part) => part.revisions.weeks[w] ?? 0)),
    },
  };
}

function sum<T>(values: readonly T[], of: (value: T) => number): number {
  let total = 0;
  for (const value of values) total += of(value);
  return total;
}

/** The selection rule of HIGHLIGHTS_PER_THEME, as a total order: best first. */
function compareCandidates(a: HighlightCandidate, b: HighlightCandidate): number {
  return (
    a.departmentRank - b.departmentRank ||
    b.weekIndex - a.weekIndex ||
    compareRoster(candidateRef(a), candidateRef(b)) ||
    a.itemIndex - b.itemIndex
  );
}

function candidateRef(candidate: HighlightCandidate): DepartmentRef {
  return {
    departmentId: candidate.highlight.departmentId,
    name: candidate.highlight.departmentName,
    ...(candidate.order === undefined ? {} : { order: candidate.order }),
  };
}

/** The order highlights are listed in: week, department id, item order (as before they were bounded). */
function compareListed(a: HighlightCandidate, b: HighlightCandidate): number {
  return (
    a.weekIndex - b.weekIndex ||
    compareText(a.highlight.departmentId, b.highlight.departmentId) ||
    a.itemIndex - b.itemIndex
  );
}

/**
 * `sum + value`, where a sum still at ZERO takes the (immutable) value itself: a department's own document
 * sums one member, and decimal.js builds a new instance for every addition (its constructor was about a
 * quarter of the aggregation's CPU profile in bench:summary's (b)). A zero value still goes through plus,
 * so that a "-0" comes out as plus makes it. bench:formats' JSON fingerprint is unchanged.
 */
function addTo(sum: ExactDecimal, value: ExactDecimal): ExactDecimal {
  return sum === ZERO && !value.isZero() ? value : sum.plus(value);
}

function metricPart(
  context: RunContext,
  m: number,
  members: DepartmentFigures[],
): ScopePart['metrics'][number] {
  let value: ExactDecimal = ZERO;
  let basisCurrent: ExactDecimal = ZERO;
  let basisPrevious: ExactDecimal = ZERO;
  let basis = 0;
  let reporting = 0;
  const weekly: (ExactDecimal | undefined)[] = new Array(context.weeks.length);
  const byDepartment: MetricSummary['byDepartment'] = [];
  for (const member of members) {
    const figures = member.metrics[m] ?? NOTHING_REPORTED;
    byDepartment.push({ departmentId: member.ref.departmentId, value: figures.valueText });
    if (figures.reported) {
      reporting += 1;
      value = addTo(value, figures.value);
      figures.weekTotals.forEach((total, w) => {
        if (total !== undefined) weekly[w] = weekly[w]?.plus(total) ?? total;
      });
    }
    if (figures.reported && member.previous[m]?.reported) {
      basis += 1;
      basisCurrent = addTo(basisCurrent, figures.value);
      basisPrevious = addTo(basisPrevious, member.previous[m].value);
    }
  }
  return {
    reporting,
    value: toDecimalString(value),
    weekly: Array.from({ length: context.weeks.length }, (_, w) => {
      const total = weekly[w];
      return total === undefined ? null : toDecimalString(total);
    }),
    basis,
    basisCurrent: toDecimalString(basisCurrent),
    basisPrevious: toDecimalString(basisPrevious),
    byDepartment,
  };
}

function themePart(
  context: RunContext,
  t: number,
  members: DepartmentFigures[],
  limit: number,
): ScopePart['themes'][number] {
  const candidates: HighlightCandidate[] = [];
  const contributing: DepartmentRef[] = [];
  let highlightCount = 0;
  for (const member of members) {
    const own: HighlightCandidate[] = [];
    member.highlights.forEach((entry, itemIndex) => {
      if (entry.themeIndex !== t) return;
      own.push({
        departmentRank: 0,
        weekIndex: entry.weekIndex,
        itemIndex,
        ...(member.ref.order === undefined ? {} : { order: member.ref.order }),
        highlight: {
          departmentId: member.ref.departmentId,
          departmentName: member.ref.name,
          week: context.weeks[entry.weekIndex] ?? '',
          revision: entry.revision,
          title: entry.title,
          ...(entry.detail ? { detail: entry.detail } : {}),
        },
      });
    });
    if (own.length === 0) continue;
    highlightCount += own.length;
    contributing.push({ ...member.ref });
    // Most recent first within the department: that is what its rank means.
    own.sort((a, b) => b.weekIndex - a.weekIndex || a.itemIndex - b.itemIndex);
    own.forEach((candidate, rank) => {
      candidate.departmentRank = rank;
      candidates.push(candidate);
    });
  }
  return {
    candidates: candidates.sort(compareCandidates).slice(0, limit),
    highlightCount,
    contributors: contributing.length,
    namedContributors: contributing.sort(compareRoster).slice(0, NAMED_CONTRIBUTORS),
  };
}

/** One department's entry in a provenance file. */
export function provenanceEntry(context: RunContext, figures: DepartmentFigures): ProvenanceDepartment {
  const revisions: ProvenanceRevision[] = [];
  figures.latest.forEach((revision, w) => {
    if (!revision) return;
    revisions.push({
      week: context.weeks[w] ?? revision.week,
      revision: revision.revision,
      submittedAt: revision.submittedAt,
      late: revision.firstLate,
    });
  });
  const sources: ProvenanceDepartment['sources'] = [];
  context.catalog.metrics.forEach((metric, m) => {
    const current = figures.metrics[m];
    if (!current?.reported) return;
    sources.push({
      metric: metric.id,
      weeks: current.sourceWeeks.map((w) => context.weeks[w] ?? ''),
      comparable: figures.previous[m]?.reported === true,
    });
  });
  return {
    departmentId: figures.ref.departmentId,
    revisions,
    sources,
    grid: figures.grid.weeks.map((cell) => ({ ...cell })),
  };
}

/** The provenance file of a scope whose entries are at hand (a department's, or a district in tests). */
export function provenanceDocument(
  context: RunContext,
  scope: string,
  entries: ProvenanceDepartment[],
): ProvenanceDocument {
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    period: context.period,
    scope,
    generatedAt: context.generatedAt,
    previousPeriod: context.previousPeriod,
    departments: [...entries].sort((a, b) => compareText(a.departmentId, b.departmentId)),
  };
}

/**
 * A provenance file as three pieces of text, so that the district's can be streamed to S3 batch by batch
 * without ever holding its entries: `head`, then each batch's `fragment` (its entries, sorted by id; empty
 * fragments left out) joined by `separator`, then `tail`. serializeProvenance is exactly this.
 */
export function provenanceFrame(header: Omit<ProvenanceDocument, 'departments'>): {
  head: string;
  separator: string;
  tail: string;
} {
  const opening = JSON.stringify({ ...header, departments: [] });
  return { head: `${opening.slice(0, -3)}[\n`, separator: ',\n', tail: '\n]}\n' };
}

/** A batch's entries as one fragment of its scope's provenance file (see provenanceFrame). */
export function provenanceFragment(entries: ProvenanceDepartment[]): string {
  return [...entries]
    .sort((a, b) => compareText(a.departmentId, b.departmentId))
    .map((entry) => JSON.stringify(entry))
    .join(',\n');
}

/** Stable bytes of a provenance file: one department per line, so that a large one still diffs well. */
export function serializeProvenance(doc: ProvenanceDocument): string {
  const { departments, ...header } = doc;
  const frame = provenanceFrame(header);
  return frame.head + provenanceFragment(departments) + frame.tail;
}
/**
 * One department's figures for every catalog metric.
 *
 * A metric may be counted by several items of one report (two trainings in one week). The week's value is
 * the total the department reported that week, so the items are added up first, and the aggregate then
 * works on those week totals: `sum` adds them, `latest` takes the total of the latest week that reported
 * the metric, `max` the largest week total (the latest such week when several tie, as the source to cite).
 * Values of metrics the catalog does not define are ignored.
 */
function metricFigures(
  latest: LatestByWeek,
  weekCount: number,
  metrics: MetricDefinition[],
  metricIndex: ReadonlyMap<string, number>,
): MetricFigures[] {
  const totals: ((ExactDecimal | undefined)[] | undefined)[] = new Array(metrics.length);
  for (let w = 0; w < latest.length; w++) {
    const revision = latest[w];
    if (!revision) continue;
    for (const item of revision.items) {
      for (const reported of item.metrics) {
        const m = metricIndex.get(reported.metric);
        if (m === undefined) continue;
        const value = parseStoredValue(reported.value, revision, reported.metric);
        const weekTotals = (totals[m] ??= new Array(weekCount));
        const current = weekTotals[w];
        weekTotals[w] = current === undefined ? value : current.plus(value);
      }
    }
  }
  return metrics.map((metric, m) => foldWeekTotals(metric, totals[m]));
}

const NOTHING_REPORTED: MetricFigures = Object.freeze({
  reported: false,
  weekTotals: Object.freeze([]),
  value: ZERO,
  valueText: '0',
  sourceWeeks: Object.freeze([]),
});

function foldWeekTotals(
  metric: MetricDefinition,
  weekTotals: (ExactDecimal | undefined)[] | undefined,
): MetricFigures {
  if (!weekTotals) return NOTHING_REPORTED;
  let value: ExactDecimal | undefined;
  let sourceWeeks: number[] = [];
  for (let w = 0; w < weekTotals.length; w++) {
    const total = weekTotals[w];
    if (total === undefined) continue;
    switch (metric.aggregate) {
      case 'sum':
        value = value === undefined ? total : value.plus(total);
        sourceWeeks.push(w);
        break;
      case 'latest':
        value = total;
        sourceWeeks = [w];
        break;
      case 'max':
        // ">=" so that a tie moves the source to the later week.
        if (value === undefined || total.greaterThanOrEqualTo(value)) {
          value = total;
          sourceWeeks = [w];
        }
        break;
    }
  }
  const result = value ?? ZERO;
  return { reported: true, weekTotals, value: result, valueText: toDecimalString(result), sourceWeeks };
}

function parseStoredValue(value: string, revision: ReportRevision, metric: string): ExactDecimal {
  try {
    return parseDecimal(value);
  } catch (error) {
    throw new RangeError(
      `Revision ${revision.revision} of ${revision.departmentId} ${revision.week}: metric ${metric}: ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  }
}

/** Highlighted items of the latest revisions. Items under a theme the catalog does not define are left out. */
function highlightEntries(latest: LatestByWeek, themeIndex: ReadonlyMap<string, number>): HighlightEntry[] {
  const entries: HighlightEntry[] = [];
  latest.forEach((revision, weekIndex) => {
    if (!revision) return;
    for (const item of revision.items) {
      const t = item.highlight ? themeIndex.get(item.theme) : undefined;
      if (t !== undefined) {
        entries.push({
          themeIndex: t,
          weekIndex,
          revision: revision.revision,
          title: item.title,
          // An item without a detail has no `detail` key at all, rather than an empty one.
          ...(item.detail ? { detail: item.detail } : {}),
        });
      }
    }
  });
  return entries;
}

/** One scope's document from the part of its departments. */
function buildDocument(
  context: RunContext,
  scope: string,
  scopeName: string,
  part: ScopePart,
  editorial: EditorialText | null,
): SummaryDocument {
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    period: context.period,
    periodTitle: context.periodTitle,
    orgName: context.orgName,
    scope,
    scopeName,
    generatedAt: context.generatedAt,
    timeZone: context.timeZone,
    toDate: context.toDate,
    departments: part.departments.map((ref) => ({ ...ref })),
    coverage: {
      weeksElapsed: [...context.weeksElapsed],
      expectedReports: part.coverage.expected,
      submittedReports: part.coverage.submitted,
      onTimeReports: part.coverage.onTime,
      lateReports: part.coverage.late,
      missingReports: part.coverage.missing,
      byDepartment: part.coverage.byDepartment.map((row) => ({ ...row })),
      weeks: part.coverage.weeks.map((row) => ({ ...row })),
      grid: part.coverage.grid,
    },
    previousCoverage: {
      period: context.previousPeriod,
      expectedReports: part.previousCoverage.expected,
      submittedReports: part.previousCoverage.submitted,
    },
    metrics: context.catalog.metrics.map((metric, m) => scopeMetric(context, metric, part.metrics[m])),
    themes: context.catalog.themes.map((theme, t) => {
      const themePart = part.themes[t];
      return {
        theme: theme.id,
        title: theme.title,
        displayTitle: theme.displayTitle ?? null,
        metrics: [...(context.metricIdsByTheme[t] ?? [])],
        highlights: [...(themePart?.candidates ?? [])].sort(compareListed).map((c) => ({ ...c.highlight })),
        highlightCount: themePart?.highlightCount ?? 0,
        contributors: themePart?.contributors ?? 0,
        namedContributors: (themePart?.namedContributors ?? []).map((ref) => ({ ...ref })),
      };
    }),
    rankings: { onTime: rankOnTime(part) },
    editorial: editorial === null ? null : { ...editorial },
    provenance: {
      file: `${scope}.${DOCUMENT_FORMATS.provenance.extension}`,
      revisionCount: part.revisions.count,
      previousPeriod: context.previousPeriod,
      note: provenanceNote(context, part.revisions),
    },
  };
}

/** The machine's account of how the document was made: for the JSON and the files' metadata. */
function provenanceNote(context: RunContext, revisions: ScopePart['revisions']): string {
  const weeks = revisions.weeks.filter((count) => count > 0).length;
  const at = DateTime.fromISO(context.generatedAt, { zone: 'utc' })
    .setZone(context.timeZone)
    .toFormat('yyyy年M月d日 HH:mm');
  return (
    `本文件由${revisions.count}份周报（${revisions.departments}个单位、${weeks}周，各取最新修订版本）自动汇总生成，` +
    `生成时间${at}（${context.timeZone}）；与上期（${context.previousPeriod}）的比较只计两期均报送该项数据的单位。`
  );
}

/**
 * A metric over a scope: the sum of its departments' values (whatever the metric's aggregate, the scope
 * adds departments up), the same for each week, and the like-for-like comparison with the previous period:
 * both sides summed over only the departments that reported the metric in both periods (a reported zero
 * counts as reported). Without such a department there is no comparison.
 */
function scopeMetric(
  context: RunContext,
  metric: MetricDefinition,
  part: ScopePart['metrics'][number] | undefined,
): MetricSummary {
  return {
    metric: metric.id,
    theme: metric.theme,
    label: metric.label,
    unit: metric.unit,
    aggregate: metric.aggregate,
    value: part?.value ?? '0',
    headline: metric.headline === true,
    sentence: metric.sentence ?? null,
    comparison:
      !part || part.basis === 0
        ? null
        : comparison(part.basis, parseDecimal(part.basisCurrent), parseDecimal(part.basisPrevious)),
    byDepartment: (part?.byDepartment ?? []).map((row) => ({ ...row })),
    weekly: context.weeks.map((week, w) => ({ week, value: part?.weekly[w] ?? '0' })),
    reportingDepartments: part?.reporting ?? 0,
  };
}

function comparison(basis: number, current: ExactDecimal, previous: ExactDecimal): Comparison {
  const change = current.minus(previous);
  let changeRate: string | null = null;
  // A rate against zero or a negative base says nothing a reader could use.
  if (previous.greaterThan(0)) {
    const magnitude = ratioToFourPlaces(change.abs(), previous);
    changeRate = change.isNegative() && !change.isZero() ? `-${magnitude}` : magnitude;
  }
  return {
    basisDepartmentCount: basis,
    current: toDecimalString(current),
    previous: toDecimalString(previous),
    change: toDecimalString(change),
    changeRate,
  };
}

/**
 * Competition ranking ("1, 2, 2, 4"): a department shares the rank of the one before it when their ranking
 * keys are equal, and the next distinct key takes its position in the list.
 */
function competitionRanks<T>(sorted: T[], sameKey: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((entry, index) => {
    const before = sorted[index - 1];
    const previousRank = ranks[index - 1];
    ranks.push(
      before !== undefined && previousRank !== undefined && sameKey(before, entry) ? previousRank : index + 1,
    );
  });
  return ranks;
}

/** Rates are all "d.dddd" with the same number of digits, so they order correctly as text. */
function compareRatesDescending(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(b, a);
}

/** Equal rates share a rank; the roster order lists them, so no internal id ever decides a place. */
function rankOnTime(part: ScopePart): Rankings['onTime'] {
  // Both arrays are sorted by id and hold the same departments.
  const sorted = part.coverage.byDepartment
    .map((coverage, index) => ({ coverage, ref: part.departments[index] ?? coverage }))
    .sort(
      (a, b) =>
        compareRatesDescending(a.coverage.onTimeRate, b.coverage.onTimeRate) || compareRoster(a.ref, b.ref),
    );
  const ranks = competitionRanks(sorted, (a, b) => a.coverage.onTimeRate === b.coverage.onTimeRate);
  return sorted.map(({ coverage }, index) => ({
    rank: ranks[index] ?? index + 1,
    departmentId: coverage.departmentId,
    name: coverage.name,
    onTimeRate: coverage.onTimeRate,
    onTime: coverage.onTime,
    expected: coverage.expected,
  }));
}
