/**
 * The department forms' logic, apart from any rendering: PUT /v1/departments/{id} replaces the record and
 * clears what it omits, so an edit sends back every field it read (name, activeFrom, e-mail, order), and
 * the token list's wording of a token's state. Pure functions, unit-tested without a browser.
 */

export interface DepartmentRecord {
  name: string;
  activeFrom?: string;
  email?: string;
  order?: number;
}

/** The fields as the form's inputs hold them. */
export interface DepartmentFields {
  name: string;
  activeFrom: string;
  email: string;
  order: string;
}

export function departmentFields(department: DepartmentRecord | undefined): DepartmentFields {
  return {
    name: department?.name ?? '',
    activeFrom: department?.activeFrom ?? '',
    email: department?.email ?? '',
    order: department?.order === undefined ? '' : String(department.order),
  };
}

export type DepartmentBody = DepartmentRecord;

/**
 * The PUT body from every field of the form; an emptied field is left out, which clears it. An order that
 * is not a whole number is refused before sending (JSON would turn it into null), under the field's name.
 */
export function departmentBody(
  fields: DepartmentFields,
): { body: DepartmentBody } | { errors: Record<string, string[]> } {
  const order = fields.order.trim();
  if (order && !/^\d+$/.test(order)) return { errors: { order: ['请填写 1 到 9999 的整数'] } };
  return {
    body: {
      name: fields.name,
      ...(fields.activeFrom.trim() ? { activeFrom: fields.activeFrom.trim() } : {}),
      ...(fields.email.trim() ? { email: fields.email.trim() } : {}),
      ...(order ? { order: Number(order) } : {}),
    },
  };
}

export interface TokenState {
  revokedAt: string | null;
  expiresAt: string | null;
}

/** 有效, 已过期 or 已吊销 at the given instant; a revoked token is 已吊销 whatever its expiry. */
export function tokenState(token: TokenState, now: Date): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** Adds a page of the list to what is shown, once each (a token issued here may arrive again). */
export function mergeTokens<T extends { id: string }>(shown: T[], page: T[]): T[] {
  const seen = new Set(shown.map((token) => token.id));
  return [...shown, ...page.filter((token) => !seen.has(token.id))];
}
