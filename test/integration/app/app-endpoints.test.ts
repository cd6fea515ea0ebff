/**
 * The endpoints the web app needs, against the real local stack: who the token is (GET /v1/me), the live
 * coverage grid (GET /v1/coverage/{period}), and document links a browser can use (?redirect=false,
 * ?disposition=inline).
 */
import { createHash } from 'node:crypto';
import { ADMIN_TOKEN, departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';
import {
  createDepartment,
  generate,
  late,
  onTime,
  submit,
  week2023,
  type SummaryStatus,
} from '../summaries/support';

let api: TestStack;
let qwbToken: string;
let reviewerToken: string;
let status: SummaryStatus;

const item = { theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '10' }] };

beforeAll(async () => {
  api = await startTestStack();
  qwbToken = await departmentWithToken(api, 'qwb', '区委办');
  reviewerToken = await tokenFor(api, 'reviewer');
  await createDepartment(api, 'zzb', '区委组织部', week2023(3));
  await submit(api, 'qwb', week2023(1), [item], onTime(1));
  await submit(api, 'qwb', week2023(2), [item], late(2));
  await submit(api, 'zzb', week2023(3), [item], onTime(3));
  status = await generate(api, '2023-H1');
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('GET /v1/me', () => {
  test('It should name a department token’s role and department', async () => {
    const response = await api.request('GET', '/v1/me', { token: qwbToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      role: 'department',
      tokenId: expect.stringMatching(/^[0-9a-f]{20}$/),
      departmentId: 'qwb',
      departmentName: '区委办',
      // Issued without expiresAt, so it lives the configured default (365 days).
      expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const lifetime = Date.parse(response.body.expiresAt) - Date.now();
    expect(Math.round(lifetime / 86_400_000)).toBe(365);
  });

  test('It should name the admin role, and answer 401 to a wrong token', async () => {
    const admin = await api.request('GET', '/v1/me', { token: ADMIN_TOKEN });
    expect(admin.body).toMatchObject({ role: 'admin' });
    expect(admin.body).not.toHaveProperty('departmentId');
    const wrong = await api.request('GET', '/v1/me', { token: 'shwc_not-a-token-of-this-stack-0000000000' });
    expect(wrong.status).toBe(401);
  });
});

describe('GET /v1/coverage/{period}', () => {
  test('It should give a reviewer every department × week with statuses and due times', async () => {
    const response = await api.request('GET', '/v1/coverage/2023-H1', { token: reviewerToken });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ period: '2023-H1', timeZone: 'Asia/Shanghai' });
    expect(body.weeks).toHaveLength(26);
    expect(body.weeks[0]).toEqual({
      week: '2023-W01',
      startsAt: '2023-01-02T00:00:00.000+08:00',
      dueAt: '2023-01-09T12:00:00.000+08:00',
      ended: true,
      due: true,
    });
    expect(body.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual(['qwb', 'zzb']);
    const [qwb, zzb] = body.departments;
    expect(qwb.weeks.slice(0, 3)).toEqual([
      { week: '2023-W01', status: 'on-time', label: '按时', revision: 1 },
      { week: '2023-W02', status: 'late', label: '逾期', revision: 1 },
      { week: '2023-W03', status: 'missing', label: '未报' },
    ]);
    expect(zzb.weeks.slice(0, 3).map((w: { label: string }) => w.label)).toEqual([
      '无需报送',
      '无需报送',
      '按时',
    ]);
    expect(qwb).toMatchObject({ expected: 26, submitted: 2, onTime: 1, late: 1, missing: 24 });
  });

  test('It should give a department token its own row only', async () => {
    const response = await api.request('GET', '/v1/coverage/2023-H1', { token: qwbToken });
    expect(response.status).toBe(200);
    expect(response.body.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual(['qwb']);
  });

  test('It should answer 400 on path.period for a period that is not a half-year', async () => {
    const response = await api.request('GET', '/v1/coverage/2023-H3', { token: reviewerToken });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'path.period', message: expect.any(String) }]);
  });
});

describe('document links for a browser', () => {
  const district = '/v1/summaries/2023-H1/documents/district';

  test('It should answer 200 { url, expiresAt } with redirect=false, and the URL serves the listed bytes', async () => {
    const before = Date.now();
    const response = await api.request('GET', `${district}/docx?redirect=false`, { token: qwbToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 299_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    const file = await fetch(response.body.url);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; /);
    const listed = status.documents.find((d) => d.scope === 'district' && d.format === 'docx');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(listed?.sha256);
  });

  test('It should presign the HTML inline on request, for the preview', async () => {
    const response = await api.request('GET', `${district}/html?redirect=false&disposition=inline`, {
      token: reviewerToken,
    });
    expect(response.status).toBe(200);
    const file = await fetch(response.body.url);
    expect(file.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename=/);
  });

  test('It should refuse inline for any format but HTML, naming query.disposition', async () => {
    const response = await api.request('GET', `${district}/docx?redirect=false&disposition=inline`, {
      token: reviewerToken,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'query.disposition', message: expect.any(String) },
    ]);
  });

  test('It should still redirect without the parameter, and refuse an unknown one', async () => {
    const redirect = await api.request('GET', `${district}/md`, { token: reviewerToken });
    expect(redirect.status).toBe(302);
    const unknown = await api.request('GET', `${district}/md?download=1`, { token: reviewerToken });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('query.download');
  });
});
