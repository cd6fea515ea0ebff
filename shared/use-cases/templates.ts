/**
 * The weekly-report template, for whoever asks: the catalog in force and the departments the caller
 * may name.
 */
import type { Catalog } from '../domain/catalog';
import { renderReportTemplate } from '../domain/workbook/report-template';
import type { Principal } from '../domain/access';
import type { DepartmentRepository } from '../ports/repositories';

export interface TemplateDependencies {
  departments: DepartmentRepository;
  catalog: Catalog;
}

/**
 * Input: the caller.
 * Output: the template's bytes.
 * Primary course:
 *  1. A department token gets its own department filled in (one GetItem); others get the roster as a list.
 *  2. Render the workbook from the catalog.
 */
export async function reportTemplate(deps: TemplateDependencies, principal: Principal): Promise<Uint8Array> {
  if (principal.role === 'department' && principal.departmentId) {
    const own = await deps.departments.get(principal.departmentId);
    const department = { departmentId: principal.departmentId, name: own?.name ?? principal.departmentId };
    return renderReportTemplate({ catalog: deps.catalog, departments: [], fillDepartment: department });
  }
  const roster = await deps.departments.list();
  return renderReportTemplate({
    catalog: deps.catalog,
    departments: roster.map(({ departmentId, name }) => ({ departmentId, name })),
  });
}
