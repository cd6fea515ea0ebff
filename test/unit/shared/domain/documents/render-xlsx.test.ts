import ExcelJS from 'exceljs';
import { renderXlsx, type SourceReport } from '../../../../../shared/domain/documents';
import {
  fitsExcelNumber,
  itemRowCount,
  XLSX_SHEETS,
} from '../../../../../shared/domain/documents/render-xlsx';
import type { SummaryDocument } from '../../../../../shared/domain/summary';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../../fixtures/summary-document';

async function load(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

const sources: SourceReport[] = [
  {
    departmentId: 'party-office',
    week: '2023-W02',
    revision: 2,
    items: [
      {
        theme: 'political',
        title: '专题轮训',
        detail: '分批次',
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value: '120', unit: '人次' }],
      },
      { theme: 'governance', title: '没有数字的事项', highlight: false, metrics: [] },
    ],
  },
];

/** The fixture with one department's value of a sum metric beyond Excel's 15 digits. */
function withLongValue(doc: SummaryDocument): { doc: SummaryDocument; metric: string; total: string } {
  const metric = doc.metrics.find((m) => m.aggregate === 'sum' && m.byDepartment.length > 1)!;
  const long = '1234567890123456.5';
  const byDepartment = metric.byDepartment.map((entry, index) =>
    index === 0 ? { ...entry, value: long } : entry,
  );
  const total = byDepartment.reduce((sum, entry) => sum + BigInt(entry.value.split('.')[0]!), 0n) + '.5';
  return {
    doc: {
      ...doc,
      metrics: doc.metrics.map((m) => (m === metric ? { ...m, byDepartment, value: total } : m)),
    },
    metric: metric.metric,
    total,
  };
}

describe('renderXlsx', () => {
  const doc = summaryDocumentFixture();

  it('writes the five sheets of the district and four of a department', async () => {
    const district = await load(await renderXlsx(doc, sources));
    expect(district.worksheets.map((sheet) => sheet.name)).toEqual([
      '汇总',
      '各单位',
      '报送情况',
      '亮点',
      '事项',
    ]);
    const department = await load(await renderXlsx(departmentScopeFixture('party-office')));
    expect(department.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '报送情况', '亮点', '事项']);
  });

  it('lists every metric in 汇总 with numeric cells and number formats', async () => {
    const sheet = (await load(await renderXlsx(doc))).getWorksheet(XLSX_SHEETS.summary)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '主题',
      '指标',
      '计量单位',
      '汇总方式',
      '数值',
      '上期',
      '变化',
      '比较基础',
    ]);
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(doc.metrics.length);
    for (const metric of doc.metrics) {
      const row = rows.find((values) => values[2] === metric.label)!;
      expect(row[5]).toBe(Number(metric.value));
      const comparison = metric.comparison;
      expect(row[6]).toBe(comparison === null ? undefined : Number(comparison.previous));
      expect(row[8]).toBe(
        comparison === null
          ? '—'
          : `${doc.provenance.previousPeriod}，同口径${comparison.basisDepartmentCount}个单位`,
      );
    }
    expect(sheet.getCell('E2').numFmt).toMatch(/^#,##0/);
  });

  it('totals sum metrics in 各单位 with a SUM formula whose result is the district figure', async () => {
    const sheet = (await load(await renderXlsx(doc))).getWorksheet(XLSX_SHEETS.departments)!;
    const totalRow = sheet.getRow(doc.departments.length + 2);
    expect(totalRow.getCell(1).value).toBe('合计');
    const header = (sheet.getRow(1).values as string[]).slice(2);
    const ordered = doc.themes.flatMap((theme) =>
      theme.metrics.map((id) => doc.metrics.find((m) => m.metric === id)!),
    );
    expect(header).toEqual(ordered.map((metric) => `${metric.label}（${metric.unit}）`));
    ordered.forEach((metric, m) => {
      const cell = totalRow.getCell(m + 2);
      if (metric.aggregate === 'sum') {
        const letter = sheet.getColumn(m + 2).letter;
        expect(cell.value).toEqual({
          formula: `SUM(${letter}2:${letter}${doc.departments.length + 1})`,
          result: Number(metric.value),
        });
      } else {
        expect(cell.value).toBe(Number(metric.value));
      }
      for (const entry of metric.byDepartment) {
        const d = doc.departments.findIndex((department) => department.departmentId === entry.departmentId);
        expect(sheet.getRow(d + 2).getCell(m + 2).value).toBe(Number(entry.value));
      }
    });
  });

  it('writes values beyond 15 significant digits as exact text, and then the total as text with a note', async () => {
    const { doc: long, metric, total } = withLongValue(doc);
    const workbook = await load(await renderXlsx(long));
    const sheet = workbook.getWorksheet(XLSX_SHEETS.departments)!;
    const ordered = long.themes.flatMap((theme) => theme.metrics);
    const column = ordered.indexOf(metric) + 2;
    const first = long.metrics.find((m) => m.metric === metric)!.byDepartment[0]!;
    const row =
      long.departments.findIndex((department) => department.departmentId === first.departmentId) + 2;
    expect(sheet.getRow(row).getCell(column).value).toBe('1234567890123456.5');
    const totalCell = sheet.getRow(long.departments.length + 2).getCell(column);
    expect(totalCell.value).toBe(total);
    expect(JSON.stringify(totalCell.note)).toContain('15 位有效数字');
    const summary = workbook.getWorksheet(XLSX_SHEETS.summary)!;
    const label = long.metrics.find((m) => m.metric === metric)!.label;
    const summaryRow = (summary.getSheetValues() as unknown[][]).find((values) => values?.[2] === label)!;
    expect(summaryRow[5]).toBe(total);
  });

  it('shows coverage by week, the highlights and every item', async () => {
    const workbook = await load(await renderXlsx(doc, sources));
    const coverage = workbook.getWorksheet(XLSX_SHEETS.coverage)!;
    const grid = doc.coverage.grid![0]!;
    expect(coverage.getRow(1).getCell(2).value).toBe(grid.weeks[0]!.week);
    const statuses = (coverage.getRow(2).values as unknown[]).slice(2, 2 + grid.weeks.length);
    const text = {
      'on-time': '按时',
      late: '逾期',
      missing: '未报',
      'not-due': '未到期',
      'not-expected': '—',
    };
    expect(statuses).toEqual(grid.weeks.map((entry) => text[entry.status]));

    const highlights = workbook.getWorksheet(XLSX_SHEETS.highlights)!;
    expect(highlights.rowCount - 1).toBe(doc.themes.reduce((n, theme) => n + theme.highlights.length, 0));

    const items = workbook.getWorksheet(XLSX_SHEETS.items)!;
    expect((items.getSheetValues().slice(2) as unknown[][]).map((values) => values.slice(1))).toEqual([
      ['区委办', '2023-W02', '政治建设', '专题轮训', '分批次', '是', '专题轮训干部', 120, '人次', 2],
      ['区委办', '2023-W02', '基层治理', '没有数字的事项', '', '否', '', undefined, undefined, 2],
    ]);
  });

  it('lists the district items up to the limit, and beyond it says where they are', async () => {
    const rows = (workbook: ExcelJS.Workbook) =>
      (workbook.getWorksheet(XLSX_SHEETS.items)!.getSheetValues().slice(1) as unknown[][]).map((values) =>
        values.slice(1),
      );
    expect(itemRowCount(sources)).toBe(2);
    const atLimit = await load(await renderXlsx(doc, sources, { maxDistrictItemRows: 2 }));
    expect(rows(atLimit)).toHaveLength(3); // header and both items
    const beyond = await load(await renderXlsx(doc, sources, { maxDistrictItemRows: 1 }));
    expect(rows(beyond)).toEqual([
      [
        '本期各单位共报送事项2行，超过本表的1行上限，全区工作簿不再逐条列出；各单位的事项见该单位工作簿的“事项”表。',
      ],
    ]);
    // A department's workbook always lists all of its own items.
    const department = await load(
      await renderXlsx(departmentScopeFixture('party-office'), sources, { maxDistrictItemRows: 1 }),
    );
    expect(rows(department)).toHaveLength(3);
  });

  it('says how many rows a fanned-out district has when it is given the count instead of the items', async () => {
    const rows = (workbook: ExcelJS.Workbook) =>
      (workbook.getWorksheet(XLSX_SHEETS.items)!.getSheetValues().slice(1) as unknown[][]).map((values) =>
        values.slice(1),
      );
    const counted = await renderXlsx(doc, [], { maxDistrictItemRows: 1, itemRows: 2 });
    const listed = await renderXlsx(doc, sources, { maxDistrictItemRows: 1 });
    expect(rows(await load(counted))).toEqual(rows(await load(listed)));
    expect(Buffer.from(counted).equals(Buffer.from(listed))).toBe(true);
  });

  it('gives the same bytes for the same document', async () => {
    const first = await renderXlsx(doc, sources);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(Buffer.from(await renderXlsx(doc, sources)).equals(Buffer.from(first))).toBe(true);
  });
});

describe('fitsExcelNumber', () => {
  it('is true up to 15 significant digits', () => {
    expect(fitsExcelNumber('123456789012345')).toBe(true);
    expect(fitsExcelNumber('0.000123456789012345')).toBe(true);
    expect(fitsExcelNumber('1234567890123456')).toBe(false);
    expect(fitsExcelNumber('99999999999999900000')).toBe(true);
    expect(fitsExcelNumber('12345678901234567000')).toBe(false);
  });
});
