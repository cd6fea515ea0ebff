import { createHash } from 'node:crypto';
import type { Department } from '../../../../shared/domain/report';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors/app-error';
import type {
  DepartmentRepository,
  TokenCursor,
  TokenRecord,
  TokenRepository,
} from '../../../../shared/ports/repositories';
import {
  authenticateSecret,
  createToken,
  DEFAULT_TOKEN_LIFETIME_DAYS,
  EXPIRED_TOKEN,
  listTokens,
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
  async list(limit: number, after?: TokenCursor) {
    const all = [...this.records.values()]
      .map(({ secretHash: _secretHash, ...rest }) => rest)
      .sort((a, b) => (`${a.createdAt}#${a.tokenId}` < `${b.createdAt}#${b.tokenId}` ? -1 : 1));
    const start = after ? all.findIndex((t) => t.tokenId === after.tokenId) + 1 : 0;
    const tokens = all.slice(start, start + limit);
    const last = tokens[tokens.length - 1];
    return start + limit < all.length && last
      ? { tokens, next: { createdAt: last.createdAt, tokenId: last.tokenId } }
      : { tokens };
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
      expiresAt: '2024-06-08T10:00:00.000Z',
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

describe('token expiry', () => {
  const DAY = 24 * 60 * 60 * 1000;

  test('It should give a token the configured lifetime when the admin gives none', async () => {
    const { deps } = setup();
    expect(DEFAULT_TOKEN_LIFETIME_DAYS).toBe(365);
    const byDefault = await createToken(deps, { role: 'reviewer' });
    expect(byDefault.record.expiresAt).toBe(new Date(NOW.getTime() + 365 * DAY).toISOString());
    const configured = await createToken({ ...deps, tokenLifetimeDays: 30 }, { role: 'reviewer' });
    expect(configured.record.expiresAt).toBe(new Date(NOW.getTime() + 30 * DAY).toISOString());
  });

  test('It should keep the expiry an admin gives', async () => {
    const { deps } = setup();
    const expiresAt = new Date('2023-06-10T00:00:00.000Z');
    const { record } = await createToken(deps, { role: 'reviewer', expiresAt });
    expect(record.expiresAt).toBe(expiresAt.toISOString());
  });

  test.each([
    ['now', NOW],
    ['in the past', new Date(NOW.getTime() - 1000)],
    ['more than five years ahead', new Date(NOW.getTime() + 1827 * DAY)],
  ])('It should refuse an expiry %s naming body.expiresAt', async (_case, expiresAt) => {
    const { deps, tokens } = setup();
    const error = await createToken(deps, { role: 'reviewer', expiresAt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details[0]!.field).toBe('body.expiresAt');
    expect(tokens.records.size).toBe(0);
  });

  test('It should refuse a token from the moment it expires, and say so', async () => {
    const { deps, tokens } = setup();
    const expiresAt = new Date(NOW.getTime() + 60_000);
    const { secret } = await createToken(deps, { role: 'reviewer', expiresAt });
    await expect(
      authenticateSecret(tokens, secret, new Date(expiresAt.getTime() - 1)),
    ).resolves.toHaveProperty('principal');
    await expect(authenticateSecret(tokens, secret, expiresAt)).resolves.toEqual({ reason: EXPIRED_TOKEN });
  });

  test('It should never expire a token issued before tokens could expire', async () => {
    const { tokens } = setup();
    const secret = `${TOKEN_PREFIX}${'C'.repeat(43)}`;
    await tokens.create({
      tokenId: tokenIdOf(secret),
      secretHash: sha256(secret),
      role: 'admin',
      createdAt: '2020-01-01T00:00:00.000Z',
    });
    await expect(
      authenticateSecret(tokens, secret, new Date('2099-01-01T00:00:00Z')),
    ).resolves.toHaveProperty('principal');
  });
});

describe('listTokens', () => {
  test('It should list a page of tokens without hashes, and the next page after it', async () => {
    const { deps } = setup();
    for (let i = 0; i < 3; i++) await createToken(deps, { role: 'reviewer', label: `r${i}` });
    const first = await listTokens(deps, { limit: 2 });
    expect(first.tokens).toHaveLength(2);
    expect(first.next).toBeDefined();
    expect(JSON.stringify(first)).not.toContain('secretHash');
    const second = await listTokens(deps, { limit: 2, after: first.next });
    expect(second.tokens).toHaveLength(1);
    expect(second.next).toBeUndefined();
    const all = await listTokens(deps, {});
    expect(all.tokens).toHaveLength(3);
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
    await expect(authenticateSecret(tokens, secret, NOW)).resolves.toEqual({
      principal: { tokenId: record.tokenId, role: 'department', departmentId: 'qwb' },
    });
  });

  test('It should give a reason for an unknown, a malformed and a revoked secret', async () => {
    const { deps, tokens } = setup();
    const { record, secret } = await createToken(deps, { role: 'reviewer' });
    await expect(authenticateSecret(tokens, `${TOKEN_PREFIX}${'A'.repeat(43)}`, NOW)).resolves.toEqual({
      reason: 'unknown token',
    });
    await expect(authenticateSecret(tokens, 'short', NOW)).resolves.toEqual({ reason: 'malformed token' });
    await revokeToken(deps, record.tokenId);
    await expect(authenticateSecret(tokens, secret, NOW)).resolves.toEqual({ reason: 'revoked token' });
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
    await expect(authenticateSecret(tokens, secret, NOW)).resolves.toEqual({ reason: 'unknown token' });
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
