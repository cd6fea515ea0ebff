/**
 * Bringing every department's week heads in line with its revisions: the step an operator runs once after
 * upgrading a deployment whose reports were stored before heads existed (summaries, listings and coverage
 * read heads only, so such reports would be missing from all of them), and again whenever in doubt.
 */
import pLimit from 'p-limit';
import type { IsoWeek } from '../domain/calendar';
import type { DepartmentRepository, WeekHeadMaintenance } from '../ports/repositories';

/** Departments checked at once: each is one paginated Query, then a repair per stale week. */
const DEPARTMENT_CONCURRENCY = 4;

export interface WeekHeadRepairDependencies {
  departments: DepartmentRepository;
  heads: WeekHeadMaintenance;
}

export interface WeekHeadRepairResult {
  /** Departments on the roster, all of them checked. */
  departments: number;
  /** The departments that had stale heads and the weeks repaired, in roster order. */
  repaired: { departmentId: string; weeks: IsoWeek[] }[];
}

/**
 * Input: nothing; the roster is read.
 * Output: how many departments were checked and which weeks of which were repaired.
 * Primary course:
 *  1. Read the roster.
 *  2. For each department, find the weeks whose head is missing or behind its newest revision.
 *  3. Roll each of those heads forward to the newest revision, under the same condition a submit uses,
 *     so a submit running meanwhile is never undone and a second run finds nothing to do.
 */
export async function repairWeekHeads(deps: WeekHeadRepairDependencies): Promise<WeekHeadRepairResult> {
  const roster = await deps.departments.list();
  const limit = pLimit(DEPARTMENT_CONCURRENCY);
  const outcomes = await Promise.all(
    roster.map(({ departmentId }) =>
      limit(async () => {
        const weeks = await deps.heads.staleHeadWeeks(departmentId);
        for (const week of weeks) await deps.heads.repairHead(departmentId, week);
        return { departmentId, weeks };
      }),
    ),
  );
  return { departments: roster.length, repaired: outcomes.filter(({ weeks }) => weeks.length > 0) };
}
