import type { DepartmentInput, DepartmentRepository } from '../ports/repositories';
import type { Clock } from './clock';

export interface DepartmentDependencies {
  departments: DepartmentRepository;
  clock: Clock;
}

export function putDepartment(deps: DepartmentDependencies, input: DepartmentInput) {
  return deps.departments.upsert(
    {
      departmentId: input.departmentId,
      name: input.name.normalize('NFC'),
      activeFrom: input.activeFrom,
      email: input.email,
      order: input.order,
    },
    deps.clock(),
  );
}

export async function listDepartments(deps: DepartmentDependencies) {
  const departments = await deps.departments.list();
  return departments.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));
}
