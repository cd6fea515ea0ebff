import { createDocumentClient, sdkTable } from '../../../shared/adapters/dynamodb/client';
import { DynamoTokenRepository } from '../../../shared/adapters/dynamodb/token-repository';
import { generateSecret, registerToken } from '../../../shared/use-cases/tokens';
import { departmentWithToken, startTestStack, type TestStack } from '../support/stack';

const DAY = 24 * 60 * 60 * 1000;

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

describe('token expiry', () => {
  /** A token as it stands in the table, issued two days ago with the given expiry; no waiting on clocks. */
  async function tokenIssuedTwoDaysAgo(expiresAt: Date): Promise<string> {
    const issuedAt = new Date(Date.now() - 2 * DAY);
    const secret = generateSecret();
    const tokens = new DynamoTokenRepository(sdkTable(createDocumentClient()), api.stack.tableName);
    await registerToken(
      { tokens, clock: () => issuedAt },
      secret,
      { role: 'reviewer', label: 'issued two days ago', expiresAt },
      issuedAt,
    );
    return secret;
  }

  test('It should refuse a token once it has expired with 401 and a message that says so', async () => {
    const expired = await tokenIssuedTwoDaysAgo(new Date(Date.now() - DAY));
    const refused = await api.request('GET', '/v1/catalog', { token: expired });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/expired/),
    });
    expect(refused.headers.get('x-request-id')).toBeTruthy();

    const current = await tokenIssuedTwoDaysAgo(new Date(Date.now() + DAY));
    expect((await api.request('GET', '/v1/catalog', { token: current })).status).toBe(200);
  });

  test('It should keep the expiry an admin gives and accept the token until then', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const issued = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer', expiresAt } });
    expect(issued.status).toBe(201);
    expect(issued.body.expiresAt).toBe(expiresAt);
    expect((await api.request('GET', '/v1/catalog', { token: issued.body.token })).status).toBe(200);
  });

  test.each([
    ['in the past', new Date(Date.now() - 60_000).toISOString()],
    ['more than five years ahead', new Date(Date.now() + 1900 * 24 * 60 * 60 * 1000).toISOString()],
    ['not a date-time', 'next year'],
  ])('It should refuse an expiresAt %s naming body.expiresAt', async (_case, expiresAt) => {
    const response = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer', expiresAt } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.expiresAt']);
  });
});

describe('GET /v1/tokens', () => {
  test('It should list every token page by page, with expiry and revocation, never a secret or hash', async () => {
    const departmentToken = await departmentWithToken(api, 'zzb', '组织部');
    const issued: { id: string; token: string }[] = [];
    for (const label of ['一', '二', '三']) {
      const response = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer', label } });
      issued.push(response.body);
    }
    expect((await api.request('DELETE', `/v1/tokens/${issued[1]!.id}`)).status).toBe(204);

    const listed: Record<string, unknown>[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const query: string = nextToken ? `?limit=2&nextToken=${encodeURIComponent(nextToken)}` : '?limit=2';
      const page = await api.request('GET', `/v1/tokens${query}`);
      expect(page.status).toBe(200);
      expect(page.body.tokens.length).toBeLessThanOrEqual(2);
      listed.push(...page.body.tokens);
      nextToken = page.body.nextToken;
      pages++;
    } while (nextToken && pages < 10);

    const text = JSON.stringify(listed);
    for (const { token } of issued) expect(text).not.toContain(token);
    expect(text).not.toContain(departmentToken);
    expect(text).not.toMatch(/secretHash|[0-9a-f]{64}/);
    const byLabel = Object.fromEntries(listed.map((token) => [token.label, token]));
    expect(byLabel['一']).toEqual({
      id: issued[0]!.id,
      role: 'reviewer',
      label: '一',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      revokedAt: null,
    });
    expect(byLabel['二']!.revokedAt).toEqual(expect.any(String));
    expect(listed.filter((token) => token.role === 'department')).toMatchObject([{ departmentId: 'zzb' }]);
    const created = listed.map((token) => token.createdAt as string);
    expect(created).toEqual([...created].sort());
  });

  test.each([
    [
      'a tampered nextToken',
      '?nextToken=eyJjIjoiMjAyMy0wNi0wOVQxMDowMDowMC4wMDBaIiwiaSI6Inp6In0',
      'query.nextToken',
    ],
    ['garbage as nextToken', '?nextToken=%25%25', 'query.nextToken'],
    ['a limit of 0', '?limit=0', 'query.limit'],
    ['a limit above 100', '?limit=101', 'query.limit'],
  ])('It should answer 400 for %s', async (_case, query, field) => {
    const response = await api.request('GET', `/v1/tokens${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  test('It should refuse the listing to a reviewer', async () => {
    const reviewer = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer' } });
    const response = await api.request('GET', '/v1/tokens', { token: reviewer.body.token });
    expect(response.status).toBe(403);
  });
});
