import { MAX_REVISIONS_PER_WEEK } from '../../../shared/config/names';
import { faultFields, reportBody, reportPath } from '../support/reports';
import { departmentWithToken, startTestStack, type TestStack } from '../support/stack';

let api: TestStack;
let token: string;

beforeAll(async () => {
  api = await startTestStack();
  token = await departmentWithToken(api, 'rev', '修订');
});
afterAll(async () => {
  await api.stop();
});

const submit = (week: string, body: unknown, headers: Record<string, string> = {}) =>
  api.request('PUT', reportPath('rev', week), { token, body, headers });
const read = (week: string, revision?: number) =>
  api.request('GET', `${reportPath('rev', week)}${revision ? `?revision=${revision}` : ''}`, { token });

describe('revisions', () => {
  test('It should answer an identical resubmission with 200 and the same revision, creating nothing', async () => {
    const first = await submit('2023-W10', reportBody('同一内容'));
    const again = await submit('2023-W10', reportBody('同一内容'));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe('"1"');
    expect(again.body).toEqual(first.body);
    expect((await read('2023-W10', 2)).status).toBe(404);
    expect(faultFields(await read('2023-W10', 2))).toEqual(['query.revision']);
  });

  test('It should treat a JSON number and its decimal string as identical content', async () => {
    const rawBody = (value: string) =>
      `{"items":[{"theme":"political","title":"数","metrics":[{"metric":"cadres-trained","value":${value}}]}]}`;
    const path = reportPath('rev', '2023-W11');
    expect((await api.request('PUT', path, { token, rawBody: rawBody('12.50') })).status).toBe(201);
    const same = await api.request('PUT', path, { token, rawBody: rawBody('"12.5"') });
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(1);
  });

  test('It should store different content as revision 2 with 200 and keep revision 1 readable', async () => {
    const first = await submit('2023-W12', reportBody('初稿'));
    const second = await submit('2023-W12', reportBody('修订稿'));
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"2"');
    expect(second.body.revision).toBe(2);
    expect(second.body.firstSubmittedAt).toBe(first.body.submittedAt);

    const latest = await read('2023-W12');
    expect(latest.headers.get('etag')).toBe('"2"');
    expect(latest.body.items[0].title).toBe('修订稿');
    const older = await read('2023-W12', 1);
    expect(older.status).toBe(200);
    expect(older.headers.get('etag')).toBe('"1"');
    expect(older.body).toEqual(first.body);
  });

  test('It should store content equal to an older revision as a new revision', async () => {
    await submit('2023-W13', reportBody('A'));
    await submit('2023-W13', reportBody('B'));
    const back = await submit('2023-W13', reportBody('A'));
    expect(back.status).toBe(200);
    expect(back.body.revision).toBe(3);
  });

  test('It should refuse If-Match naming another revision with 412 and write nothing', async () => {
    await submit('2023-W14', reportBody('一'));
    await submit('2023-W14', reportBody('二'));
    const response = await submit('2023-W14', reportBody('三'), { 'if-match': '"1"' });
    expect(response.status).toBe(412);
    expect(response.body.error.code).toBe('precondition_failed');
    expect(faultFields(response)).toEqual(['header.if-match']);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect((await read('2023-W14')).body.revision).toBe(2);
    expect((await read('2023-W14', 3)).status).toBe(404);
  });

  test('It should store a submit whose If-Match names the latest revision', async () => {
    await submit('2023-W15', reportBody('一'));
    const response = await submit('2023-W15', reportBody('二'), { 'if-match': '"1"' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body.revision).toBe(2);
  });

  test('It should refuse If-Match on a week without a report with 412', async () => {
    const response = await submit('2023-W16', reportBody(), { 'if-match': '"1"' });
    expect(response.status).toBe(412);
    expect(faultFields(response)).toEqual(['header.if-match']);
    expect((await read('2023-W16')).status).toBe(404);
  });

  test('It should refuse a malformed If-Match with 400 naming header.if-match', async () => {
    const response = await submit('2023-W17', reportBody(), { 'if-match': 'latest' });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['header.if-match']);
    expect((await read('2023-W17')).status).toBe(404);
  });
});

describe('the revision cap', () => {
  test('It should refuse a different submit after the most revisions a week may have with 409, storing nothing', async () => {
    for (let n = 1; n <= MAX_REVISIONS_PER_WEEK; n++) {
      expect((await submit('2023-W30', reportBody(`第${n}版`))).status).toBe(n === 1 ? 201 : 200);
    }
    const refused = await submit('2023-W30', reportBody('再改一次'));
    expect(refused.status).toBe(409);
    expect(faultFields(refused)).toEqual(['path.week']);
    expect((await read('2023-W30')).body.revision).toBe(MAX_REVISIONS_PER_WEEK);
    expect((await read('2023-W30', MAX_REVISIONS_PER_WEEK + 1)).status).toBe(404);
    const same = await submit('2023-W30', reportBody(`第${MAX_REVISIONS_PER_WEEK}版`));
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(MAX_REVISIONS_PER_WEEK);
  });
});

describe('concurrency', () => {
  test('It should create exactly one revision from 50 concurrent identical submits', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => submit('2023-W20', reportBody('并发同一内容'))),
    );
    for (const response of responses) {
      expect([200, 201]).toContain(response.status);
      expect(response.body.revision).toBe(1);
      expect(response.headers.get('etag')).toBe('"1"');
    }
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect((await read('2023-W20')).body.revision).toBe(1);
    expect((await read('2023-W20', 2)).status).toBe(404);
  });

  test('It should keep every one of 10 concurrent different submits as its own revision', async () => {
    const titles = Array.from({ length: 10 }, (_, i) => `并发内容 ${i}`);
    const responses = await Promise.all(titles.map((title) => submit('2023-W21', reportBody(title))));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(responses.map((r) => r.body.revision).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);

    const stored = await Promise.all(titles.map((_, i) => read('2023-W21', i + 1)));
    expect(stored.every((r) => r.status === 200)).toBe(true);
    expect(stored.map((r) => r.body.items[0].title).sort()).toEqual([...titles].sort());
    expect((await read('2023-W21', 11)).status).toBe(404);
    expect((await read('2023-W21')).body.revision).toBe(10);
  });

  test('It should let exactly one of 10 concurrent If-Match "1" submits through and refuse the rest with 412', async () => {
    await submit('2023-W22', reportBody('基线'));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        submit('2023-W22', reportBody(`条件修订 ${i}`), { 'if-match': '"1"' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(9);
    const winner = responses.find((r) => r.status === 200)!;
    expect(winner.body.revision).toBe(2);
    const latest = await read('2023-W22');
    expect(latest.body.revision).toBe(2);
    expect(latest.body.items).toEqual(winner.body.items);
    expect((await read('2023-W22', 3)).status).toBe(404);
  });
});
