/**
 * GET /v1/templates/weekly-report.xlsx through the real local stack: the workbook downloads for every
 * role, and once filled in (here with exceljs, as a person would in Excel) it imports cleanly.
 */
import ExcelJS from 'exceljs';
import { departmentWithToken, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { importInProcess, writeTemp } from './support';

const SLOW = 60_000;
let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

async function download(token: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`${api.url}/v1/templates/weekly-report.xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('GET /v1/templates/weekly-report.xlsx', () => {
  it(
    'downloads for a department, fills in and imports cleanly',
    async () => {
      const token = await departmentWithToken(api, 'tpl', '区委办');
      const template = await download(token);
      expect(template.status).toBe(200);
      expect(template.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('周报')!;
      expect(sheet.getCell('A2').value).toBe('tpl');
      const fill = (row: number, values: (string | number)[]) =>
        values.forEach((value, index) => (sheet.getCell(row, index + 2).value = value));
      fill(2, ['2023-W10', '政治建设', '专题轮训', '分批次', '是', '专题轮训干部', 1300]);
      fill(3, ['2023-W10', '政治建设', '专题轮训', '分批次', '是', '外出考察实践党员干部', '0.05', '万人次']);
      fill(4, ['2023-W10', '人才工作', '人才奖励', '', '否', '人才奖励资金', '123456789012345678', '元']);
      fill(5, ['2023-W11', '基层治理', '物业督查']);
      const file = writeTemp('filled.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));

      const result = await importInProcess(api, file, { token });
      expect(result.lines.at(-1)).toBe('imported 2 reports (2 created, 0 unchanged), 0 failed');
      expect(result.code).toBe(0);
      const stored = await api.request('GET', '/v1/departments/tpl/reports/2023-W10', { token });
      expect(stored.body.items).toEqual([
        {
          theme: 'political',
          title: '专题轮训',
          detail: '分批次',
          highlight: true,
          metrics: [
            { metric: 'cadres-trained', value: '1300', unit: '人次' },
            { metric: 'field-study-participants', value: '500', unit: '人次' },
          ],
        },
        {
          theme: 'talent',
          title: '人才奖励',
          highlight: false,
          metrics: [{ metric: 'award-money', value: '123456789012345678', unit: '元' }],
        },
      ]);
    },
    SLOW,
  );

  it(
    'downloads for a reviewer with the roster as a list, and refuses an unknown token',
    async () => {
      const reviewer = await tokenFor(api, 'reviewer');
      const template = await download(reviewer);
      expect(template.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.bytes as unknown as ArrayBuffer);
      expect(workbook.getWorksheet('列表')!.getColumn(4).values.slice(2)).toContain('区委办');
      expect((await download('shwc_not-a-token')).status).toBe(401);
    },
    SLOW,
  );
});
