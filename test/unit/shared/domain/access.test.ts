import { hasRole, isPublic, mayActFor, mayReadScope, type Principal } from '../../../../shared/domain/access';

const admin: Principal = { tokenId: 'a', role: 'admin' };
const reviewer: Principal = { tokenId: 'r', role: 'reviewer' };
const qwb: Principal = { tokenId: 'd', role: 'department', departmentId: 'qwb' };

describe('access rules', () => {
  test('It should tell a public operation from one that needs a role', () => {
    expect(isPublic('public')).toBe(true);
    expect(isPublic({ roles: ['admin'] })).toBe(false);
  });

  test('It should admit only the listed roles', () => {
    expect(hasRole(admin, { roles: ['admin', 'reviewer'] })).toBe(true);
    expect(hasRole(qwb, { roles: ['admin', 'reviewer'] })).toBe(false);
  });

  test('It should bind a department token to its own department and no other role', () => {
    expect(mayActFor(qwb, 'qwb')).toBe(true);
    expect(mayActFor(qwb, 'zzb')).toBe(false);
    expect(mayActFor(qwb, undefined)).toBe(false);
    expect(mayActFor(admin, 'zzb')).toBe(true);
    expect(mayActFor(reviewer, 'zzb')).toBe(true);
  });

  test('It should let a department token read its own scope and the district only', () => {
    expect(mayReadScope(qwb, 'qwb')).toBe(true);
    expect(mayReadScope(qwb, 'district')).toBe(true);
    expect(mayReadScope(qwb, 'zzb')).toBe(false);
    expect(mayReadScope(reviewer, 'zzb')).toBe(true);
    expect(mayReadScope(admin, 'zzb')).toBe(true);
  });
});
