/**
 * Who may request, read and download summaries, and what the API answers for periods, scopes and formats
 * that do not exist or are not valid.
 */
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { faultFields } from '../support/reports';
import { generate, onTime, submit, week2023 } from './support';

let api: TestStack;
let reviewer: string;
let qwb: string;

const link = (scope: string, format = 'json', period = '2023-H1') =>
  `/v1/summaries/${period}/documents/${scope}/${format}`;

beforeAll(async () => {
  api = await startTestStack();
  qwb = await departmentWithToken(api, 'qwb', '区委办');
  await departmentWithToken(api, 'zzb', '组织部');
  reviewer = await tokenFor(api, 'reviewer');
  const item = { theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '5' }] };
  await submit(api, 'qwb', week2023(2), [item], onTime(2));
  await submit(api, 'zzb', week2023(2), [item], onTime(2));
  await generate(api, '2023-H1', reviewer);
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('reviewers and admins', () => {
  test.each(['district', 'qwb', 'zzb'])('It should let a reviewer download the %s scope', async (scope) => {
    const response = await api.request('GET', link(scope), { token: reviewer });
    expect(response.status).toBe(302);
  });

  test('It should let an admin download every scope', async () => {
    for (const scope of ['district', 'qwb', 'zzb']) {
      expect((await api.request('GET', link(scope, 'docx'))).status).toBe(302);
    }
  });

  test('It should show a reviewer the documents of every scope', async () => {
    const response = await api.request('GET', '/v1/summaries/2023-H1', { token: reviewer });
    expect(response.status).toBe(200);
    expect([...new Set(response.body.documents.map((doc: { scope: string }) => doc.scope))]).toEqual([
      'district',
      'qwb',
      'zzb',
    ]);
  });
});

describe('a department token', () => {
  test('It should download its own department and the district', async () => {
    expect((await api.request('GET', link('qwb'), { token: qwb })).status).toBe(302);
    expect((await api.request('GET', link('district', 'md'), { token: qwb })).status).toBe(302);
  });

  test('It should be refused another department’s documents with 403', async () => {
    const response = await api.request('GET', link('zzb'), { token: qwb });
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(faultFields(response)).toEqual(['path.scope']);
  });

  test('It should see only the district’s and its own documents in the summary', async () => {
    const response = await api.request('GET', '/v1/summaries/2023-H1', { token: qwb });
    expect(response.status).toBe(200);
    expect([...new Set(response.body.documents.map((doc: { scope: string }) => doc.scope))]).toEqual([
      'district',
      'qwb',
    ]);
  });

  test('It should not be allowed to request a generation', async () => {
    const response = await api.request('POST', '/v1/summaries/2023-H1', { token: qwb });
    expect(response.status).toBe(403);
    await api.stack.idle();
    const summary = await api.request('GET', '/v1/summaries/2023-H1', { token: reviewer });
    expect(summary.body.status).toBe('ready');
  });
});

describe('without a valid token', () => {
  test.each([
    ['POST', '/v1/summaries/2023-H1'],
    ['GET', '/v1/summaries/2023-H1'],
    ['GET', link('district')],
  ])('It should answer %s %s with 401 without a token', async (method, path) => {
    const response = await api.request(method, path, { token: '' });
    expect(response.status).toBe(401);
  });

  test('It should answer 401 to an unknown token', async () => {
    const response = await api.request('GET', link('district'), {
      token: 'not-a-token-that-exists-0123456789abcdef',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('periods, scopes and formats that are not there', () => {
  test.each([
    ['POST', '/v1/summaries/2023-H3'],
    ['GET', '/v1/summaries/2023-H3'],
    ['GET', link('district', 'json', '2023-H3')],
  ])('It should answer %s %s with 400 on path.period', async (method, path) => {
    const response = await api.request(method, path, { token: reviewer });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['path.period']);
  });

  test('It should answer 404 for a valid period without a summary', async () => {
    const summary = await api.request('GET', '/v1/summaries/2022-H1', { token: reviewer });
    expect(summary.status).toBe(404);
    expect(faultFields(summary)).toEqual(['path.period']);
    const document = await api.request('GET', link('district', 'json', '2022-H1'), { token: reviewer });
    expect(document.status).toBe(404);
    expect(faultFields(document)).toEqual(['path.period']);
  });

  test.each([
    ['a path traversal', '..%2Fx'],
    ['upper case', 'UPPER'],
    ['an encoded slash', 'qwb%2Fdistrict'],
  ])(
    'It should refuse a scope that is not a department id (%s) with 400 before any lookup',
    async (_, scope) => {
      const response = await api.request('GET', link(scope), { token: reviewer });
      expect(response.status).toBe(400);
      expect(faultFields(response)).toEqual(['path.scope']);
      expect(response.headers.get('location')).toBeNull();
    },
  );

  test('It should answer 404 for a valid department id that the summary does not have', async () => {
    const response = await api.request('GET', link('nosuch'), { token: reviewer });
    expect(response.status).toBe(404);
    expect(faultFields(response)).toEqual(['path.scope']);
  });

  test('It should answer 400 for a format that is not published', async () => {
    const response = await api.request('GET', link('district', 'pdf'), { token: reviewer });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['path.format']);
  });

  test('It should refuse a half-year that has not started with 400 on path.period', async () => {
    const response = await api.request('POST', '/v1/summaries/2099-H1', { token: reviewer });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['path.period']);
    expect((await api.request('GET', '/v1/summaries/2099-H1', { token: reviewer })).status).toBe(404);
  });
});
