/**
 * The order departments are listed in the rendered documents: the roster order (see roster-order.ts),
 * explicit `order` first, then the pinyin of the names. The JSON keeps its arrays by id (stable for
 * machines) and carries each department's `order`, so every format can list them the same way.
 */
import { compareRoster, type RosterEntry } from '../roster-order';
import type { SummaryDocument } from '../summary';

export function byDepartmentName<T extends { departmentId: string }>(
  doc: SummaryDocument,
  rows: readonly T[],
): T[] {
  const roster = new Map<string, RosterEntry>();
  for (const c of doc.coverage.byDepartment) roster.set(c.departmentId, c);
  for (const d of doc.departments) roster.set(d.departmentId, d);
  const entry = (row: T): RosterEntry => roster.get(row.departmentId) ?? { ...row, name: row.departmentId };
  return [...rows].sort((a, b) => compareRoster(entry(a), entry(b)));
}
