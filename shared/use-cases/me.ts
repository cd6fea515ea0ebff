/**
 * Who the caller is, in the terms a user interface needs: the role, the department's name, and when the
 * token stops working.
 */
import type { Principal, Role } from '../domain/access';
import type { DepartmentRepository, TokenRepository } from '../ports/repositories';

export interface MeDependencies {
  tokens: TokenRepository;
  departments: DepartmentRepository;
}

export interface Me {
  role: Role;
  tokenId: string;
  label?: string;
  departmentId?: string;
  departmentName?: string;
  /** Null when the token does not expire. */
  expiresAt: string | null;
}

/**
 * Input: the authenticated caller.
 * Output: role, token id and label, the department's id and name for a department token, the expiry.
 * Primary course: read the token record (label, expiry) and, for a department token, the department.
 */
export async function describeCaller(deps: MeDependencies, principal: Principal): Promise<Me> {
  const [record, department] = await Promise.all([
    deps.tokens.get(principal.tokenId),
    principal.departmentId ? deps.departments.get(principal.departmentId) : Promise.resolve(undefined),
  ]);
  return {
    role: principal.role,
    tokenId: principal.tokenId,
    ...(record?.label ? { label: record.label } : {}),
    ...(principal.departmentId ? { departmentId: principal.departmentId } : {}),
    ...(department ? { departmentName: department.name } : {}),
    expiresAt: record?.expiresAt ?? null,
  };
}
