/**
 * The xlsx document of the demo's 2023-H1 summary, through the real local stack: downloaded like any
 * other format and parsed back, its figures equal the JSON document's, digit for digit.
 */
import ExcelJS from 'exceljs';
import { ExactDecimal } from '../../../shared/domain/decimal';
import { startTestStack, type TestStack } from '../support/stack';
import { download, provenanceJson, summaryJson } from './support';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack({ demo: true });
  // The demo's generation runs asynchronously; let it finish.
  await api.stack.idle();
}, 120_000);
afterAll(async () => {
  await api.stop();
});

async function workbook(scope: string): Promise<ExcelJS.Workbook> {
  const { response, bytes } = await download(api, `/v1/summaries/2023-H1/documents/${scope}/xlsx`);
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** A cell's figure as an exact decimal string: numbers as Excel holds them, long figures as their text. */
function exact(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'result' in value) return exact(value.result as ExcelJS.CellValue);
  return new ExactDecimal(String(value)).toFixed();
}

test('It should give the district figures in 汇总 and 各单位 equal to the JSON document', async () => {
  const doc = await summaryJson(api, '2023-H1', 'district');
  const book = await workbook('district');
  expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '各单位', '报送情况', '亮点', '事项']);

  const summary = book.getWorksheet('汇总')!;
  const rows = (summary.getSheetValues().slice(2) as ExcelJS.CellValue[][]).map((row) => row.slice(1));
  const ordered = doc.themes.flatMap((theme: { metrics: string[] }) =>
    theme.metrics.map((id) => doc.metrics.find((metric: { metric: string }) => metric.metric === id)),
  );
  expect(rows.map((row) => [row[1], row[2], exact(row[4]!), exact(row[5]!), exact(row[6]!)])).toEqual(
    ordered.map(
      (metric: {
        label: string;
        unit: string;
        value: string;
        comparison: { previous: string; change: string } | null;
      }) => [
        metric.label,
        metric.unit,
        metric.value,
        metric.comparison?.previous ?? null,
        metric.comparison?.change ?? null,
      ],
    ),
  );

  const departments = book.getWorksheet('各单位')!;
  const total = departments.getRow(doc.departments.length + 2);
  expect(total.getCell(1).value).toBe('合计');
  ordered.forEach(
    (
      metric: { value: string; aggregate: string; byDepartment: { departmentId: string; value: string }[] },
      m: number,
    ) => {
      const cell = total.getCell(m + 2).value;
      expect(exact(cell)).toBe(metric.value);
      if (metric.aggregate === 'sum')
        expect(cell).toMatchObject({ formula: expect.stringMatching(/^SUM\(/) });
      for (const entry of metric.byDepartment) {
        const row =
          doc.departments.findIndex((d: { departmentId: string }) => d.departmentId === entry.departmentId) +
          2;
        expect(exact(departments.getRow(row).getCell(m + 2).value)).toBe(entry.value);
      }
    },
  );

  const highlights = book.getWorksheet('亮点')!;
  const highlightCount = doc.themes.reduce(
    (n: number, theme: { highlights: unknown[] }) => n + theme.highlights.length,
    0,
  );
  expect(highlightCount).toBeGreaterThan(0);
  expect(highlights.rowCount - 1).toBe(highlightCount);

  // Every item of every revision the summary was computed from, one row per item and metric.
  const items = book.getWorksheet('事项')!;
  let expectedRows = 0;
  const provenance = await provenanceJson(api, '2023-H1', 'district');
  const refs = provenance.departments.flatMap((entry) =>
    entry.revisions.map((revision) => ({ departmentId: entry.departmentId, ...revision })),
  );
  expect(refs).toHaveLength(doc.provenance.revisionCount);
  for (const ref of refs) {
    const report = await api.request(
      'GET',
      `/v1/departments/${ref.departmentId}/reports/${ref.week}?revision=${ref.revision}`,
    );
    for (const item of report.body.items as { metrics: unknown[] }[])
      expectedRows += Math.max(1, item.metrics.length);
  }
  expect(items.rowCount - 1).toBe(expectedRows);
}, 120_000);

test('It should give a department its own workbook without the 各单位 sheet', async () => {
  const doc = await summaryJson(api, '2023-H1', 'qwb');
  const book = await workbook('qwb');
  expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '报送情况', '亮点', '事项']);
  const coverage = book.getWorksheet('报送情况')!;
  expect(coverage.getRow(2).getCell(1).value).toBe(doc.scopeName);
  expect(coverage.actualRowCount).toBe(2);
}, 120_000);
