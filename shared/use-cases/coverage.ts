/**
 * The live coverage of a period: which department reported which week, on time or late, and who still
 * owes a report. The documents' heat map is the same table frozen at generation time.
 */
import { coverageRows } from '../domain/coverage';
import {
  deadlineOf,
  hasEnded,
  weekStart,
  weeksOfPeriod,
  type Deadline,
  type IsoWeek,
  type Period,
} from '../domain/calendar';
import type { Department, ReportStatus } from '../domain/report';
import { compareRoster } from '../domain/roster-order';
import type { WeekStatus } from '../domain/summary';
import { NotFoundError } from '../errors/app-error';
import type { Principal } from '../domain/access';
import type { DepartmentRepository, ReportRepository } from '../ports/repositories';
import type { Clock } from './clock';

export interface CoverageDependencies {
  departments: DepartmentRepository;
  reports: ReportRepository;
  clock: Clock;
  deadline: Deadline;
}

/** The labels the district's own heat map uses, so the app and the documents say the same words. */
export const WEEK_STATUS_LABELS: Readonly<Record<WeekStatus, string>> = {
  'on-time': '按时',
  late: '逾期',
  missing: '未报',
  'not-due': '未到期',
  'not-expected': '无需报送',
};

export interface CoverageWeek {
  week: string;
  /** Monday 00:00 of the week in the deployment's time zone (ISO 8601 with offset). */
  startsAt: string;
  /** When its report is due. */
  dueAt: string;
  ended: boolean;
  due: boolean;
}

export interface CoverageView {
  period: Period;
  timeZone: string;
  asOf: string;
  weeks: CoverageWeek[];
  departments: {
    departmentId: string;
    name: string;
    activeFrom?: string;
    expected: number;
    submitted: number;
    onTime: number;
    late: number;
    missing: number;
    onTimeRate: string | null;
    weeks: { week: string; status: WeekStatus; label: string; revision?: number }[];
  }[];
}

/**
 * Input: a period and who asks.
 * Output: the period's weeks with their due times, and one row per department (a department token: its
 * own row only) with each week's status.
 * Primary course:
 *  1. Work out each week's due time in the deployment's time zone.
 *  2. Read the roster (or the caller's department) and the latest revision status of each of its
 *     department-weeks in the period.
 *  3. Apply the documents' coverage rule, except that a week is owed once its report is due rather than
 *     once it has ended: a live view that called a report "未报" on Sunday night, before the Monday
 *     deadline, would accuse departments that are not late.
 */
export async function periodCoverage(
  deps: CoverageDependencies,
  input: { period: Period; principal: Principal },
): Promise<CoverageView> {
  const now = deps.clock();
  const { timeZone } = deps.deadline;
  const weekIds = weeksOfPeriod(input.period);
  // Started before the due times are worked out, so that the reads travel while this process computes.
  const reading = rosterAndStatuses(deps, input.principal, weekIds[0]!, weekIds[weekIds.length - 1]!);
  const weeks = weekIds.map((week): CoverageWeek => {
    const dueAt = deadlineOf(week, deps.deadline);
    return {
      week,
      startsAt: weekStart(week, timeZone).toISO()!,
      dueAt: dueAt.toISO()!,
      ended: hasEnded(week, now, timeZone),
      due: dueAt.toMillis() <= now.getTime(),
    };
  });

  const { departments, revisions } = await reading;
  const rows = coverageRows({
    departments,
    reports: revisions,
    weeks: weekIds,
    expected: weeks.map((week) => week.due),
  });
  return {
    period: input.period,
    timeZone,
    asOf: now.toISOString(),
    weeks,
    // In roster order, as every document lists departments, so the app's grid reads like the review's.
    departments: [...rows]
      .sort((a, b) => compareRoster(a.department, b.department))
      .map(({ department, coverage, weeks: cells }) => ({
        departmentId: department.departmentId,
        name: department.name,
        ...(department.activeFrom ? { activeFrom: department.activeFrom } : {}),
        expected: coverage.expected,
        submitted: coverage.submitted,
        onTime: coverage.onTime,
        late: coverage.late,
        missing: coverage.missing,
        onTimeRate: coverage.onTimeRate,
        weeks: cells.map((cell) => ({ ...cell, label: WEEK_STATUS_LABELS[cell.status] })),
      })),
  };
}

/**
 * The departments to show and their statuses, read two ways on purpose:
 *
 * - A department token reads its own row with its one consistent Query (`statusesBetween`): the clerk
 *   who has just submitted looks at their row next, and must see the week they reported.
 * - A reviewer or an admin reads the whole grid: the roster and the statuses of every department (one
 *   Query of the week heads' index, `statusesOfRoster`) at once, in parallel, instead of one Query per
 *   department after the roster (1 + 11 requests in three waves for the demo's district, 10,000 for a
 *   province). The index is eventually consistent, so the grid may lag a submit by about a second; it
 *   is a view of a whole district's weeks, where that second does not change what anyone decides. A
 *   status of a department that is not in the roster (deleted, or created since) is left out.
 */
async function rosterAndStatuses(
  deps: CoverageDependencies,
  principal: Principal,
  first: IsoWeek,
  last: IsoWeek,
): Promise<{ departments: Department[]; revisions: ReportStatus[] }> {
  if (principal.role === 'department') {
    const departmentId = principal.departmentId;
    if (!departmentId) throw new NotFoundError('The department of this token does not exist');
    // Both reads at once, as for the grid: neither needs the other's answer.
    const [own, revisions] = await Promise.all([
      deps.departments.get(departmentId),
      deps.reports.statusesBetween(departmentId, first, last),
    ]);
    if (!own) throw new NotFoundError('The department of this token does not exist');
    return { departments: [own], revisions };
  }
  const [departments, statuses] = await Promise.all([
    deps.departments.list(),
    deps.reports.statusesOfRoster(first, last),
  ]);
  const listed = new Set(departments.map((department) => department.departmentId));
  return { departments, revisions: statuses.filter((status) => listed.has(status.departmentId)) };
}
