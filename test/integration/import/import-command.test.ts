/**
 * The import command against the real local stack: a few hundred rows land as reports, a second run
 * changes nothing, an interrupted run completes on re-run without duplicates, and a file with errors
 * sends nothing and lists each error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importRows, toCsv, weeksFrom } from '../../fixtures/import-rows';
import { departmentWithToken, startTestStack, type TestStack } from '../support/stack';
import { storedState } from '../support/reports';
import { importChild, importInProcess, workDir, writeTemp } from './support';

/** Each test imports hundreds of rows through the real stack, some in a child process. */
const SLOW = 120_000;

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

async function departments(prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${String(index + 1).padStart(2, '0')}`);
  for (const id of ids) {
    const response = await api.request('PUT', `/v1/departments/${id}`, { body: { name: `单位${id}` } });
    expect(response.status).toBe(201);
  }
  return ids;
}

async function allReports(ids: string[]) {
  const reports = [];
  for (const id of ids) {
    const response = await api.request('GET', `/v1/departments/${id}/reports?period=2023-H1`);
    expect(response.status).toBe(200);
    reports.push(...response.body.reports);
  }
  return reports;
}

describe('npm run import', () => {
  it(
    'creates the reports of a few hundred rows, and a second run changes nothing',
    async () => {
      const ids = await departments('a', 15);
      const weeks = weeksFrom(1, 6);
      const rows = importRows(ids, weeks);
      expect(rows).toHaveLength(360);
      const file = writeTemp('history.csv', toCsv(rows));

      const dry = await importInProcess(api, file, { dryRun: true });
      expect(dry.code).toBe(0);
      expect(dry.lines.at(-1)).toBe(
        'dry run: 90 reports from 360 rows: 90 new, 0 changed, 0 unchanged; 90 reports will count as late; nothing was sent',
      );
      expect(await allReports(ids)).toEqual([]);

      const first = await importInProcess(api, file);
      expect(first.code).toBe(0);
      expect(first.lines.at(-1)).toBe('imported 90 reports (90 created, 0 unchanged), 0 failed');

      const stored = await allReports(ids);
      expect(stored).toHaveLength(90);
      expect(stored.every((report) => report.revision === 1)).toBe(true);
      const a01w01 = stored.find((report) => report.departmentId === 'a01' && report.week === '2023-W01');
      expect(a01w01.items).toEqual([
        {
          theme: 'political',
          title: '专题轮训第1期',
          detail: '分批次组织, "第1期"',
          highlight: false,
          metrics: [
            { metric: 'cadres-trained', value: '101', unit: '人次' },
            { metric: 'field-study-participants', value: '10', unit: '人次' },
          ],
        },
        {
          theme: 'talent',
          title: '人才服务1',
          highlight: false,
          metrics: [
            { metric: 'award-money', value: '15000', unit: '元' },
            { metric: 'talent-apartments', value: '1', unit: '套' },
          ],
        },
      ]);

      const before = await storedState(api, 'a07', '2023-H1');
      const second = await importInProcess(api, file);
      expect(second.code).toBe(0);
      expect(second.lines.at(-1)).toBe('imported 90 reports (0 created, 90 unchanged), 0 failed');
      expect(await storedState(api, 'a07', '2023-H1')).toBe(before);

      // A changed file: the dry run says what would change, the import writes exactly those weeks.
      const changedRows = rows.map((row) =>
        row.单位 === 'a02' && row.周次 === '2023-W03' && row.指标 === 'cadres-trained'
          ? { ...row, 数值: '999' }
          : row,
      );
      const changedFile = writeTemp('changed.csv', toCsv(changedRows));
      const changedDry = await importInProcess(api, changedFile, { dryRun: true });
      expect(changedDry.lines).toContain('a02 2023-W03 (rows 34-37): changed (changed: 专题轮训第9期)');
      expect(changedDry.lines.at(-1)).toContain('0 new, 1 changed, 89 unchanged');
      const third = await importInProcess(api, changedFile);
      expect(third.lines.at(-1)).toBe('imported 90 reports (1 created, 89 unchanged), 0 failed');
    },
    SLOW,
  );

  it(
    'completes an interrupted run on re-run, with no duplicate revisions',
    async () => {
      const ids = await departments('b', 10);
      const file = writeTemp('interrupted.csv', toCsv(importRows(ids, weeksFrom(10, 5))));

      const child = importChild(api, ['--concurrency', '1', file]);
      await child.reportLines(8);
      child.kill();
      await child.code;
      const landedBefore = (await allReports(ids)).length;
      expect(landedBefore).toBeGreaterThanOrEqual(8);
      expect(landedBefore).toBeLessThan(50);

      const rerun = await importInProcess(api, file);
      expect(rerun.code).toBe(0);
      expect(rerun.lines.at(-1)).toBe(
        `imported 50 reports (${50 - landedBefore} created, ${landedBefore} unchanged), 0 failed`,
      );
      const stored = await allReports(ids);
      expect(stored).toHaveLength(50);
      expect(stored.filter((report) => report.revision !== 1)).toEqual([]);
    },
    SLOW,
  );

  it(
    'sends nothing for a file with errors, lists each error and writes them to --errors',
    async () => {
      const ids = await departments('c', 2);
      const rows = importRows(ids, weeksFrom(20, 3));
      rows[2] = { ...rows[2]!, 计量单位: '万个' };
      rows[5] = { ...rows[5]!, 单位: '没有这个单位' };
      rows[9] = { ...rows[9]!, 周次: '2023-W99' };
      rows[15] = { ...rows[15]!, 详情: '另一个说明' };
      const file = writeTemp('bad.csv', toCsv(rows));
      const errorsFile = join(workDir(), 'errors.csv');

      const child = importChild(api, ['--errors', errorsFile, file]);
      expect(await child.code).toBe(1);
      expect(child.lines.filter(Boolean)).toEqual([
        'row 4, 计量单位: 1.5: unit 万个 is not accepted; use one of 元, 万元, 亿元',
        'row 7, 单位: unknown department 没有这个单位',
        'row 11, 周次: 2023-W99 is not an ISO week that exists, such as 2023-W10',
        'row 17, 详情: differs from row 16 of the same item',
        `4 errors in ${file}; nothing was sent (listed in ${errorsFile})`,
      ]);
      expect(readFileSync(errorsFile, 'utf8').split('\r\n').slice(0, 3)).toEqual([
        '\uFEFF行,列,单位,周次,原因',
        '4,计量单位,c01,2023-W20,"1.5: unit 万个 is not accepted; use one of 元, 万元, 亿元"',
        '7,单位,没有这个单位,2023-W21,unknown department 没有这个单位',
      ]);
      expect(await allReports(ids)).toEqual([]);

      // --skip-invalid sends the weeks without errors and still exits 1.
      const skipping = await importInProcess(api, file, { skipInvalid: true });
      expect(skipping.code).toBe(1);
      expect(skipping.lines).toContain('--skip-invalid: leaving out 4 reports with errors');
      expect(skipping.lines.at(-1)).toBe('imported 2 reports (2 created, 0 unchanged), 0 failed');
      expect((await allReports(ids)).map((report) => `${report.departmentId} ${report.week}`)).toEqual([
        'c02 2023-W21',
        'c02 2023-W22',
      ]);
    },
    SLOW,
  );

  it(
    'lets a department token import only its own department, and answers usage errors with exit 2',
    async () => {
      const token = await departmentWithToken(api, 'd01', '区委办');
      await departmentWithToken(api, 'd02', '区委组织部');
      const file = writeTemp('own.csv', toCsv(importRows(['d01', 'd02'], weeksFrom(2, 1))));
      const child = importChild(api, [file], token);
      expect(await child.code).toBe(1);
      // The token names its department through GET /v1/me, so every row of another one is refused.
      expect(child.lines).toContain('row 6, 单位: this token may not submit for department d02');
      expect(child.lines).toContain(`4 errors in ${file}; nothing was sent`);
      expect(await allReports(['d01'])).toEqual([]);

      const usage = importChild(api, [file, '--concurrency', 'lots'], token);
      expect(await usage.code).toBe(2);
      expect(usage.stderr()).toContain('--concurrency must be a whole number from 1 to 64');
      expect(usage.stderr()).toContain('--skip-invalid');
    },
    SLOW,
  );
});
