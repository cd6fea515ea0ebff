import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import defaultCatalog from '../../../shared/domain/default-catalog.json';
import { faultFields } from '../support/reports';
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
  await api.request('PUT', '/v1/departments/qwb', { body: { name: '区委办' } });
});
afterAll(async () => {
  await api.stop();
});

describe('POST /v1/tokens', () => {
  test('It should issue a department token with id, prefixed secret, role and department', async () => {
    const response = await api.request('POST', '/v1/tokens', {
      body: { role: 'department', departmentId: 'qwb', label: '区委办的周报脚本' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{20}$/),
      token: expect.stringMatching(/^shwc_[A-Za-z0-9_-]{43,}$/),
      role: 'department',
      departmentId: 'qwb',
      label: '区委办的周报脚本',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const lifetime = Date.parse(response.body.expiresAt) - Date.parse(response.body.createdAt);
    expect(lifetime).toBe(365 * 24 * 60 * 60 * 1000);
  });

  test('It should issue reviewer and admin tokens without a department', async () => {
    for (const role of ['reviewer', 'admin']) {
      const response = await api.request('POST', '/v1/tokens', { body: { role } });
      expect(response.status).toBe(201);
      expect(response.body.role).toBe(role);
      expect(response.body).not.toHaveProperty('departmentId');
      expect(response.body.token).toMatch(/^shwc_/);
    }
  });

  test('It should store only a hash of each secret', async () => {
    const issued = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer' } });
    const client = new DynamoDBClient({});
    try {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: api.stack.tableName }));
      const stored = JSON.stringify(Items);
      expect(stored).toContain(issued.body.id);
      expect(stored).not.toContain(issued.body.token);
      expect(stored).not.toContain(issued.body.token.slice('shwc_'.length));
    } finally {
      client.destroy();
    }
  });

  test.each([
    ['a department token without a department', { role: 'department' }, 400, 'body.departmentId'],
    [
      'a department token for an unknown department',
      { role: 'department', departmentId: 'nope' },
      404,
      'body.departmentId',
    ],
    [
      'a reviewer token bound to a department',
      { role: 'reviewer', departmentId: 'qwb' },
      400,
      'body.departmentId',
    ],
    ['an unknown role', { role: 'superuser' }, 400, 'body.role'],
    ['an unknown field', { role: 'reviewer', scope: 'all' }, 400, 'body.scope'],
  ])('It should refuse %s', async (_case, body, status, field) => {
    const response = await api.request('POST', '/v1/tokens', { body });
    expect(response.status).toBe(status);
    expect(faultFields(response)).toContain(field);
  });

  test('It should refuse to issue tokens to a reviewer or a department token', async () => {
    for (const token of [await tokenFor(api, 'reviewer'), await departmentWithToken(api, 'qwb')]) {
      const response = await api.request('POST', '/v1/tokens', { token, body: { role: 'admin' } });
      expect(response.status).toBe(403);
      expect(faultFields(response)).toEqual(['header.authorization']);
    }
  });
});

describe('DELETE /v1/tokens/{id}', () => {
  test('It should revoke a token with 204, after which the token gets 401 at once', async () => {
    const issued = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer' } });
    const token: string = issued.body.token;
    expect((await api.request('GET', '/v1/catalog', { token })).status).toBe(200);

    const revoked = await api.request('DELETE', `/v1/tokens/${issued.body.id}`);
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expect(revoked.headers.get('x-request-id')).toBeTruthy();

    const refused = await api.request('GET', '/v1/catalog', { token });
    expect(refused.status).toBe(401);
    expect(faultFields(refused)).toEqual(['header.authorization']);
  });

  test('It should answer 204 when a token is revoked twice', async () => {
    const issued = await api.request('POST', '/v1/tokens', { body: { role: 'reviewer' } });
    expect((await api.request('DELETE', `/v1/tokens/${issued.body.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/v1/tokens/${issued.body.id}`)).status).toBe(204);
  });

  test('It should answer 404 for an unknown token id and 400 for a malformed one', async () => {
    const unknown = await api.request('DELETE', `/v1/tokens/${'0'.repeat(20)}`);
    expect(unknown.status).toBe(404);
    expect(faultFields(unknown)).toEqual(['path.tokenId']);
    const malformed = await api.request('DELETE', '/v1/tokens/not-a-token-id');
    expect(malformed.status).toBe(400);
    expect(faultFields(malformed)).toEqual(['path.tokenId']);
  });

  test('It should refuse a reviewer revoking a token', async () => {
    const issued = await api.request('POST', '/v1/tokens', { body: { role: 'admin' } });
    const reviewer = await tokenFor(api, 'reviewer');
    const response = await api.request('DELETE', `/v1/tokens/${issued.body.id}`, { token: reviewer });
    expect(response.status).toBe(403);
    expect((await api.request('GET', '/v1/catalog', { token: issued.body.token })).status).toBe(200);
  });
});

describe('authentication', () => {
  test.each([
    ['an unknown token', { authorization: `Bearer shwc_${'x'.repeat(43)}` }],
    ['a short token', { authorization: 'Bearer shwc_short' }],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('It should answer 401 with x-request-id for %s', async (_case, headers) => {
    const response = await api.request('GET', '/v1/catalog', { token: '', headers });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
    expect(faultFields(response)).toEqual(['header.authorization']);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  test('It should leave a request without an Authorization header to API Gateway, which answers it itself', async () => {
    const response = await api.request('GET', '/v1/catalog', { token: '' });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBeNull();
  });
});

describe('GET /v1/catalog', () => {
  test('It should serve the catalog in force to every role', async () => {
    const tokens = [undefined, await tokenFor(api, 'reviewer'), await departmentWithToken(api, 'qwb')];
    for (const token of tokens) {
      const response = await api.request('GET', '/v1/catalog', token ? { token } : {});
      expect(response.status).toBe(200);
      expect(response.body).toEqual(defaultCatalog);
    }
  });
});
