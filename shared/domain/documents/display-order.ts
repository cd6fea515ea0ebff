/**
 * The order departments are listed in the rendered documents. The JSON keeps them by id (stable for
 * machines); a reader looks a unit up by its name, so tables and the heat map list them by the pinyin
 * of their names, ties broken by id so the order never depends on the input's.
 */
import type { SummaryDocument } from '../summary';

const PINYIN = new Intl.Collator('zh-Hans-CN-u-co-pinyin');

export function byDepartmentName<T extends { departmentId: string }>(
  doc: SummaryDocument,
  rows: readonly T[],
): T[] {
  const names = new Map(doc.coverage.byDepartment.map((d) => [d.departmentId, d.name]));
  for (const d of doc.departments) if (!names.has(d.departmentId)) names.set(d.departmentId, d.name);
  return [...rows].sort(
    (a, b) =>
      PINYIN.compare(
        names.get(a.departmentId) ?? a.departmentId,
        names.get(b.departmentId) ?? b.departmentId,
      ) || (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0),
  );
}
