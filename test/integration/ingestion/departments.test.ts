import { faultFields } from '../support/reports';
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';

let api: TestStack;
let reviewerToken: string;
let departmentToken: string;

beforeAll(async () => {
  api = await startTestStack();
  reviewerToken = await tokenFor(api, 'reviewer');
  departmentToken = await departmentWithToken(api, 'zzb', '组织部');
});
afterAll(async () => {
  await api.stop();
});

describe('PUT /v1/departments/{departmentId}', () => {
  test('It should create a department and answer 201 with it', async () => {
    const response = await api.request('PUT', '/v1/departments/qwb', {
      body: { name: '区委办', activeFrom: '2023-W01' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body).toEqual({
      departmentId: 'qwb',
      name: '区委办',
      activeFrom: '2023-W01',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  test('It should update an existing department, answer 200 and keep its creation time', async () => {
    const first = await api.request('PUT', '/v1/departments/xcb', {
      body: { name: '宣传部', activeFrom: '2023-W10' },
    });
    const second = await api.request('PUT', '/v1/departments/xcb', { body: { name: '区委宣传部' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.name).toBe('区委宣传部');
    expect(second.body.createdAt).toBe(first.body.createdAt);
    // Omitting activeFrom clears it, as the OpenAPI document says.
    expect(second.body).not.toHaveProperty('activeFrom');
    const listed = await api.request('GET', '/v1/departments');
    expect(listed.body.departments).toContainEqual(second.body);
  });

  test('It should keep a roster order and clear it when a later PUT omits it', async () => {
    const first = await api.request('PUT', '/v1/departments/zfb', { body: { name: '区政府办', order: 2 } });
    expect(first.status).toBe(201);
    expect(first.body.order).toBe(2);
    const listed = await api.request('GET', '/v1/departments');
    expect(listed.body.departments).toContainEqual(first.body);
    const second = await api.request('PUT', '/v1/departments/zfb', { body: { name: '区政府办' } });
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty('order');
  });

  test('It should store the name normalised to NFC', async () => {
    const response = await api.request('PUT', '/v1/departments/nfc', { body: { name: 'Cafe\u0301' } });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Caf\u00e9');
  });

  test.each([
    ['an unknown field', 'qwb', { name: 'x', bogus: 1 }, 'body.bogus'],
    ['a missing name', 'qwb', {}, 'body.name'],
    ['a name of the wrong type', 'qwb', { name: 42 }, 'body.name'],
    ['a week that does not exist', 'qwb', { name: 'x', activeFrom: '2023-W54' }, 'body.activeFrom'],
    ['an order that is not a whole number', 'qwb', { name: 'x', order: 1.5 }, 'body.order'],
    ['an order below 1', 'qwb', { name: 'x', order: 0 }, 'body.order'],
    ['an order given as text', 'qwb', { name: 'x', order: '1' }, 'body.order'],
    ['an id outside the id pattern', 'Bad_Id', { name: 'x' }, 'path.departmentId'],
  ])('It should refuse %s with 400 naming the field', async (_case, id, body, field) => {
    const response = await api.request('PUT', `/v1/departments/${id}`, { body });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toContain(field);
  });

  test('It should refuse a reviewer or a department token with 403', async () => {
    for (const token of [reviewerToken, departmentToken]) {
      const response = await api.request('PUT', '/v1/departments/forbidden', { token, body: { name: 'x' } });
      expect(response.status).toBe(403);
      expect(faultFields(response)).toEqual(['header.authorization']);
    }
    const listed = await api.request('GET', '/v1/departments');
    expect(listed.body.departments.map((d: { departmentId: string }) => d.departmentId)).not.toContain(
      'forbidden',
    );
  });
});

describe('GET /v1/departments', () => {
  test('It should list every department in id order for an admin and a reviewer', async () => {
    for (const token of [undefined, reviewerToken]) {
      const response = await api.request('GET', '/v1/departments', token ? { token } : {});
      expect(response.status).toBe(200);
      const ids = response.body.departments.map((d: { departmentId: string }) => d.departmentId);
      expect(ids).toEqual(expect.arrayContaining(['qwb', 'zzb']));
      expect(ids).toEqual([...ids].sort());
    }
  });

  test('It should refuse a department token with 403', async () => {
    const response = await api.request('GET', '/v1/departments', { token: departmentToken });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(faultFields(response)).toEqual(['header.authorization']);
  });
});
