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
import { compareWeeks, hasEnded, periodTitle, previousPeriod, weekStart, weeksOfPeriod } from './calendar';
import type { IsoWeek, Period } from './calendar';
import type { Catalog, MetricDefinition } from './catalog';
import { DateTime } from 'luxon';
import { ExactDecimal, ZERO, parseDecimal, ratioToFourPlaces, toDecimalString } from './decimal';
import { supersedes, type Department, type ReportRevision } from './report';
import { compareRoster } from './roster-order';
import { DISTRICT_SCOPE, SUMMARY_SCHEMA_VERSION } from './summary';
import type {
  Comparison,
  Coverage,
  DepartmentCoverage,
  DepartmentRef,
  EditorialText,
  Highlight,
  MetricSummary,
  Rankings,
  SourceRef,
  SummaryDocument,
  ThemeSummary,
} from './summary';

/** What aggregation needs of a roster entry. */
export type RosterEntry = Pick<Department, 'departmentId' | 'name' | 'activeFrom' | 'order'>;

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
}

/** Stable bytes: the same document always serialises identically, which keeps published files diffable. */
export function serializeSummary(doc: SummaryDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Latest revision of each week, by week index; a hole is a week without any report. */
type LatestByWeek = (ReportRevision | undefined)[];

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
  grid: Coverage['grid'][number];
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
  if (!weekStart(lastWeek, timeZone).isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
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

/** The reduce step: the district's document from every roster department's figures, sorted by id. */
export function districtDocument(
  context: RunContext,
  figures: DepartmentFigures[],
  editorial: EditorialText | null,
): SummaryDocument {
  return buildDocument(context, DISTRICT_SCOPE, context.orgName, figures, editorial);
}

/** A department's own document from its figures. */
export function departmentDocument(context: RunContext, figures: DepartmentFigures): SummaryDocument {
  return buildDocument(context, figures.ref.departmentId, figures.ref.name, [figures], null);
}

/** Map then reduce in one process: every scope of a run at once. */
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
    district: districtDocument(context, figures, input.editorial ?? null),
    departments: figures.map((member) => departmentDocument(context, member)),
  };
}

/**
 * One department's figures as staged between the map and the reduce (JSON, decimals as exact strings):
 * what the district document needs of the department, and nothing of its revisions beyond that.
 */
export interface StagedFigures {
  ref: DepartmentRef;
  latest: (WeekRef | null)[];
  metrics: { reported: boolean; weekTotals: (string | null)[]; value: string; sourceWeeks: number[] }[];
  /** The previous period's value of each metric: only the like-for-like comparison reads it. */
  previous: { reported: boolean; value: string }[];
  previousCoverage: DepartmentFigures['previousCoverage'];
  coverage: DepartmentCoverage;
  grid: Coverage['grid'][number];
  missingWeeks: IsoWeek[];
  highlights: HighlightEntry[];
}

export function stageFigures(figures: DepartmentFigures): StagedFigures {
  return {
    ref: figures.ref,
    latest: Array.from(figures.latest, (week) => week ?? null),
    metrics: figures.metrics.map((metric) => ({
      reported: metric.reported,
      weekTotals: Array.from(metric.weekTotals, (total) => (total === undefined ? null : total.toFixed())),
      value: metric.valueText,
      sourceWeeks: [...metric.sourceWeeks],
    })),
    previous: figures.previous.map((metric) => ({ reported: metric.reported, value: metric.valueText })),
    previousCoverage: figures.previousCoverage,
    coverage: figures.coverage,
    grid: figures.grid,
    missingWeeks: figures.missingWeeks,
    highlights: figures.highlights,
  };
}

/** The inverse of stageFigures: exact, because every decimal travels as its full string. */
export function unstageFigures(staged: StagedFigures): DepartmentFigures {
  const metric = (
    reported: boolean,
    weekTotals: (string | null)[],
    value: string,
    sourceWeeks: number[],
  ): MetricFigures =>
    reported
      ? {
          reported,
          weekTotals: weekTotals.map((total) => (total === null ? undefined : parseDecimal(total))),
          value: parseDecimal(value),
          valueText: value,
          sourceWeeks,
        }
      : NOTHING_REPORTED;
  return {
    ref: staged.ref,
    latest: staged.latest.map((week) => week ?? undefined),
    metrics: staged.metrics.map((m) => metric(m.reported, m.weekTotals, m.value, m.sourceWeeks)),
    previous: staged.previous.map((m) => metric(m.reported, [], m.value, [])),
    previousCoverage: staged.previousCoverage,
    coverage: staged.coverage,
    grid: staged.grid,
    missingWeeks: staged.missingWeeks,
    highlights: staged.highlights,
  };
}

/**
 * Sorts the roster by id with a code-unit comparison (localeCompare would depend on the runtime's locale).
 * A duplicate id is refused: which of two entries is "the" department would depend on input order.
 */
export function sortRoster(departments: Department[]): Department[] {
  const sorted = [...departments].sort((a, b) => compareText(a.departmentId, b.departmentId));
  sorted.forEach((department, index) => {
    if (index > 0 && sorted[index - 1]?.departmentId === department.departmentId)
      throw new RangeError(`Duplicate department in the roster: ${department.departmentId}`);
  });
  return sorted;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The latest revision of each department-week, as a department × week table. Revisions of weeks outside
 * the given weeks or of departments outside the roster are dropped here, so nothing downstream sees them.
 */
function indexLatestRevisions(
  revisions: ReportRevision[],
  departmentIndex: ReadonlyMap<string, number>,
  weeks: IsoWeek[],
): LatestByWeek[] {
  const weekIndex = new Map(weeks.map((week, index) => [week, index]));
  const table: LatestByWeek[] = Array.from({ length: departmentIndex.size }, () => new Array(weeks.length));
  for (const revision of revisions) {
    const d = departmentIndex.get(revision.departmentId);
    const w = weekIndex.get(revision.week);
    if (d === undefined || w === undefined) continue;
    const row = table[d];
    if (!row) continue;
    const current = row[w];
    if (current === undefined || supersedes(revision, current)) row[w] = revision;
  }
  return table;
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

/**
 * Coverage of one department. A week is expected when it has ended and is not before the department's
 * `activeFrom`. A report counts as on time when its first revision made the deadline (`firstLate` of the
 * latest revision carries that), so a late correction does not turn a punctual report late. Reports for
 * weeks that are not expected (the running week, weeks before activeFrom) still feed the figures and show
 * in the grid as on-time/late, but they are not counted here: nothing was asked of the department yet.
 */
function departmentCoverage(
  department: RosterEntry,
  latest: LatestByWeek,
  weeks: IsoWeek[],
  elapsed: boolean[],
): Pick<DepartmentFigures, 'coverage' | 'grid' | 'missingWeeks'> {
  let expected = 0;
  let submitted = 0;
  let late = 0;
  const missingWeeks: IsoWeek[] = [];
  const gridWeeks: Coverage['grid'][number]['weeks'] = [];
  weeks.forEach((week, w) => {
    const revision = latest[w];
    const beforeActive = department.activeFrom !== undefined && compareWeeks(week, department.activeFrom) < 0;
    const isExpected = elapsed[w] === true && !beforeActive;
    if (isExpected) {
      expected += 1;
      if (revision) {
        submitted += 1;
        if (revision.firstLate) late += 1;
      } else missingWeeks.push(week);
    }
    if (revision)
      gridWeeks.push({ week, status: revision.firstLate ? 'late' : 'on-time', revision: revision.revision });
    else if (beforeActive) gridWeeks.push({ week, status: 'not-expected' });
    else if (!isExpected) gridWeeks.push({ week, status: 'not-due' });
    else gridWeeks.push({ week, status: 'missing' });
  });
  const onTime = submitted - late;
  return {
    coverage: {
      departmentId: department.departmentId,
      name: department.name,
      expected,
      submitted,
      onTime,
      late,
      missing: missingWeeks.length,
      onTimeRate: expected === 0 ? null : ratioToFourPlaces(onTime, expected),
    },
    grid: { departmentId: department.departmentId, weeks: gridWeeks },
    missingWeeks,
  };
}

/** One roster department's coverage of a period, as the documents count it. */
export interface DepartmentCoverageRow {
  department: Department;
  coverage: DepartmentCoverage;
  weeks: Coverage['grid'][number]['weeks'];
  missingWeeks: IsoWeek[];
}

/**
 * Coverage without the figures, for the live view (GET /v1/coverage): the same indexing of the latest
 * revisions and the same per-week rule as the documents' heat map. `expected[w]` says whether week w is
 * already owed; the documents pass "has ended", a live view may pass "its due time has passed".
 * Rows come sorted by department id.
 */
export function coverageRows(input: {
  departments: Department[];
  reports: ReportRevision[];
  weeks: IsoWeek[];
  expected: boolean[];
}): DepartmentCoverageRow[] {
  const roster = sortRoster(input.departments);
  const departmentIndex = new Map(roster.map((department, index) => [department.departmentId, index]));
  const latest = indexLatestRevisions(input.reports, departmentIndex, input.weeks);
  return roster.map((department, d) => {
    const { coverage, grid, missingWeeks } = departmentCoverage(
      department,
      latest[d] ?? [],
      input.weeks,
      input.expected,
    );
    return { department, coverage, weeks: grid.weeks, missingWeeks };
  });
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

/** One scope's document from the figures of its departments (already sorted by id). */
function buildDocument(
  context: RunContext,
  scope: string,
  scopeName: string,
  members: DepartmentFigures[],
  editorial: EditorialText | null,
): SummaryDocument {
  const revisions = scopeRevisions(context, members);
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
    departments: members.map((member) => ({ ...member.ref })),
    coverage: scopeCoverage(context, members),
    previousCoverage: {
      period: context.previousPeriod,
      expectedReports: members.reduce((total, member) => total + member.previousCoverage.expected, 0),
      submittedReports: members.reduce((total, member) => total + member.previousCoverage.submitted, 0),
    },
    metrics: context.catalog.metrics.map((metric, m) => scopeMetric(context, metric, m, members)),
    themes: scopeThemes(context, members),
    rankings: { onTime: rankOnTime(members) },
    editorial: editorial === null ? null : { ...editorial },
    provenance: {
      revisions,
      previousPeriod: context.previousPeriod,
      note: provenanceNote(context, revisions),
    },
  };
}

/** The machine's account of how the document was made: for the JSON and the files' metadata. */
function provenanceNote(context: RunContext, revisions: SummaryDocument['provenance']['revisions']): string {
  const departments = new Set(revisions.map((r) => r.departmentId)).size;
  const weeks = new Set(revisions.map((r) => r.week)).size;
  const at = DateTime.fromISO(context.generatedAt, { zone: 'utc' })
    .setZone(context.timeZone)
    .toFormat('yyyy年M月d日 HH:mm');
  return (
    `本文件由${revisions.length}份周报（${departments}个单位、${weeks}周，各取最新修订版本）自动汇总生成，` +
    `生成时间${at}（${context.timeZone}）；与上期（${context.previousPeriod}）的比较只计两期均报送该项数据的单位。`
  );
}

function scopeCoverage(context: RunContext, members: DepartmentFigures[]): Coverage {
  let expectedReports = 0;
  let submittedReports = 0;
  let onTimeReports = 0;
  let lateReports = 0;
  const missing: Coverage['missing'] = [];
  for (const { coverage, missingWeeks } of members) {
    expectedReports += coverage.expected;
    submittedReports += coverage.submitted;
    onTimeReports += coverage.onTime;
    lateReports += coverage.late;
    for (const week of missingWeeks) missing.push({ departmentId: coverage.departmentId, week });
  }
  return {
    weeksElapsed: [...context.weeksElapsed],
    expectedReports,
    submittedReports,
    onTimeReports,
    lateReports,
    missing,
    byDepartment: members.map(({ coverage }) => ({ ...coverage })),
    grid: members.map(({ grid }) => ({
      departmentId: grid.departmentId,
      weeks: grid.weeks.map((cell) => ({ ...cell })),
    })),
  };
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
  m: number,
  members: DepartmentFigures[],
): MetricSummary {
  let value: ExactDecimal = ZERO;
  let basisCurrent: ExactDecimal = ZERO;
  let basisPrevious: ExactDecimal = ZERO;
  const basis: string[] = [];
  const weekly: (ExactDecimal | undefined)[] = new Array(context.weeks.length);
  const byDepartment: MetricSummary['byDepartment'] = [];
  const sources: SourceRef[] = [];
  for (const member of members) {
    const figures = member.metrics[m] ?? NOTHING_REPORTED;
    const departmentId = member.ref.departmentId;
    byDepartment.push({ departmentId, value: figures.valueText });
    if (figures.reported) {
      value = value.plus(figures.value);
      figures.weekTotals.forEach((total, w) => {
        if (total !== undefined) weekly[w] = weekly[w]?.plus(total) ?? total;
      });
      for (const w of figures.sourceWeeks) {
        const revision = member.latest[w];
        if (revision) sources.push({ departmentId, week: revision.week, revision: revision.revision });
      }
    }
    const before = member.previous[m];
    if (figures.reported && before?.reported) {
      basis.push(departmentId);
      basisCurrent = basisCurrent.plus(figures.value);
      basisPrevious = basisPrevious.plus(before.value);
    }
  }
  return {
    metric: metric.id,
    theme: metric.theme,
    label: metric.label,
    unit: metric.unit,
    aggregate: metric.aggregate,
    value: toDecimalString(value),
    headline: metric.headline === true,
    sentence: metric.sentence ?? null,
    comparison: basis.length === 0 ? null : comparison(basis, basisCurrent, basisPrevious),
    byDepartment,
    weekly: context.weeks.map((week, w) => ({ week, value: toDecimalString(weekly[w] ?? ZERO) })),
    sources,
  };
}

function comparison(basis: string[], current: ExactDecimal, previous: ExactDecimal): Comparison {
  const change = current.minus(previous);
  let changeRate: string | null = null;
  // A rate against zero or a negative base says nothing a reader could use.
  if (previous.greaterThan(0)) {
    const magnitude = ratioToFourPlaces(change.abs(), previous);
    changeRate = change.isNegative() && !change.isZero() ? `-${magnitude}` : magnitude;
  }
  return {
    // Members are already in id order, and so is the basis.
    basisDepartments: basis,
    current: toDecimalString(current),
    previous: toDecimalString(previous),
    change: toDecimalString(change),
    changeRate,
  };
}

function scopeThemes(context: RunContext, members: DepartmentFigures[]): ThemeSummary[] {
  const buckets: { weekIndex: number; highlight: Highlight }[][] = context.catalog.themes.map(() => []);
  // Members are in id order and each member's entries in week then item order, so a stable sort by week
  // alone gives week, then department id, then item order.
  for (const member of members) {
    for (const entry of member.highlights) {
      buckets[entry.themeIndex]?.push({
        weekIndex: entry.weekIndex,
        highlight: {
          departmentId: member.ref.departmentId,
          departmentName: member.ref.name,
          week: context.weeks[entry.weekIndex] ?? '',
          revision: entry.revision,
          title: entry.title,
          ...(entry.detail ? { detail: entry.detail } : {}),
        },
      });
    }
  }
  return context.catalog.themes.map((theme, t) => ({
    theme: theme.id,
    title: theme.title,
    displayTitle: theme.displayTitle ?? null,
    metrics: [...(context.metricIdsByTheme[t] ?? [])],
    highlights: (buckets[t] ?? []).sort((a, b) => a.weekIndex - b.weekIndex).map((entry) => entry.highlight),
  }));
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
function rankOnTime(members: DepartmentFigures[]): Rankings['onTime'] {
  const sorted = members
    .map(({ coverage, ref }) => ({ coverage, ref }))
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

function scopeRevisions(
  context: RunContext,
  members: DepartmentFigures[],
): SummaryDocument['provenance']['revisions'] {
  const revisions: SummaryDocument['provenance']['revisions'] = [];
  for (const member of members) {
    member.latest.forEach((revision, w) => {
      if (!revision) return;
      revisions.push({
        departmentId: member.ref.departmentId,
        week: context.weeks[w] ?? revision.week,
        revision: revision.revision,
        submittedAt: revision.submittedAt,
        late: revision.firstLate,
      });
    });
  }
  return revisions;
}
