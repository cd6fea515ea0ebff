import { createHash } from 'node:crypto';
import type { Department } from '../../../../shared/domain/report';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors/app-error';
import type {
  DepartmentRepository,
  TokenRecord,
  TokenRepository,
} from '../../../../shared/ports/repositories';
import {
  authenticateSecret,
  createToken,
  registerToken,
  revokeToken,
  tokenIdOf,
  TOKEN_PREFIX,
  type TokenDependencies,
} from '../../../../shared/use-cases/tokens';

class FakeTokens implements TokenRepository {
  readonly records = new Map<string, TokenRecord>();
  async create(record: TokenRecord) {
    if (this.records.has(record.tokenId)) throw new ConflictError('exists');
    this.records.set(record.tokenId, { ...record });
  }
  async get(tokenId: string) {
    return this.records.get(tokenId);
  }
  async revoke(tokenId: string, now: Date) {
    const record = this.records.get(tokenId);
    if (!record) return false;
    record.revokedAt ??= now.toISOString();
    return true;
  }
}

const departments: DepartmentRepository = {
  async get(departmentId: string): Promise<Department | undefined> {
    return departmentId === 'qwb'
      ? { departmentId, name: '区委办', createdAt: '', updatedAt: '' }
      : undefined;
  },
  async upsert() {
    throw new Error('not used');
  },
  async list() {
    return [];
  },
};

const NOW = new Date('2023-06-09T10:00:00.000Z');
function setup() {
  const tokens = new FakeTokens();
  const deps: TokenDependencies = { tokens, departments, clock: () => NOW };
  return { tokens, deps };
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('createToken', () => {
  test('It should issue a prefixed secret of 32 random bytes and store only its hash', async () => {
    const { tokens, deps } = setup();
    const { record, secret } = await createToken(deps, {
      role: 'department',
      departmentId: 'qwb',
      label: '脚本',
    });
    expect(secret.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(secret.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    const stored = tokens.records.get(record.tokenId)!;
    expect(stored).toEqual({
      tokenId: sha256(secret).slice(0, 20),
      secretHash: sha256(secret),
      role: 'department',
      departmentId: 'qwb',
      label: '脚本',
      createdAt: NOW.toISOString(),
    });
    expect(JSON.stringify(stored)).not.toContain(secret.slice(TOKEN_PREFIX.length));
  });

  test('It should issue a different secret every time', async () => {
    const { deps } = setup();
    const a = await createToken(deps, { role: 'reviewer' });
    const b = await createToken(deps, { role: 'reviewer' });
    expect(a.secret).not.toBe(b.secret);
    expect(a.record.tokenId).not.toBe(b.record.tokenId);
  });

  test.each([
    ['a department token without a department', { role: 'department' as const }, ValidationError],
    [
      'a department token for an unknown department',
      { role: 'department' as const, departmentId: 'nope' },
      NotFoundError,
    ],
    [
      'a reviewer token bound to a department',
      { role: 'reviewer' as const, departmentId: 'qwb' },
      ValidationError,
    ],
    [
      'an admin token bound to a department',
      { role: 'admin' as const, departmentId: 'qwb' },
      ValidationError,
    ],
  ])('It should refuse %s naming body.departmentId', async (_case, input, errorClass) => {
    const { deps, tokens } = setup();
    const error = await createToken(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as ValidationError).details[0]!.field).toBe('body.departmentId');
    expect(tokens.records.size).toBe(0);
  });
});

describe('tokenIdOf and registerToken', () => {
  test('It should derive the id as the first 20 hex digits of the sha256 of the secret', () => {
    expect(tokenIdOf('local-admin-token-0123456789abcdef')).toBe(
      sha256('local-admin-token-0123456789abcdef').slice(0, 20),
    );
  });

  test('It should refuse to register a secret shorter than 32 characters', async () => {
    const { deps, tokens } = setup();
    await expect(registerToken(deps, 'x'.repeat(31), { role: 'admin' })).rejects.toThrow(/at least 32/);
    expect(tokens.records.size).toBe(0);
  });
});

describe('authenticateSecret', () => {
  test('It should answer the principal of a valid secret', async () => {
    const { deps, tokens } = setup();
    const { record, secret } = await createToken(deps, { role: 'department', departmentId: 'qwb' });
    await expect(authenticateSecret(tokens, secret)).resolves.toEqual({
      principal: { tokenId: record.tokenId, role: 'department', departmentId: 'qwb' },
    });
  });

  test('It should give a reason for an unknown, a malformed and a revoked secret', async () => {
    const { deps, tokens } = setup();
    const { record, secret } = await createToken(deps, { role: 'reviewer' });
    await expect(authenticateSecret(tokens, `${TOKEN_PREFIX}${'A'.repeat(43)}`)).resolves.toEqual({
      reason: 'unknown token',
    });
    await expect(authenticateSecret(tokens, 'short')).resolves.toEqual({ reason: 'malformed token' });
    await revokeToken(deps, record.tokenId);
    await expect(authenticateSecret(tokens, secret)).resolves.toEqual({ reason: 'revoked token' });
  });

  test('It should refuse a secret whose id matches but whose hash does not', async () => {
    const { tokens } = setup();
    const secret = `${TOKEN_PREFIX}${'B'.repeat(43)}`;
    await tokens.create({
      tokenId: tokenIdOf(secret),
      secretHash: sha256('another secret'),
      role: 'admin',
      createdAt: '',
    });
    await expect(authenticateSecret(tokens, secret)).resolves.toEqual({ reason: 'unknown token' });
  });
});

describe('revokeToken', () => {
  test('It should answer 404 naming path.tokenId for an unknown token', async () => {
    const { deps } = setup();
    await expect(revokeToken(deps, '0'.repeat(20))).rejects.toMatchObject({
      statusCode: 404,
      details: [{ field: 'path.tokenId', message: 'no such token' }],
    });
  });
});
