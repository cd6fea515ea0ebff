/**
 * The web app in a real browser against the real local stack: a clerk, a reviewer and an admin each do
 * their job through the pages, using the names a person sees (labels, button texts), and the API is
 * asked afterwards whether it happened. Each page is checked with axe-core and photographed at 360 and
 * 1280 px. The Chromium comes from the npm package @sparticuz/chromium: no system browser is needed.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild } from '../../infra/local/web-build';
import { periodPageUrl } from '../../shared/use-cases/notifications';
import {
  createDepartment,
  download,
  onTime,
  submit,
  summaryJson,
  week2023,
} from '../integration/summaries/support';
import {
  ADMIN_TOKEN,
  departmentWithToken,
  startTestStack,
  tokenFor,
  type TestStack,
} from '../integration/support/stack';
import { launchBrowser } from './support/browser';
import { screenshots, seriousViolations } from './support/page-checks';

let api: TestStack;
let browser: Browser;
let context: BrowserContext;
/** Every URL the browser asked for, to prove that no token ever travels in one. */
const requestedUrls: string[] = [];
/** CSP violations and page errors, which must not happen. */
const pageProblems: string[] = [];

beforeAll(async () => {
  ensureWebBuild();
  [api, browser] = await Promise.all([startTestStack(), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

beforeEach(async () => {
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  context.on('request', (request) => requestedUrls.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) pageProblems.push(message.text());
  });
  context.on('weberror', (error) => pageProblems.push(error.error().message));
});
afterEach(async () => {
  await context.close();
});

async function open(path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(api.url + path);
  return page;
}

/** Waits until some draft in localStorage holds the text (drafts are written after the render). */
async function storedDraftContains(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      // Runs in the page; the test's own TypeScript has no DOM types.
      const store = (
        globalThis as unknown as {
          localStorage: {
            length: number;
            key(i: number): string | null;
            getItem(key: string): string | null;
          };
        }
      ).localStorage;
      for (let i = 0; i < store.length; i++) {
        if ((store.getItem(store.key(i) ?? '') ?? '').includes(expected)) return true;
      }
      return false;
    },
    JSON.stringify(text).slice(1, -1),
  );
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

/** The error shown for an input: the text of the element its aria-describedby names as its error. */
async function fieldError(page: Page, input: ReturnType<Page['getByLabel']>) {
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const id = ids.find((candidate) => candidate.endsWith('-error'));
  expect(id).toBeDefined();
  return page.locator(`[id="${id}"]`).textContent();
}

describe('a department clerk', () => {
  let token: string;
  beforeAll(async () => {
    token = await departmentWithToken(api, 'qwb', '区委办');
  });

  test('It should sign in by link, submit two items with a 万 metric, correct them, and see field errors', async () => {
    const page = await open(`/#token=${token}`);
    await page.getByRole('heading', { name: '区委办 · 周报填报' }).waitFor();
    // The fragment is gone from the address bar once read.
    expect(page.url()).toBe(`${api.url}/`);
    const week = await page.getByLabel('周次', { exact: true }).inputValue();
    expect(week).toMatch(/^\d{4}-W\d{2}$/);
    await page.getByText('本周尚未提交。').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'clerk-empty');

    const first = page.getByRole('group', { name: '事项 1', exact: true });
    await first.getByLabel('主题').selectOption({ label: '政治建设' });
    await first.getByLabel('标题').fill('专题轮训全覆盖');
    await first.getByLabel('详情').fill('组织全区党员干部分批次参加专题轮训。');
    await first.getByLabel('亮点').check();
    await first.getByRole('button', { name: '添加指标' }).click();
    await first.getByLabel('指标', { exact: true }).selectOption({ label: '专题轮训干部' });
    await first.getByLabel('数值').fill('1.5');
    await first.getByLabel('单位').selectOption('万人次');
    await page.getByRole('button', { name: '添加事项' }).click();
    const second = page.getByRole('group', { name: '事项 2', exact: true });
    await second.getByLabel('主题').selectOption({ label: '人才工作' });
    await second.getByLabel('标题').fill('人才引进座谈');
    await page.getByRole('button', { name: '提交周报' }).click();
    await page.getByText(/^已提交 第1版，/).waitFor();
    await screenshots(page, 'clerk-submitted');

    // A correction: the page shows what changes and sends If-Match for the revision it read.
    await second.getByLabel('标题').fill('人才引进座谈会');
    const diff = page.getByRole('region', { name: '与第1版相比的修改' });
    await diff.getByText('事项2 标题').waitFor();
    expect(await diff.textContent()).toContain('人才引进座谈会');
    await expectAccessible(page);
    await screenshots(page, 'clerk-correction');
    const submitted = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: '提交周报' }).click();
    expect((await submitted).headers()['if-match']).toBe('"1"');
    await page.getByText(/^已提交 第2版，/).waitFor();

    const stored = await api.request('GET', `/v1/departments/qwb/reports/${week}`, { token });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      revision: 2,
      items: [
        {
          theme: 'political',
          title: '专题轮训全覆盖',
          detail: '组织全区党员干部分批次参加专题轮训。',
          highlight: true,
          metrics: [{ metric: 'cadres-trained', value: '15000', unit: '人次' }],
        },
        { theme: 'talent', title: '人才引进座谈会', highlight: false, metrics: [] },
      ],
    });

    // The API's 400 names body.items.0.metrics.0.value; the page shows it beside that input.
    await first.getByLabel('数值').fill('一万五');
    await page.getByRole('button', { name: '提交周报' }).click();
    await page.getByText('未能提交：请修正标出的内容。').waitFor();
    expect(await fieldError(page, first.getByLabel('数值'))).toBe('请填写阿拉伯数字，如 15000 或 1.5');
    expect(await first.getByLabel('标题').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page);
    await screenshots(page, 'clerk-field-error');
    expect((await api.request('GET', `/v1/departments/qwb/reports/${week}`, { token })).body.revision).toBe(
      2,
    );
  }, 120_000);

  test('It should keep a draft across a reload, and explain a 412 and reload the latest revision', async () => {
    const page = await open(`/#token=${token}`);
    const week = await page.getByLabel('周次', { exact: true }).inputValue();
    await page.getByText('本周已提交 第2版；修改后再次提交将生成新版本。').waitFor();
    const first = page.getByRole('group', { name: '事项 1', exact: true });
    await first.getByLabel('标题').fill('专题轮训全覆盖（草稿）');
    // The app stores the draft in an effect after the render; a reload sooner than that (a loaded machine)
    // would test the timing, not the feature.
    await storedDraftContains(page, '专题轮训全覆盖（草稿）');
    await page.reload();
    await page.getByText('已恢复未提交的草稿。').waitFor();
    expect(await first.getByLabel('标题').inputValue()).toBe('专题轮训全覆盖（草稿）');

    // Someone else submits revision 3 meanwhile; this page still edits revision 2.
    const other = await api.request('PUT', `/v1/departments/qwb/reports/${week}`, {
      token,
      body: { items: [{ theme: 'political', title: '另一位同事的修改', highlight: false, metrics: [] }] },
    });
    expect(other.body.revision).toBe(3);
    await page.getByRole('button', { name: '提交周报' }).click();
    await page.getByText(/本周周报已被他人更新/).waitFor();
    await screenshots(page, 'clerk-conflict');
    expect((await api.request('GET', `/v1/departments/qwb/reports/${week}`, { token })).body.revision).toBe(
      3,
    );
    await page.getByRole('button', { name: '重新载入' }).click();
    await page.getByText('本周已提交 第3版；修改后再次提交将生成新版本。').waitFor();
    expect(await first.getByLabel('标题').inputValue()).toBe('另一位同事的修改');
    // The week list shows this department's half-year.
    const weeks = page.getByRole('region', { name: '本半年报送情况' });
    expect(await weeks.getByRole('listitem').count()).toBeGreaterThanOrEqual(26);
    await expectAccessible(page);

    // A reminder's link names the week (?period=2023-W10): the page opens on it, even an older one.
    const link = new URL(periodPageUrl(`${api.url}/`, '2023-W10'));
    const linked = await open(`${link.pathname}${link.search}#token=${token}`);
    await linked.getByText('本周尚未提交。').waitFor();
    expect(await linked.getByLabel('周次', { exact: true }).inputValue()).toBe('2023-W10');
  }, 120_000);
});

describe('a reviewer', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(api, 'reviewer');
    await createDepartment(api, 'zzb', '区委组织部');
    await createDepartment(api, 'rsj', '区人社局', week2023(2));
    const item = {
      theme: 'political',
      title: '专题轮训',
      metrics: [{ metric: 'cadres-trained', value: '100' }],
    };
    for (let n = 1; n <= 26; n++) {
      await submit(api, 'zzb', week2023(n), [item], onTime(n));
      if (n >= 2 && n !== 26) await submit(api, 'rsj', week2023(n), [item], onTime(n));
    }
  }, 120_000);

  test('It should generate 2023-H1, download the Word file the API serves, and see who is missing', async () => {
    const page = await open();
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '汇总审阅' }).waitFor();
    await page.getByLabel('期间', { exact: true }).fill('2023-H7');
    await page.getByRole('button', { name: '查看' }).click();
    expect(await fieldError(page, page.getByLabel('期间', { exact: true }))).toContain('2023-H1');
    await page.getByLabel('期间', { exact: true }).fill('2023-H1');
    await page.getByRole('button', { name: '查看' }).click();

    // Week 26 is the latest due week: 区委办 and 区人社局 did not report it (listed in roster order: these
    // departments have no explicit order, so by the pinyin of their names).
    await page.getByText('2023年第26周（截止 7月3日 12:00）未报：区人社局、区委办').waitFor();
    const grid = page.getByRole('region', { name: '各部门各周报送情况' });
    expect(
      await grid
        .getByRole('row', { name: /区人社局/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toContain('无需报送');
    await page.getByText('本期间尚未生成汇总。').waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: '生成汇总' }).click();
    await page.getByText(/汇总已生成/).waitFor({ timeout: 60_000 });
    const district = page.getByRole('group', { name: '张湾区委组织部' });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      district.getByRole('button', { name: 'Word' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('张湾区委组织部-2023年上半年-汇总.docx');
    const bytes = readFileSync((await file.path())!);
    const fromApi = await download(api, '/v1/summaries/2023-H1/documents/district/docx', token);
    expect(bytes.equals(fromApi.bytes)).toBe(true);
    for (const name of ['HTML', 'Markdown', 'JSON'])
      expect(await district.getByRole('button', { name }).isVisible()).toBe(true);

    // The district HTML is previewed in a sandboxed frame that shows the document itself.
    const preview = page.locator('iframe[title="区级半年汇总预览"]');
    await preview.waitFor();
    expect(await preview.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe[title="区级半年汇总预览"]').getByText('张湾区委组织部').first().waitFor();
    await expectAccessible(page);
    await screenshots(page, 'reviewer');
  }, 120_000);

  test('It should write the editorial, see a refused text beside its field, and find the text in the next review', async () => {
    const overview = '上半年，全区组织工作紧扣中心、服务大局，各项任务有序推进。';
    const nextSteps = '下半年将持续深化专题轮训。\n\n同时加强人才引进后的跟踪服务。';
    const page = await open();
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('期间', { exact: true }).fill('2023-H1');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: '汇总审阅 2023年上半年', level: 1 }).waitFor();
    const editorial = page.getByRole('form', { name: '区级汇总编辑' });
    // No editorial yet (the API answers 404): an empty form.
    await editorial.getByText('本期间尚无编辑文字。').waitFor();
    expect(await editorial.getByLabel('总体情况').inputValue()).toBe('');

    await editorial.getByLabel('总体情况').fill(overview);
    await editorial.getByLabel('下一步工作打算').fill(nextSteps);
    await storedDraftContains(page, nextSteps);
    // Unsaved texts survive a reload, which comes back to the same period (the address names it).
    await page.reload();
    await editorial.getByText('已恢复未保存的草稿。').waitFor();
    await page.getByRole('heading', { name: '汇总审阅 2023年上半年', level: 1 }).waitFor();
    expect(await editorial.getByLabel('总体情况').inputValue()).toBe(overview);
    expect(await editorial.getByLabel('下一步工作打算').inputValue()).toBe(nextSteps);
    // Only a zero-width space: blank to the API, which names body.themes.political.
    await editorial.getByLabel('政治建设').fill('\u200b');
    await editorial.getByRole('button', { name: '保存编辑' }).click();
    await editorial.getByText('未能保存：请修正标出的内容。').waitFor();
    expect(await fieldError(page, editorial.getByLabel('政治建设'))).toBe('不能为空（只有空格不算）');
    expect(await editorial.getByLabel('总体情况').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page);
    await screenshots(page, 'reviewer-editorial-error');
    expect((await api.request('GET', '/v1/summaries/2023-H1/editorial', { token })).status).toBe(404);

    await editorial.getByLabel('政治建设').fill('');
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await editorial.getByRole('button', { name: '保存编辑' }).click();
    // The first revision is conditional too: If-Match "0" means "none stored yet".
    expect((await put).headers()['if-match']).toBe('"0"');
    await editorial.getByText(/^已保存 第1版/).waitFor();
    const stored = await api.request('GET', '/v1/summaries/2023-H1/editorial', { token });
    expect(stored.body).toMatchObject({ revision: 1, overview, nextSteps });
    expect(stored.body.themes).toBeUndefined();

    // The review generated before the editorial does not carry it yet; the next one does.
    const notice = editorial.getByText(/已保存的编辑文字晚于最近一次生成/);
    await notice.waitFor();
    await page.getByRole('button', { name: '生成汇总' }).click();
    await notice.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByText(/汇总已生成/).waitFor({ timeout: 60_000 });
    const document = JSON.stringify(await summaryJson(api, '2023-H1', 'district', token));
    expect(document).toContain(overview);
    expect(document).toContain('同时加强人才引进后的跟踪服务。');
    await page
      .frameLocator('iframe[title="区级半年汇总预览"]')
      .getByText('同时加强人才引进后的跟踪服务。')
      .waitFor();
    await expectAccessible(page);
    await screenshots(page, 'reviewer-editorial-saved');

    // Another reviewer stores revision 2 meanwhile: this page's save is refused (412), not overwriting it.
    const other = await api.request('PUT', '/v1/summaries/2023-H1/editorial', {
      token: await tokenFor(api, 'reviewer'),
      body: { overview: '另一位审阅人的总体情况。' },
    });
    expect(other.body.revision).toBe(2);
    await editorial.getByLabel('总体情况').fill(`${overview}（修改）`);
    await editorial.getByRole('button', { name: '保存编辑' }).click();
    await editorial.getByText(/编辑文字已被他人更新/).waitFor();
    expect((await api.request('GET', '/v1/summaries/2023-H1/editorial', { token })).body.revision).toBe(2);
    await editorial.getByRole('button', { name: '重新载入' }).click();
    await editorial.getByText(/^当前为第2版/).waitFor();
    expect(await editorial.getByLabel('总体情况').inputValue()).toBe('另一位审阅人的总体情况。');
    expect(await editorial.getByLabel('下一步工作打算').inputValue()).toBe('');
  }, 120_000);

  test('It should open the period a message links to, and show and generate a quarter and a week', async () => {
    const link = new URL(periodPageUrl(`${api.url}/`, '2023-Q1'));
    const page = await open(`${link.pathname}${link.search}`);
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '汇总审阅 2023年第一季度', level: 1 }).waitFor();
    expect(await page.getByLabel('期间', { exact: true }).inputValue()).toBe('2023-Q1');
    const grid = page.getByRole('region', { name: '各部门各周报送情况' });
    await grid.waitFor();
    // The quarter's weeks 1..13, after the department column.
    expect(await grid.getByRole('columnheader').count()).toBe(14);
    await page.getByRole('heading', { name: '季度汇总', exact: true }).waitFor();
    await page.getByRole('button', { name: '生成汇总' }).click();
    await page.getByText(/汇总已生成/).waitFor({ timeout: 60_000 });
    await page.getByRole('group', { name: '张湾区委组织部' }).getByRole('button', { name: 'Word' }).waitFor();
    expect((await api.request('GET', '/v1/summaries/2023-Q1', { token })).body.status).toBe('ready');
    await expectAccessible(page);
    await screenshots(page, 'reviewer-quarter');

    // A week typed in: its coverage is one column, its summary the weekly showcase (周晒).
    await page.getByLabel('期间', { exact: true }).fill('2023-W10');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: '汇总审阅 2023年第10周（3月6日—3月12日）', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '本周周晒', exact: true }).waitFor();
    // Week 10 is a column of the quarter too: wait for what only the week's coverage says.
    await page.getByText(/^2023年第10周（截止 3月13日 12:00）/).waitFor();
    expect(await grid.getByRole('columnheader').count()).toBe(2);
    await grid.getByRole('columnheader', { name: '10' }).waitFor();
    // The address names the period shown, so it can be shared.
    expect(new URL(page.url()).searchParams.get('period')).toBe('2023-W10');
    await page.getByRole('button', { name: '生成汇总' }).click();
    await page.getByText(/汇总已生成/).waitFor({ timeout: 60_000 });
    expect((await api.request('GET', '/v1/summaries/2023-W10', { token })).body.status).toBe('ready');
    // A week's district document is the showcase itself, and its preview says so.
    await page.getByRole('heading', { name: '本周周晒预览', exact: true }).waitFor();

    // The picker offers years too: choosing one shows it.
    const year = page.getByLabel('常用期间').locator('optgroup[label="年"] option').first();
    const [value, label] = [await year.getAttribute('value'), await year.textContent()];
    await page.getByLabel('常用期间').selectOption(value!);
    await page.getByRole('heading', { name: `汇总审阅 ${label}`, level: 1 }).waitFor();
    expect(await page.getByLabel('期间', { exact: true }).inputValue()).toBe(value);
    await page.getByRole('heading', { name: '年度汇总', exact: true }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'reviewer-year');
  }, 120_000);
});

describe('an admin', () => {
  test('It should create and rename a department, issue a token with its sign-in link, and revoke it from the list', async () => {
    const page = await open();
    await page.getByLabel('访问令牌').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '部门与令牌' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('部门编号').fill('wmb');
    await page.getByLabel('部门名称').fill('区文明办');
    await page.getByLabel('起报周次').first().fill('2023-W05');
    await page.getByLabel('邮箱').first().fill('wmb@example.gov.cn');
    await page.getByLabel('序号').first().fill('7');
    await page.getByRole('button', { name: '新建部门' }).click();
    await page.getByText('已新建部门：区文明办').waitFor();

    // Renaming sends every field read back: activeFrom, e-mail and order survive.
    await page.getByRole('button', { name: '编辑 区文明办' }).click();
    const edit = page.getByRole('form', { name: '编辑部门 wmb' });
    expect(await edit.getByLabel('序号').inputValue()).toBe('7');
    await edit.getByLabel('名称', { exact: true }).fill('区委文明办');
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await edit.getByRole('button', { name: '保存' }).click();
    expect((await put).postDataJSON()).toEqual({
      name: '区委文明办',
      activeFrom: '2023-W05',
      email: 'wmb@example.gov.cn',
      order: 7,
    });
    await page.getByText('已保存部门：区委文明办').waitFor();
    const saved = await api.request('GET', '/v1/departments');
    expect(
      saved.body.departments.find((d: { departmentId: string }) => d.departmentId === 'wmb'),
    ).toMatchObject({
      name: '区委文明办',
      activeFrom: '2023-W05',
      email: 'wmb@example.gov.cn',
      order: 7,
    });

    // The token list shows every token the API lists (the other tests issued some), with its state.
    const list = page.getByRole('region', { name: '全部令牌' });
    const listed = await api.request('GET', '/v1/tokens?limit=100');
    await list
      .getByRole('listitem')
      .nth(listed.body.tokens.length - 1)
      .waitFor();
    expect(await list.getByRole('listitem').count()).toBe(listed.body.tokens.length);

    await page.getByLabel('角色').selectOption({ label: '部门填报' });
    await page.getByRole('combobox', { name: '部门', exact: true }).selectOption({ label: '区委文明办' });
    await page.getByLabel('备注').fill('文明办填报');
    await page.getByRole('button', { name: '签发令牌' }).click();
    const secret = await page.getByLabel('令牌', { exact: true }).inputValue();
    expect(secret).toMatch(/^shwc_/);
    expect(await page.getByLabel('登录链接').inputValue()).toBe(`${api.url}/#token=${secret}`);
    const me = await api.request('GET', '/v1/me', { token: secret });
    expect(me.body).toMatchObject({ role: 'department', departmentId: 'wmb', departmentName: '区委文明办' });
    // The new token joins the list (never its secret), as active.
    const row = list.getByRole('listitem').filter({ hasText: '文明办填报' });
    await row.getByText('部门填报 · 区委文明办').waitFor();
    await row.getByText('有效').waitFor();
    expect(await list.textContent()).not.toContain(secret);
    await expectAccessible(page);
    await screenshots(page, 'admin-issued');

    // Revoking asks once more, and can be called off.
    await row.getByRole('button', { name: /^吊销 [0-9a-f]{20}$/ }).click();
    await row.getByRole('button', { name: '取消' }).click();
    expect((await api.request('GET', '/v1/me', { token: secret })).status).toBe(200);
    await row.getByRole('button', { name: /^吊销 [0-9a-f]{20}$/ }).click();
    await row.getByRole('button', { name: '确认吊销' }).click();
    await page.getByText(/已吊销令牌/).waitFor();
    await row.getByText('已吊销').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await api.request('GET', '/v1/me', { token: secret })).status).toBe(401);
    const after = await api.request('GET', '/v1/tokens?limit=100');
    expect(after.body.tokens.find((t: { label?: string }) => t.label === '文明办填报').revokedAt).toEqual(
      expect.any(String),
    );
    await screenshots(page, 'admin-revoked');

    // The revoked token is refused by the app with a message, not a blank page.
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('访问令牌').fill(secret);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('访问令牌无效或已被吊销，请向管理员索取新的令牌。').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await expectAccessible(page);
    await screenshots(page, 'sign-in-refused');
  }, 120_000);
});

afterAll(() => {
  // No token of any role ever travelled in a URL, and no page hit its CSP or threw.
  const secrets = [ADMIN_TOKEN];
  expect(
    requestedUrls.filter(
      (url) => secrets.some((secret) => url.includes(secret)) || /token=shwc_/.test(url.split('#')[0] ?? ''),
    ),
  ).toEqual([]);
  expect(pageProblems).toEqual([]);
});
