/**
 * Requesting generations over HTTP: the 202 answer, one generation per period at a time, the status
 * through to ready, repeatable output, and a half-year still running summarised "to date".
 */
import { periodOfWeek, weekOf } from '../../../shared/domain/calendar';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
import { faultFields } from '../support/reports';
import { createDepartment, onTime, submit, summaryJson, week2023, type SummaryStatus } from './support';

const GENERATION_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

let api: TestStack;
let reviewer: string;

beforeAll(async () => {
  api = await startTestStack();
  reviewer = await tokenFor(api, 'reviewer');
  await createDepartment(api, 'qwb', '区委办');
  await createDepartment(api, 'zzb', '组织部');
  for (const n of [1, 2, 3]) {
    await submit(
      api,
      'qwb',
      week2023(n),
      [{ theme: 'political', title: `第${n}期`, metrics: [{ metric: 'cadres-trained', value: String(n) }] }],
      onTime(n),
    );
  }
}, 120_000);
afterAll(async () => {
  await api.stop();
});

describe('requesting a generation', () => {
  let firstId: string;

  test('It should answer 202 with the running generation and start only one while it runs', async () => {
    const first = await api.request('POST', '/v1/summaries/2023-H1', { token: reviewer });
    const second = await api.request('POST', '/v1/summaries/2023-H1', { token: reviewer });
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe('/v1/summaries/2023-H1');
    expect(first.body).toEqual({
      period: '2023-H1',
      generationId: expect.stringMatching(GENERATION_ID),
      status: 'running',
      started: true,
    });
    expect(second.status).toBe(202);
    expect(second.body).toEqual({ ...first.body, started: false });
    firstId = first.body.generationId;
    await api.stack.idle();
  });

  test('It should report the generation ready with its documents once it has finished', async () => {
    const response = await api.request<SummaryStatus>('GET', '/v1/summaries/2023-H1', { token: reviewer });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      period: '2023-H1',
      generationId: firstId,
      status: 'ready',
      documentsGenerationId: firstId,
    });
    expect(response.body.reason).toBeUndefined();
    const { startedAt, generatedAt, finishedAt } = response.body;
    expect(Date.parse(startedAt)).toBeLessThanOrEqual(Date.parse(generatedAt!));
    expect(Date.parse(generatedAt!)).toBeLessThanOrEqual(Date.parse(finishedAt!));
    expect(response.body.documents).toHaveLength(3 * 6);
  });

  test('It should start a new, later generation once the previous one has finished', async () => {
    const again = await api.request('POST', '/v1/summaries/2023-H1');
    expect(again.status).toBe(202);
    expect(again.body.started).toBe(true);
    expect(again.body.generationId).not.toBe(firstId);
    expect(again.body.generationId > firstId).toBe(true);
    await api.stack.idle();
    const response = await api.request('GET', '/v1/summaries/2023-H1');
    expect(response.body).toMatchObject({ generationId: again.body.generationId, status: 'ready' });
  });

  test('It should publish the same JSON for the same reports, generatedAt aside', async () => {
    const before = await summaryJson(api, '2023-H1', 'district');
    await api.request('POST', '/v1/summaries/2023-H1');
    await api.stack.idle();
    const after = await summaryJson(api, '2023-H1', 'district');
    expect(after.generatedAt).not.toBe(before.generatedAt);
    // The provenance note names the generation time to the minute, which differs whenever the two runs
    // straddle a minute; everything else must be the same.
    const withoutTime = (doc: { generatedAt?: string; provenance: { note: string } }) => ({
      ...doc,
      generatedAt: undefined,
      provenance: { ...doc.provenance, note: doc.provenance.note.replace(/生成时间[^（]+/, '生成时间…') },
    });
    expect(after.provenance.note).toMatch(/生成时间\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（/);
    expect(withoutTime(after)).toEqual(withoutTime(before));
    expect(after.metrics.find((m: { metric: string }) => m.metric === 'cadres-trained').value).toBe('6');
  });

  test('It should keep generations of different periods apart', async () => {
    const other = await api.request('POST', '/v1/summaries/2022-H2');
    expect(other.status).toBe(202);
    expect(other.body.started).toBe(true);
    await api.stack.idle();
    const status = await api.request('GET', '/v1/summaries/2022-H2');
    expect(status.body).toMatchObject({ period: '2022-H2', status: 'ready' });
    const first = await api.request('GET', '/v1/summaries/2023-H1');
    expect(first.body.period).toBe('2023-H1');
    expect(first.body.generationId).not.toBe(status.body.generationId);
  });
});

describe('a half-year that is still running', () => {
  test('It should summarise it "to date", counting only the weeks that have ended', async () => {
    // The running week (2026-W48 on 2026-11-26) and its half-year, derived from the clock so that the test
    // holds on any day. A report for the running week feeds the figures but is not due yet.
    const week = weekOf(new Date(), 'Asia/Shanghai');
    const period = periodOfWeek(week);
    const thisWeek = await api.request('PUT', `/v1/departments/zzb/reports/${week}`, {
      body: {
        items: [
          { theme: 'political', title: '本周轮训', metrics: [{ metric: 'cadres-trained', value: '0.7' }] },
        ],
      },
    });
    expect(thisWeek.status).toBe(201);
    const started = await api.request('POST', `/v1/summaries/${period}`, { token: reviewer });
    expect(started.status).toBe(202);
    await api.stack.idle();
    const status = await api.request('GET', `/v1/summaries/${period}`, { token: reviewer });
    expect(status.body.status).toBe('ready');
    const district = await summaryJson(api, period, 'district');
    expect(district.toDate).toBe(true);
    expect(district.coverage.weeksElapsed).not.toContain(thisWeek.body.week);
    // Reported but not due yet: shown as reported, never counted missing.
    const zzb = district.coverage.grid.find((row: { departmentId: string }) => row.departmentId === 'zzb');
    expect(zzb.weeks.find((cell: { week: string }) => cell.week === thisWeek.body.week)?.status).not.toBe(
      'missing',
    );
    expect(
      district.coverage.byDepartment.find((row: { departmentId: string }) => row.departmentId === 'zzb'),
    ).toMatchObject({
      expected: district.coverage.weeksElapsed.length,
    });
    expect(district.metrics.find((m: { metric: string }) => m.metric === 'cadres-trained').value).toBe('0.7');
  });

  test('It should refuse a half-year that has not started with 400 on path.period', async () => {
    const response = await api.request('POST', '/v1/summaries/2099-H1', { token: reviewer });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['path.period']);
  });
});
