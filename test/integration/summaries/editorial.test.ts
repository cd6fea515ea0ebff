/**
 * The reviewer's editorial pass, end to end: PUT/GET /v1/summaries/{period}/editorial over HTTP (roles,
 * immutable revisions, If-Match, identical PUTs, validation), then a generation that uses it in the district
 * document only, with hostile text shown as text in every format.
 */
import { strFromU8, unzipSync } from 'fflate';
import { faultFields } from '../support/reports';
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { createDepartment, download, generate, submit, summaryJson, week2023 } from './support';

const PATH = '/v1/summaries/2023-H1/editorial';
const HOSTILE = `<script>alert(1)</script> **粗体** | 竖线 & "引号" <img src=x onerror=alert(1)>`;

let api: TestStack;
let reviewerToken: string;
let departmentToken: string;

beforeAll(async () => {
  api = await startTestStack();
  reviewerToken = await tokenFor(api, 'reviewer');
  departmentToken = await departmentWithToken(api, 'zzb', '区委组织部');
  await createDepartment(api, 'qwb', '区委办');
  await submit(api, 'qwb', week2023(2), [
    {
      theme: 'political',
      title: '专题轮训',
      highlight: true,
      metrics: [{ metric: 'cadres-trained', value: '120' }],
    },
  ]);
}, 60_000);
afterAll(async () => {
  await api.stop();
});

describe('PUT and GET /v1/summaries/{period}/editorial', () => {
  test('It should answer 404 before any editorial is stored', async () => {
    const response = await api.request('GET', '/v1/summaries/2022-H2/editorial', { token: reviewerToken });
    expect(response.status).toBe(404);
    expect(faultFields(response)).toEqual(['path.period']);
  });

  test('It should refuse a department token, for reading and for writing, with 403', async () => {
    const put = await api.request('PUT', PATH, { token: departmentToken, body: { overview: 'x' } });
    expect(put.status).toBe(403);
    const get = await api.request('GET', PATH, { token: departmentToken });
    expect(get.status).toBe(403);
  });

  test('It should store immutable revisions: 201, then 200 for a change, 200 with the same revision when identical', async () => {
    const first = await api.request('PUT', '/v1/summaries/2023-H2/editorial', {
      token: reviewerToken,
      body: { overview: '第一稿。', themes: { political: '政治建设导语。' } },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toEqual({
      period: '2023-H2',
      revision: 1,
      updatedAt: expect.any(String),
      overview: '第一稿。',
      themes: { political: '政治建设导语。' },
    });

    const second = await api.request('PUT', '/v1/summaries/2023-H2/editorial', {
      body: { overview: '第二稿。', nextSteps: '下一步。' },
    });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"2"');
    // PUT replaces the whole editorial: the theme text of revision 1 is gone.
    expect(second.body).not.toHaveProperty('themes');

    const again = await api.request('PUT', '/v1/summaries/2023-H2/editorial', {
      token: reviewerToken,
      body: { nextSteps: '下一步。', overview: '第二稿。' },
    });
    expect(again.status).toBe(200);
    expect(again.body.revision).toBe(2);
    expect(again.body.updatedAt).toBe(second.body.updatedAt);

    const read = await api.request('GET', '/v1/summaries/2023-H2/editorial', { token: reviewerToken });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"2"');
    expect(read.body).toEqual(second.body);
  });

  test('It should honour If-Match: 412 for a stale revision, success for the latest', async () => {
    const path = '/v1/summaries/2024-H1/editorial';
    const stale = await api.request('PUT', path, { headers: { 'if-match': '"3"' }, body: { overview: 'a' } });
    expect(stale.status).toBe(412);
    expect(faultFields(stale)).toEqual(['header.if-match']);
    const first = await api.request('PUT', path, { headers: { 'if-match': '"0"' }, body: { overview: 'a' } });
    expect(first.status).toBe(201);
    const lost = await api.request('PUT', path, { headers: { 'if-match': '"0"' }, body: { overview: 'b' } });
    expect(lost.status).toBe(412);
    const next = await api.request('PUT', path, { headers: { 'if-match': '"1"' }, body: { overview: 'b' } });
    expect(next.status).toBe(200);
    expect(next.body.revision).toBe(2);
    const garbled = await api.request('PUT', path, {
      headers: { 'if-match': 'soon' },
      body: { overview: 'c' },
    });
    expect(garbled.status).toBe(400);
    expect(faultFields(garbled)).toEqual(['header.if-match']);
  });

  test.each([
    ['an overview over 2,000 characters', { overview: '字'.repeat(2001) }, 'body.overview'],
    [
      'a theme text over 2,000 characters',
      { themes: { political: '字'.repeat(2001) } },
      'body.themes.political',
    ],
    ['next steps over 3,000 characters', { nextSteps: '字'.repeat(3001) }, 'body.nextSteps'],
    ['a theme the catalog does not have', { themes: { unknown: '文字' } }, 'body.themes.unknown'],
    ['a blank overview', { overview: ' \n ' }, 'body.overview'],
    ['a control character', { nextSteps: 'a\u0007b' }, 'body.nextSteps'],
    ['an unknown field', { summary: 'x' }, 'body.summary'],
    ['text of the wrong type', { overview: 42 }, 'body.overview'],
  ])('It should refuse %s with 400 naming the field, and store nothing', async (_, body, field) => {
    const path = '/v1/summaries/2025-H1/editorial';
    const response = await api.request('PUT', path, { token: reviewerToken, body });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toContain(field);
    expect((await api.request('GET', path, { token: reviewerToken })).status).toBe(404);
  });

  test('It should accept exactly 2,000 and 3,000 characters, counting a character outside the BMP once', async () => {
    const response = await api.request('PUT', '/v1/summaries/2025-H2/editorial', {
      token: reviewerToken,
      body: { overview: '𝄞'.repeat(2000), nextSteps: '字'.repeat(3000) },
    });
    expect(response.status).toBe(201);
  });

  test('It should refuse a period that is not one with 400', async () => {
    const response = await api.request('PUT', '/v1/summaries/2023-H3/editorial', { body: { overview: 'x' } });
    expect(response.status).toBe(400);
    expect(faultFields(response)).toContain('path.period');
  });
});

describe('a generation with an editorial', () => {
  /* eslint-disable @typescript-eslint/no-explicit-any -- the published documents are read as plain JSON */
  let district: any;
  let department: any;
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const texts: Record<string, string> = {};

  beforeAll(async () => {
    const put = await api.request('PUT', PATH, {
      token: reviewerToken,
      body: {
        overview: `总体情况由审稿人撰写。\n\n${HOSTILE}`,
        themes: { political: '政治建设导语由审稿人撰写。' },
        nextSteps: '一是继续抓好干部轮训。\n\n二是抓好人才工作。',
      },
    });
    expect(put.status).toBe(201);
    await generate(api, '2023-H1', reviewerToken);
    district = await summaryJson(api, '2023-H1', 'district');
    department = await summaryJson(api, '2023-H1', 'qwb');
    for (const format of ['html', 'md', 'docx']) {
      const { bytes } = await download(api, `/v1/summaries/2023-H1/documents/district/${format}`);
      texts[format] =
        format === 'docx' ? strFromU8(unzipSync(bytes)['word/document.xml']!) : bytes.toString('utf8');
    }
  }, 120_000);

  test('It should record the editorial revision in the district JSON, and none in a department document', () => {
    expect(district.editorial).toMatchObject({ revision: 1, overview: expect.stringContaining('审稿人') });
    expect(department.editorial).toBeNull();
  });

  test('It should put the editorial text in place of the overview and the theme lead, and add 下一步', () => {
    const html = texts.html ?? '';
    expect(html).toContain('<p>总体情况由审稿人撰写。</p>');
    expect(html).toContain('<p>政治建设导语由审稿人撰写。</p>');
    expect(html).not.toContain('全区各单位围绕');
    expect(html).toMatch(
      /<h2>[^<]*、下一步工作打算<\/h2>\n<p>一是继续抓好干部轮训。<\/p>\n<p>二是抓好人才工作。<\/p>/,
    );
    expect(texts.md).toContain('下一步工作打算');
    expect(texts.docx).toContain('二是抓好人才工作。');
  });

  test('It should show hostile editorial text as text in every format', () => {
    const html = texts.html ?? '';
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; **粗体** | 竖线 &amp; &quot;引号&quot; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(html).not.toMatch(/<script|<img/i);
    const md = texts.md ?? '';
    expect(md).toContain(
      '&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*\\*粗体\\*\\* \\| 竖线 &amp; "引号" &lt;img src=x onerror=alert\\(1\\)&gt;',
    );
    expect(md).not.toMatch(/<script|<img/i);
    const docx = texts.docx ?? '';
    expect(docx).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; **粗体** | 竖线 &amp; &quot;引号&quot; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(docx).not.toMatch(/<script|<img/i);
  });

  test('It should leave the department documents without the editorial', async () => {
    const { bytes } = await download(api, '/v1/summaries/2023-H1/documents/qwb/html');
    const html = bytes.toString('utf8');
    expect(html).not.toContain('审稿人');
    expect(html).not.toContain('下一步工作打算');
  });
});
