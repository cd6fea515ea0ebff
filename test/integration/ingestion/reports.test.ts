import { faultFields, reportBody, reportPath, storedState } from '../support/reports';
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';

let api: TestStack;
let qwb: string;
let zzb: string;
let reviewer: string;

beforeAll(async () => {
  api = await startTestStack();
  qwb = await departmentWithToken(api, 'qwb', '区委办');
  zzb = await departmentWithToken(api, 'zzb', '组织部');
  reviewer = await tokenFor(api, 'reviewer');
});
afterAll(async () => {
  await api.stop();
});

/** Submits raw JSON text for one metric of an item of the given theme and returns the stored metric. */
async function storedMetric(week: string, theme: string, metricJson: string) {
  const response = await api.request('PUT', reportPath('qwb', week), {
    token: qwb,
    rawBody: `{"items":[{"theme":"${theme}","title":"数值","metrics":[${metricJson}]}]}`,
  });
  expect(response.status).toBe(201);
  return response.body.items[0].metrics[0];
}

describe('submitting and reading a report', () => {
  test('It should store a first revision and answer 201 with the stored report and ETag "1"', async () => {
    const before = Date.now();
    const response = await api.request('PUT', reportPath('qwb', '2023-W23'), {
      token: qwb,
      body: reportBody(),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body).toEqual({
      departmentId: 'qwb',
      week: '2023-W23',
      period: '2023-H1',
      revision: 1,
      submittedAt: expect.any(String),
      // The server clock decides, and 2023 is long past its deadline.
      late: true,
      firstSubmittedAt: response.body.submittedAt,
      onTime: false,
      items: [
        {
          theme: 'political',
          title: '专题轮训全覆盖',
          detail: '组织全区党员干部分批次参加专题轮训。',
          highlight: true,
          metrics: [{ metric: 'cadres-trained', value: '1300', unit: '人次' }],
        },
      ],
    });
    expect(Date.parse(response.body.submittedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  test('It should return the latest revision to the department, a reviewer and an admin', async () => {
    const submitted = await api.request('PUT', reportPath('qwb', '2023-W24'), {
      token: qwb,
      body: reportBody(),
    });
    for (const token of [qwb, reviewer, undefined]) {
      const response = await api.request('GET', reportPath('qwb', '2023-W24'), token ? { token } : {});
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.body).toEqual(submitted.body);
    }
  });

  test('It should refuse another department reading or listing with 403 naming path.departmentId', async () => {
    await api.request('PUT', reportPath('qwb', '2023-W25'), { token: qwb, body: reportBody() });
    const read = await api.request('GET', reportPath('qwb', '2023-W25'), { token: zzb });
    expect(read.status).toBe(403);
    expect(faultFields(read)).toEqual(['path.departmentId']);
    const listed = await api.request('GET', '/v1/departments/qwb/reports?period=2023-H1', { token: zzb });
    expect(listed.status).toBe(403);
    expect(faultFields(listed)).toEqual(['path.departmentId']);
  });

  test('It should answer 404 for a week without a report and for an unknown department', async () => {
    const noReport = await api.request('GET', reportPath('qwb', '2023-W02'));
    expect(noReport.status).toBe(404);
    expect(faultFields(noReport)).toEqual(['path.week']);
    const noDepartment = await api.request('GET', reportPath('nobody', '2023-W02'));
    expect(noDepartment.status).toBe(404);
    expect(faultFields(noDepartment)).toEqual(['path.departmentId']);
    const noList = await api.request('GET', '/v1/departments/nobody/reports?period=2023-H1');
    expect(noList.status).toBe(404);
    expect(faultFields(noList)).toEqual(['path.departmentId']);
  });

  test('It should refuse a revision that is not a number with 400 naming query.revision', async () => {
    const response = await api.request('GET', `${reportPath('qwb', '2023-W23')}?revision=latest`);
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['query.revision']);
  });
});

describe('listing a half-year', () => {
  test('It should list the latest revision of each week of the period in week order', async () => {
    const token = await departmentWithToken(api, 'list-dept');
    const put = (week: string, title: string) =>
      api.request('PUT', reportPath('list-dept', week), { token, body: reportBody(title) });
    expect((await put('2023-W02', 'W02 第一版')).status).toBe(201);
    expect((await put('2023-W01', 'W01')).status).toBe(201);
    expect((await put('2023-W02', 'W02 第二版')).status).toBe(200);
    expect((await put('2023-W26', 'W26')).status).toBe(201);
    expect((await put('2023-W27', 'W27 属于下半年')).status).toBe(201);

    for (const reader of [token, reviewer, undefined]) {
      const response = await api.request(
        'GET',
        '/v1/departments/list-dept/reports?period=2023-H1',
        reader ? { token: reader } : {},
      );
      expect(response.status).toBe(200);
      expect(response.body.departmentId).toBe('list-dept');
      expect(response.body.period).toBe('2023-H1');
      expect(
        response.body.reports.map((r: { week: string; revision: number; items: { title: string }[] }) => [
          r.week,
          r.revision,
          r.items[0]!.title,
        ]),
      ).toEqual([
        ['2023-W01', 1, 'W01'],
        ['2023-W02', 2, 'W02 第二版'],
        ['2023-W26', 1, 'W26'],
      ]);
    }
    const second = await api.request('GET', '/v1/departments/list-dept/reports?period=2023-H2');
    expect(second.body.reports.map((r: { week: string }) => r.week)).toEqual(['2023-W27']);
  });

  test('It should page the listing with limit and nextToken, each week once, in week order', async () => {
    const token = await departmentWithToken(api, 'page-dept');
    const weeks = ['2023-W03', '2023-W01', '2023-W05', '2023-W02', '2023-W04'];
    for (const week of weeks) {
      const put = await api.request('PUT', reportPath('page-dept', week), { token, body: reportBody(week) });
      expect(put.status).toBe(201);
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const query = `period=2023-H1&limit=2${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
      const page = await api.request('GET', `/v1/departments/page-dept/reports?${query}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.reports.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.reports.map((r: { week: string }) => r.week));
      nextToken = page.body.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['2023-W01', '2023-W02', '2023-W03', '2023-W04', '2023-W05']);
  });

  test.each([
    ['a limit of 0', 'limit=0', 'query.limit'],
    ['a limit over 100', 'limit=101', 'query.limit'],
    ['a nextToken it did not issue', 'nextToken=AAAA', 'query.nextToken'],
  ])('It should refuse %s with 400 naming the field', async (_case, query, field) => {
    const response = await api.request('GET', `/v1/departments/qwb/reports?period=2023-H1&${query}`);
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual([field]);
  });

  test('It should answer an empty list for a period without reports', async () => {
    const response = await api.request('GET', '/v1/departments/qwb/reports?period=2022-H2');
    expect(response.status).toBe(200);
    expect(response.body.reports).toEqual([]);
  });

  test.each([
    ['a malformed period', '?period=2023-H3'],
    ['a missing period', ''],
  ])('It should refuse %s with 400 naming query.period', async (_case, query) => {
    const response = await api.request('GET', `/v1/departments/qwb/reports${query}`);
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['query.period']);
  });
});

describe('metric values and units', () => {
  test.each([
    ['a JSON number with a trailing zero', '{"metric":"cadres-trained","value":1300.10}', '1300.1'],
    [
      'a JSON number that binary floating point cannot hold',
      '{"metric":"cadres-trained","value":0.1}',
      '0.1',
    ],
    [
      'a JSON number of 18 significant digits',
      '{"metric":"cadres-trained","value":12345678901234567.8}',
      '12345678901234567.8',
    ],
    ['a JSON number with an exponent', '{"metric":"cadres-trained","value":1.5e3}', '1500'],
    ['a decimal string', '{"metric":"cadres-trained","value":"0.30000000000000004"}', '0.30000000000000004'],
    [
      'a decimal string of 18 digits',
      '{"metric":"cadres-trained","value":"123456789012345678"}',
      '123456789012345678',
    ],
    ['zero', '{"metric":"cadres-trained","value":"0"}', '0'],
    // Trailing zeros of an integer are not significant digits, so these are all one digit.
    [
      'a decimal string of 19 digits ending in zeros',
      '{"metric":"cadres-trained","value":"1000000000000000000"}',
      '1000000000000000000',
    ],
    ['1e18 as a JSON number', '{"metric":"cadres-trained","value":1e18}', '1000000000000000000'],
    ['1e15 万人次', '{"metric":"cadres-trained","value":"1e15","unit":"万人次"}', '10000000000000000000'],
  ])('It should keep %s exactly', async (_case, metricJson, expected) => {
    const stored = await storedMetric(nextWeek(), 'political', metricJson);
    expect(stored).toEqual({ metric: 'cadres-trained', value: expected, unit: '人次' });
  });

  test.each([
    ['omitted', '{"metric":"award-money","value":"800"}', '800'],
    ['equal to the catalog unit', '{"metric":"award-money","value":"800","unit":"元"}', '800'],
    ['万元 as a decimal string', '{"metric":"award-money","value":"12.5","unit":"万元"}', '125000'],
    ['万元 as a JSON number', '{"metric":"award-money","value":12.5,"unit":"万元"}', '125000'],
    ['亿元', '{"metric":"award-money","value":"1.23456789","unit":"亿元"}', '123456789'],
    ['亿元 leaving a fraction', '{"metric":"award-money","value":"0.000000015","unit":"亿元"}', '1.5'],
  ])('It should convert a unit %s exactly into the catalog unit', async (_case, metricJson, expected) => {
    const stored = await storedMetric(nextWeek(), 'talent', metricJson);
    expect(stored).toEqual({ metric: 'award-money', value: expected, unit: '元' });
  });

  test('It should refuse another unit with 400 naming the metric and the accepted units', async () => {
    const before = await storedState(api, 'qwb', '2023-H1');
    const response = await api.request('PUT', reportPath('qwb', '2023-W05'), {
      token: qwb,
      body: {
        items: [
          { theme: 'talent', title: '奖励', metrics: [{ metric: 'award-money', value: '3', unit: '千元' }] },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toEqual(['body.items.0.metrics.0.unit']);
    const message: string = response.body.error.details[0].message;
    expect(message).toContain('award-money');
    for (const unit of ['元', '万元', '亿元']) expect(message).toContain(unit);
    expect(await storedState(api, 'qwb', '2023-H1')).toBe(before);
  });
});

describe('submittedAt and lateness', () => {
  // 2023-W23 ends on Sunday 2023-06-11; its report is due on Monday 2023-06-12 at 12:00 in Asia/Shanghai.
  test.each([
    ['one minute before the deadline', '2023-06-12T11:59:00+08:00', false],
    ['exactly at the deadline', '2023-06-12T12:00:00+08:00', false],
    ['one minute after the deadline', '2023-06-12T12:01:00+08:00', true],
    ['after the deadline, written in UTC', '2023-06-12T04:00:01Z', true],
  ])(
    'It should accept an admin submittedAt %s and judge lateness by it',
    async (_case, submittedAt, late) => {
      const departmentId = `late-${late}-${submittedAt.slice(11, 19).replace(/:/g, '')}`;
      await api.request('PUT', `/v1/departments/${departmentId}`, { body: { name: departmentId } });
      const response = await api.request('PUT', reportPath(departmentId, '2023-W23'), {
        body: reportBody('导入', { submittedAt }),
      });
      expect(response.status).toBe(201);
      expect(response.body.submittedAt).toBe(new Date(submittedAt).toISOString());
      expect(response.body.late).toBe(late);
      expect(response.body.onTime).toBe(!late);
    },
  );

  test('It should judge punctuality on revision 1 while each revision keeps its own lateness', async () => {
    await api.request('PUT', '/v1/departments/punctual', { body: { name: '准时' } });
    const path = reportPath('punctual', '2023-W23');
    await api.request('PUT', path, {
      body: reportBody('初稿', { submittedAt: '2023-06-09T18:00:00+08:00' }),
    });
    const correction = await api.request('PUT', path, {
      body: reportBody('更正', { submittedAt: '2023-06-14T09:00:00+08:00' }),
    });
    expect(correction.status).toBe(200);
    expect(correction.body).toMatchObject({
      revision: 2,
      late: true,
      onTime: true,
      firstSubmittedAt: '2023-06-09T10:00:00.000Z',
    });
  });

  test('It should accept an admin submittedAt at the very start of the week', async () => {
    await api.request('PUT', '/v1/departments/early', { body: { name: '提前' } });
    const response = await api.request('PUT', reportPath('early', '2023-W23'), {
      body: reportBody('周一零点', { submittedAt: '2023-06-05T00:00:00+08:00' }),
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ submittedAt: '2023-06-04T16:00:00.000Z', late: false });
  });

  test('It should refuse submittedAt from a department token with 403 and store nothing', async () => {
    const response = await api.request('PUT', reportPath('qwb', '2023-W06'), {
      token: qwb,
      body: reportBody('补报', { submittedAt: '2023-02-10T18:00:00+08:00' }),
    });
    expect(response.status).toBe(403);
    expect(faultFields(response)).toEqual(['body.submittedAt']);
    expect((await api.request('GET', reportPath('qwb', '2023-W06'))).status).toBe(404);
  });
});

describe('text', () => {
  test('It should store titles and details normalised to NFC and otherwise verbatim', async () => {
    const hostile = '<script>alert("x")</script> & \'; DROP TABLE reports; -- {{7*7}} ${x}';
    const response = await api.request('PUT', reportPath('qwb', '2023-W07'), {
      token: qwb,
      body: {
        items: [
          { theme: 'governance', title: 'Cafe\u0301 <b>粗体</b>', detail: `e\u0301 ${hostile}\n第二行\t` },
          { theme: 'talent', title: hostile },
        ],
      },
    });
    expect(response.status).toBe(201);
    const [first, second] = response.body.items;
    expect(first.title).toBe('Caf\u00e9 <b>粗体</b>');
    expect(first.detail).toBe(`\u00e9 ${hostile}\n第二行\t`);
    expect(second.title).toBe(hostile);
    // Defaults for what was left out.
    expect(second).toEqual({ theme: 'talent', title: hostile, highlight: false, metrics: [] });
    const read = await api.request('GET', reportPath('qwb', '2023-W07'));
    expect(read.body.items).toEqual(response.body.items);
  });

  test('It should store CRLF and CR line breaks as LF and keep tabs', async () => {
    const response = await api.request('PUT', reportPath('qwb', '2023-W10'), {
      token: qwb,
      body: { items: [{ theme: 'talent', title: '换行', detail: '第一行\r\n第二行\r第三行\n\t缩进' }] },
    });
    expect(response.status).toBe(201);
    expect(response.body.items[0].detail).toBe('第一行\n第二行\n第三行\n\t缩进');
  });

  test('It should keep surrounding whitespace of a title and count characters, not UTF-16 units', async () => {
    const items = [
      { theme: 'talent', title: '  前后有空格  ' },
      { theme: 'talent', title: '\u{20000}'.repeat(200) },
      { theme: 'talent', title: 'e\u0301'.repeat(200) },
    ];
    const response = await api.request('PUT', reportPath('qwb', '2023-W09'), { token: qwb, body: { items } });
    expect(response.status).toBe(201);
    expect(response.body.items.map((i: { title: string }) => i.title)).toEqual([
      '  前后有空格  ',
      '\u{20000}'.repeat(200),
      '\u00e9'.repeat(200),
    ]);
  });

  test('It should accept a title of exactly 200 characters, a detail of 5,000 and 100 items', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({
      theme: 'development',
      title: i === 0 ? '题'.repeat(200) : `事项 ${i}`,
      ...(i === 0 ? { detail: '详'.repeat(5000) } : {}),
    }));
    const response = await api.request('PUT', reportPath('qwb', '2023-W08'), { token: qwb, body: { items } });
    expect(response.status).toBe(201);
    expect(response.body.items).toHaveLength(100);
    expect(response.body.items[0].title).toHaveLength(200);
  });
});

let weekCounter = 0;
/** A fresh started week of 2024 for each call, so tests of values do not collide. */
function nextWeek() {
  weekCounter += 1;
  return `2024-W${String(weekCounter).padStart(2, '0')}`;
}
