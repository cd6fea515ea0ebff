/**
 * Who may do what: the roles, the principal a token stands for, and the rules that decide access. They
 * are domain rules, not HTTP ones: the middleware applies them to a route's contract, and the use cases
 * apply them where the rule depends on data (which scope of a summary a token may read).
 */
import { DISTRICT_SCOPE } from './summary';

export const ROLES = ['admin', 'reviewer', 'department'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as decided by the authorizer from a token. */
export interface Principal {
  tokenId: string;
  role: Role;
  /** Set for the department role only. */
  departmentId?: string;
}

/**
 * Who may use an operation: the roles, and for routes about one department the parameter that names it,
 * which a department token must match.
 */
export interface RoleAccess {
  roles: readonly Role[];
  ownDepartmentParam?: string;
}

/** 'public' for the operations that need no token at all. */
export type Access = 'public' | RoleAccess;

export function isPublic(access: Access): access is 'public' {
  return access === 'public';
}

export function hasRole(principal: Principal, access: RoleAccess): boolean {
  return access.roles.includes(principal.role);
}

/** A department token acts for its own department only; every other role is not bound to one. */
export function mayActFor(principal: Principal, departmentId: unknown): boolean {
  return principal.role !== 'department' || principal.departmentId === departmentId;
}

/** Reviewers and admins read every scope of a summary; a department token its own and the district's. */
export function mayReadScope(principal: Principal, scope: string): boolean {
  return principal.role !== 'department' || scope === DISTRICT_SCOPE || scope === principal.departmentId;
}
