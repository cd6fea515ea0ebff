/**
 * Coverage: who reported which week, on time or late, and who still owes a report. The rules the
 * documents' heat map and figures use and the live grid (GET /v1/coverage) uses, in a module of their
 * own so that get-coverage bundles them without the aggregation's exact decimals (decimal.js and its
 * set-up at load, about 1.3 ms of a cold start; README "Cold start"): coverage counts weeks, and its
 * one ratio is of two small integers.
 */
import { compareWeeks, type IsoWeek } from './calendar';
import { supersedes, type Department, type ReportRevision, type ReportStatus } from './report';
import type { DepartmentCoverage, GridRow } from './summary';

/** What aggregation needs of a roster entry. */
export type RosterEntry = Pick<Department, 'departmentId' | 'name' | 'activeFrom' | 'order'>;

/** Latest revision of each week, by week index; a hole is a week without any report. */
export type LatestByWeek<R extends ReportStatus = ReportRevision> = (R | undefined)[];

/**
 * `numerator / denominator` of two counts, rounded half-up to four places ("0.9615", "1.0000"): the
 * same string as decimal.ts's ratioToFourPlaces gives (a unit test holds them equal), by the same
 * integer division, floor((2·10⁴·n + d) / 2d), in safe integers: counts of weeks stay far below the
 * 2⁵³ / 2·10⁴ where it would stop being exact.
 */
export function countRatioToFourPlaces(numerator: number, denominator: number): string {
  if (!Number.isSafeInteger(denominator) || denominator <= 0)
    throw new RangeError(`The denominator of a ratio must be a positive whole number, got ${denominator}`);
  if (!Number.isSafeInteger(numerator) || numerator < 0)
    throw new RangeError(`The numerator of a ratio must be a whole number, not negative, got ${numerator}`);
  const scaled = Math.floor((20_000 * numerator + denominator) / (2 * denominator));
  return `${Math.floor(scaled / 10_000)}.${String(scaled % 10_000).padStart(4, '0')}`;
}

/** What coverage makes of one department's weeks, as the documents and the live grid show it. */
export interface DepartmentCoverageFigures {
  coverage: DepartmentCoverage;
  grid: GridRow;
  missingWeeks: IsoWeek[];
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

/** A code-unit comparison: the same order on every runtime, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The latest revision of each department-week, as a department × week table. Revisions of weeks outside
 * the given weeks or of departments outside the roster are dropped here, so nothing downstream sees them.
 */
export function indexLatestRevisions<R extends ReportStatus>(
  revisions: R[],
  departmentIndex: ReadonlyMap<string, number>,
  weeks: IsoWeek[],
): LatestByWeek<R>[] {
  const weekIndex = new Map(weeks.map((week, index) => [week, index]));
  const table: LatestByWeek<R>[] = Array.from(
    { length: departmentIndex.size },
    () => new Array(weeks.length),
  );
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
 * Coverage of one department. A week is expected when it has ended and is not before the department's
 * `activeFrom`. A report counts as on time when its first revision made the deadline (`firstLate` of the
 * latest revision carries that), so a late correction does not turn a punctual report late. Reports for
 * weeks that are not expected (the running week, weeks before activeFrom) still feed the figures and show
 * in the grid as on-time/late, but they are not counted here: nothing was asked of the department yet.
 */
export function departmentCoverage(
  department: RosterEntry,
  latest: LatestByWeek<ReportStatus>,
  weeks: IsoWeek[],
  elapsed: boolean[],
): DepartmentCoverageFigures {
  let expected = 0;
  let submitted = 0;
  let late = 0;
  const missingWeeks: IsoWeek[] = [];
  const gridWeeks: GridRow['weeks'] = [];
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
      onTimeRate: expected === 0 ? null : countRatioToFourPlaces(onTime, expected),
    },
    grid: { departmentId: department.departmentId, weeks: gridWeeks },
    missingWeeks,
  };
}

/** One roster department's coverage of a period, as the documents count it. */
export interface DepartmentCoverageRow {
  department: Department;
  coverage: DepartmentCoverage;
  weeks: GridRow['weeks'];
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
  reports: ReportStatus[];
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
