/**
 * Every bad input of the contract: the status, the field named in `details`, and that nothing changed.
 * Submits aim at department "bad" (which holds revision 1 of 2023-W10) and, unless a case says otherwise,
 * at 2023-W11, which stays empty.
 */
import { faultFields, reportBody, reportPath, storedState, type ErrorBody } from '../support/reports';
import { ADMIN_TOKEN, departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { storedReportKeys } from '../support/table';

let api: TestStack;
let token: string;
let otherDepartment: string;
let reviewer: string;

beforeAll(async () => {
  api = await startTestStack();
  token = await departmentWithToken(api, 'bad', '坏输入');
  otherDepartment = await departmentWithToken(api, 'other', '别的部门');
  reviewer = await tokenFor(api, 'reviewer');
  const first = await api.request('PUT', reportPath('bad', '2023-W10'), { token, body: reportBody('基线') });
  if (first.status !== 201) throw new Error(first.text);
});
afterAll(async () => {
  await api.stop();
});

/** In place of a field: the answer is API Gateway's own, which names none. */
const GATEWAY = 'api-gateway';

interface Case {
  status: number;
  field: string;
  rawBody?: string | Uint8Array;
  body?: unknown;
  week?: string;
  departmentId?: string;
  token?: string;
  headers?: Record<string, string>;
}

async function expectRefused(c: Case) {
  const before = await storedState(api, 'bad', '2023-H1');
  const response = await api.request<ErrorBody>(
    'PUT',
    reportPath(c.departmentId ?? 'bad', c.week ?? '2023-W11'),
    {
      token: c.token ?? token,
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body ?? reportBody('不应保存') }),
      headers: c.headers ?? {},
    },
  );
  if (c.field === GATEWAY) {
    // API Gateway answers a request without the identity source itself, in its own shape (README).
    expect({ status: response.status, body: response.body }).toEqual({
      status: c.status,
      body: { message: 'Unauthorized' },
    });
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBeNull();
  } else {
    expect({ status: response.status, fields: faultFields(response) }).toEqual({
      status: c.status,
      fields: expect.arrayContaining([c.field]),
    });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body.error).toEqual({
      code: expect.any(String),
      message: expect.any(String),
      details: expect.arrayContaining([{ field: c.field, message: expect.any(String) }]),
    });
  }
  // Nothing a refused request did may show: the half-year is as it was, W10 has no revision 2, W11 no report.
  const after = await storedState(api, 'bad', '2023-H1');
  expect(after.length).toBe(before.length);
  expect(after).toBe(before);
  expect((await api.request('GET', `${reportPath('bad', '2023-W10')}?revision=2`)).status).toBe(404);
  expect((await api.request('GET', reportPath('bad', '2023-W11'))).status).toBe(404);
  return response;
}

const item = (overrides: Record<string, unknown> = {}) => ({
  theme: 'political',
  title: '标题',
  ...overrides,
});
const metric = (value: unknown, extra: Record<string, unknown> = {}) =>
  item({ metrics: [{ metric: 'cadres-trained', value, ...extra }] });
const metricRaw = (valueJson: string) =>
  `{"items":[{"theme":"political","title":"标题","metrics":[{"metric":"cadres-trained","value":${valueJson}}]}]}`;

describe('the body', () => {
  test.each<[string, Case]>([
    ['malformed JSON', { status: 400, field: 'body', rawBody: '{"items": [' }],
    ['a JSON NaN', { status: 400, field: 'body', rawBody: metricRaw('NaN') }],
    ['an empty body', { status: 400, field: 'body', rawBody: '' }],
    ['a body that is not an object', { status: 400, field: 'body', rawBody: '[]' }],
    [
      'a title of the wrong type',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: 123 })] } },
    ],
    [
      'highlight of the wrong type',
      { status: 400, field: 'body.items.0.highlight', body: { items: [item({ highlight: 'yes' })] } },
    ],
    ['items of the wrong type', { status: 400, field: 'body.items', body: { items: 'all' } }],
    ['missing items', { status: 400, field: 'body.items', body: {} }],
    [
      'a missing title',
      { status: 400, field: 'body.items.0.title', body: { items: [{ theme: 'political' }] } },
    ],
    [
      'a missing metric value',
      {
        status: 400,
        field: 'body.items.0.metrics.0.value',
        body: { items: [item({ metrics: [{ metric: 'cadres-trained' }] })] },
      },
    ],
    ['an unknown top-level field', { status: 400, field: 'body.bogus', body: { ...reportBody(), bogus: 1 } }],
    [
      'an unknown field in an item',
      { status: 400, field: 'body.items.0.bogus', body: { items: [item({ bogus: true })] } },
    ],
    [
      'an unknown field in a metric',
      { status: 400, field: 'body.items.0.metrics.0.bogus', body: { items: [metric('1', { bogus: 1 })] } },
    ],
    [
      'an unknown theme',
      { status: 400, field: 'body.items.0.theme', body: { items: [item({ theme: 'economy' })] } },
    ],
    [
      'an unknown metric',
      {
        status: 400,
        field: 'body.items.0.metrics.0.metric',
        body: { items: [item({ metrics: [{ metric: 'gdp', value: '1' }] })] },
      },
    ],
    [
      'a metric of another theme',
      {
        status: 400,
        field: 'body.items.0.metrics.0.metric',
        body: { items: [item({ metrics: [{ metric: 'award-money', value: '1' }] })] },
      },
    ],
    [
      'a metric twice in one item',
      {
        status: 400,
        field: 'body.items.0.metrics.1.metric',
        body: {
          items: [
            item({
              metrics: [
                { metric: 'cadres-trained', value: '1' },
                { metric: 'cadres-trained', value: '2' },
              ],
            }),
          ],
        },
      },
    ],
    ['an empty item list', { status: 400, field: 'body.items', body: { items: [] } }],
    [
      'over 100 items',
      { status: 400, field: 'body.items', body: { items: Array.from({ length: 101 }, () => item()) } },
    ],
    [
      'a title over 200 characters',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '题'.repeat(201) })] } },
    ],
    ['an empty title', { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '' })] } }],
    [
      'a blank title',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '   ' })] } },
    ],
    [
      'a title of 201 characters outside the BMP',
      {
        status: 400,
        field: 'body.items.0.title',
        body: { items: [item({ title: '\u{20000}'.repeat(201) })] },
      },
    ],
    [
      'a detail over 5,000 characters',
      { status: 400, field: 'body.items.0.detail', body: { items: [item({ detail: '详'.repeat(5001) })] } },
    ],
    [
      'a submittedAt that is not a date-time',
      {
        status: 400,
        field: 'body.submittedAt',
        token: ADMIN_TOKEN,
        body: reportBody('x', { submittedAt: '2023-03-14' }),
      },
    ],
    [
      'a submittedAt without an offset',
      {
        status: 400,
        field: 'body.submittedAt',
        token: ADMIN_TOKEN,
        body: reportBody('x', { submittedAt: '2023-03-14T10:00:00' }),
      },
    ],
    [
      'a title of invisible characters only',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '\u200b\u200b' })] } },
    ],
    [
      'a title of a byte-order mark and an ideographic space',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '\ufeff\u3000' })] } },
    ],
    [
      'a title with a lone surrogate',
      {
        status: 400,
        field: 'body.items.0.title',
        rawBody: '{"items":[{"theme":"political","title":"\\ud800标题"}]}',
      },
    ],
    [
      'a detail with NUL',
      { status: 400, field: 'body.items.0.detail', body: { items: [item({ detail: 'a\u0000b' })] } },
    ],
    [
      'a detail with BEL',
      { status: 400, field: 'body.items.0.detail', body: { items: [item({ detail: '\u0007' })] } },
    ],
    [
      'a title with ESC',
      { status: 400, field: 'body.items.0.title', body: { items: [item({ title: '\u001b[31m红' })] } },
    ],
    [
      'a body that is not UTF-8',
      {
        status: 400,
        field: 'body',
        rawBody: Buffer.concat([
          Buffer.from('{"items":[{"theme":"political","title":"'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}]}'),
        ]),
      },
    ],
    [
      "an admin's submittedAt before the week's start",
      {
        status: 400,
        field: 'body.submittedAt',
        token: ADMIN_TOKEN,
        // 2023-W11 begins on Monday 2023-03-13 at 00:00 in Asia/Shanghai.
        body: reportBody('x', { submittedAt: '2023-03-12T23:59:59+08:00' }),
      },
    ],
    [
      'a submittedAt in the future',
      {
        status: 400,
        field: 'body.submittedAt',
        token: ADMIN_TOKEN,
        body: reportBody('x', { submittedAt: '2099-01-01T00:00:00Z' }),
      },
    ],
  ])('It should refuse %s', async (_case, c) => {
    await expectRefused(c);
  });

  test('It should refuse a body over 256 KB with 413', async () => {
    const body = { items: [item({ detail: 'x'.repeat(256 * 1024) })] };
    await expectRefused({ status: 413, field: 'body', body });
  });

  test('It should refuse a body just over 256 KB that is otherwise valid JSON with 413', async () => {
    const padding = ' '.repeat(256 * 1024 + 1 - JSON.stringify(reportBody()).length);
    await expectRefused({ status: 413, field: 'body', rawBody: JSON.stringify(reportBody()) + padding });
  });

  test('It should refuse with 413 a body under 256 KB that would pass the 400 KB item limit once stored', async () => {
    // U+1D160 is 4 bytes as sent and 12 once normalised to NFC, which spells it as three characters:
    // 25 details of 1,666 of them are 167 KB of body but 500 KB of stored text.
    const detail = '\u{1D160}'.repeat(1666);
    const body = { items: Array.from({ length: 25 }, (_, i) => item({ title: `条目 ${i}`, detail })) };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(256 * 1024);
    const response = await expectRefused({ status: 413, field: 'body', body });
    expect(response.body.error.code).toBe('payload_too_large');
    expect(response.body.error.message).toContain('normalised to NFC');
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('It should refuse a %s body with 415', async (_case, contentType) => {
    await expectRefused({
      status: 415,
      field: 'header.content-type',
      rawBody: JSON.stringify(reportBody()),
      headers: { 'content-type': contentType },
    });
  });
});

describe('metric values', () => {
  test.each<[string, string]>([
    ['"NaN"', '"NaN"'],
    ['"Infinity"', '"Infinity"'],
    ['"-Infinity"', '"-Infinity"'],
    ['"1e999" (too large)', '"1e999"'],
    ['1e999 as a JSON number', '1e999'],
    ['19 significant digits', '"1234567890123456789"'],
    ['19 significant digits as a JSON number', '1234567890123456789'],
    ['19 significant digits after the point', '"0.1234567890123456789"'],
    ['a negative value', '"-5"'],
    ['a negative JSON number', '-0.5'],
    ['an empty string', '""'],
    ['a thousands separator', '"1,000"'],
    ['a hexadecimal number', '"0x10"'],
    ['a value with a unit inside', '"12人次"'],
    ['a boolean', 'true'],
    ['null', 'null'],
    ['10^20 or more', '"100000000000000000000"'],
    ['a value with a hundred thousand decimal places', '"1e-100000"'],
    ['a value too small for any exponent', '"1e-999999999999999999999"'],
    ['a JSON number too small for any exponent', '1e-999999999999999999999'],
    ['20 significant digits ending in a zero', '"12345678901234567890"'],
  ])('It should refuse the value %s with 400 naming the value', async (_case, valueJson) => {
    await expectRefused({
      status: 400,
      field: 'body.items.0.metrics.0.value',
      rawBody: metricRaw(valueJson),
    });
  });

  test('It should refuse a unit of another dimension with 400 naming the unit', async () => {
    await expectRefused({
      status: 400,
      field: 'body.items.0.metrics.0.unit',
      body: { items: [metric('1', { unit: '万元' })] },
    });
  });
});

describe('the path', () => {
  test.each(['2023-W54', '2023-W00', '23-W1', '2023-W1', '2023W10', '2022-W53'])(
    'It should refuse the week %s with 400 naming path.week',
    async (week) => {
      await expectRefused({ status: 400, field: 'path.week', week });
    },
  );

  test.each(['0000-W01', '1999-W52', '2100-W01', '9999-W52'])(
    'It should refuse the week %s of a year outside 2000 to 2099 with 400 naming path.week, and store nothing',
    async (week) => {
      await expectRefused({ status: 400, field: 'path.week', week, token: ADMIN_TOKEN });
      const read = await api.request<ErrorBody>('GET', reportPath('bad', week));
      expect({ status: read.status, fields: faultFields(read) }).toEqual({
        status: 400,
        fields: ['path.week'],
      });
      expect(await storedReportKeys('bad')).toEqual(['2023-W10#000001', 'HEAD#2023-W10']);
    },
  );

  test('It should refuse a week that has not started yet with 400 naming path.week', async () => {
    await expectRefused({ status: 400, field: 'path.week', week: '2099-W01' });
    expect((await api.request('GET', reportPath('bad', '2099-W01'))).status).toBe(404);
  });

  test('It should refuse an unknown department with 404 for an admin', async () => {
    await expectRefused({
      status: 404,
      field: 'path.departmentId',
      departmentId: 'ghost',
      token: ADMIN_TOKEN,
    });
    expect((await api.request('GET', reportPath('ghost', '2023-W11'))).status).toBe(404);
  });
});

describe('who is asking', () => {
  test("It should leave a request without a token to API Gateway's own 401", async () => {
    await expectRefused({ status: 401, field: GATEWAY, token: '' });
  });

  test('It should refuse an unknown token with 401', async () => {
    await expectRefused({ status: 401, field: 'header.authorization', token: `shwc_${'A'.repeat(43)}` });
  });

  test('It should refuse another department token with 403 naming path.departmentId', async () => {
    await expectRefused({ status: 403, field: 'path.departmentId', token: otherDepartment });
  });

  test('It should refuse a reviewer with 403', async () => {
    await expectRefused({ status: 403, field: 'header.authorization', token: reviewer });
  });

  test('It should check the token before the input: no token and a bad body is a 401', async () => {
    await expectRefused({ status: 401, field: GATEWAY, token: '', rawBody: '{"items": [' });
  });

  test('It should check the department before the input: another department and a bad week is a 403', async () => {
    await expectRefused({
      status: 403,
      field: 'path.departmentId',
      token: otherDepartment,
      week: '2023-W54',
    });
  });
});

describe('years the calendar does not accept', () => {
  test.each(['0000-H1', '1999-H2', '2100-H1', '9999-H2'])(
    'It should refuse to list the period %s with 400 naming query.period',
    async (period) => {
      const response = await api.request<ErrorBody>('GET', `/v1/departments/bad/reports?period=${period}`);
      expect({ status: response.status, fields: faultFields(response) }).toEqual({
        status: 400,
        fields: ['query.period'],
      });
    },
  );

  test.each([
    ['POST', '/v1/summaries/9999-H2'],
    ['POST', '/v1/summaries/0000-H1'],
    ['GET', '/v1/summaries/9999-H2'],
    ['GET', '/v1/summaries/1999-H2/documents/district/json'],
  ])('It should answer %s %s with 400 naming path.period', async (method, path) => {
    const response = await api.request<ErrorBody>(method, path, { token: reviewer });
    expect({ status: response.status, fields: faultFields(response) }).toEqual({
      status: 400,
      fields: ['path.period'],
    });
  });
});

describe('other text fields', () => {
  test.each([
    ['invisible characters only', '\u200b\u2060'],
    ['a control character', '部门\u0007'],
  ])('It should refuse a department name of %s with 400 naming body.name', async (_case, name) => {
    const response = await api.request<ErrorBody>('PUT', '/v1/departments/hygiene', { body: { name } });
    expect({ status: response.status, fields: faultFields(response) }).toEqual({
      status: 400,
      fields: ['body.name'],
    });
    const roster = await api.request<{ departments: { departmentId: string }[] }>('GET', '/v1/departments');
    expect(roster.status).toBe(200);
    expect(roster.body.departments.map((department) => department.departmentId)).not.toContain('hygiene');
  });

  test.each([
    ['invisible characters only', '\u200b'],
    ['a control character', 'label\u001b'],
    ['a lone surrogate', 'label\udc00'],
  ])('It should refuse a token label of %s with 400 naming body.label', async (_case, label) => {
    const response = await api.request<ErrorBody>('POST', '/v1/tokens', {
      body: { role: 'reviewer', label },
    });
    expect({ status: response.status, fields: faultFields(response) }).toEqual({
      status: 400,
      fields: ['body.label'],
    });
  });
});
