/**
 * The weekly-report template, for whoever asks: the catalog in force and the departments the caller
 * may name.
 */
import type { Principal } from '../domain/access';
import type { ReportTemplateSkeleton } from '../domain/workbook/template-skeleton';
import type { DepartmentRepository } from '../ports/repositories';

export interface TemplateDependencies {
  departments: DepartmentRepository;
  /** The workbook for the catalog in force, to be filled in for the caller (template-skeleton.ts). */
  template: ReportTemplateSkeleton;
}

/**
 * Input: the caller.
 * Output: the template's bytes.
 * Primary course:
 *  1. A department token gets its own department filled in (one GetItem); others get the roster as a list.
 *  2. Fill the workbook in.
 */
export async function reportTemplate(deps: TemplateDependencies, principal: Principal): Promise<Uint8Array> {
  if (principal.role === 'department' && principal.departmentId) {
    const own = await deps.departments.get(principal.departmentId);
    const department = { departmentId: principal.departmentId, name: own?.name ?? principal.departmentId };
    return deps.template.fill({ fillDepartment: department });
  }
  const roster = await deps.departments.list();
  return deps.template.fill({ departments: roster.map(({ name }) => ({ name })) });
}
