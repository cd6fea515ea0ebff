/**
 * The figures as a workbook, for reviewers who sort, filter and paste: a pure function of the summary
 * document plus the items of the revisions it was computed from, with the same bytes for the same input.
 *
 * Sheets: 汇总 (the scope's figures by theme), 各单位 (district only: departments × metrics with a total
 * row), 报送情况 (departments × weeks), 亮点 (highlights), 事项 (every item, one row per item and metric,
 * under the import layout's column names, plus the revision it comes from).
 *
 * Figures are numeric cells in the catalog unit with a number format, except a value with more than 15
 * significant digits: Excel keeps only 15 and would round it silently, so it is written as exact text.
 * A total row sums with a SUM formula only where every cell of its column is numeric; otherwise the
 * exact district figure is written as text with a note saying why.
 *
 * The 事项 sheet is the one part not in the JSON document: listing every item there would swell the
 * document every other format reads, for the benefit of this one. The district's is bounded
 * (DISTRICT_ITEM_ROWS_MAX); a department's lists everything it reported.
 */
import ExcelJS from 'exceljs';
import { ExactDecimal } from '../decimal';
import type { IsoWeek } from '../calendar';
import type { ReportItem } from '../report';
import { DISTRICT_SCOPE, type MetricSummary, type SummaryDocument, type WeekStatus } from '../summary';
import { NO, YES } from '../import/layout';
import { workbookBytes } from '../workbook/workbook-bytes';

/** Excel's precision: digits beyond the 15th of a numeric cell are lost. */
export const EXCEL_SIGNIFICANT_DIGITS = 15;

export const XLSX_SHEETS = {
  summary: '汇总',
  departments: '各单位',
  coverage: '报送情况',
  highlights: '亮点',
  items: '事项',
} as const;

/**
 * The most rows the district workbook's 事项 sheet lists. ExcelJS keeps every cell of a workbook in memory
 * until it is written: measured here, 10,000 rows cost about 180 MiB and 2.4 s, 156,000 rows (500
 * departments × a half-year) 1.2 GiB and 29 s, which ran the deployed generator out of memory. A district
 * of tens of departments stays far below the limit; beyond it the district's sheet says where the items
 * are (each department's own workbook lists all of its items), so the district workbook stays bounded.
 */
export const DISTRICT_ITEM_ROWS_MAX = 10_000;

/** How many rows the 事项 sheet needs for these revisions: one per item and metric, one for an item without. */
export function itemRowCount(sources: readonly SourceReport[]): number {
  let rows = 0;
  for (const source of sources) for (const item of source.items) rows += Math.max(1, item.metrics.length);
  return rows;
}

/** The revisions a document was computed from, with their items (the generator has them in hand). */
export interface SourceReport {
  departmentId: string;
  week: IsoWeek;
  revision: number;
  items: ReportItem[];
}

const STATUS_TEXT: Record<WeekStatus, string> = {
  'on-time': '按时',
  late: '逾期',
  missing: '未报',
  'not-due': '未到期',
  'not-expected': '—',
};

const AGGREGATE_TEXT: Record<MetricSummary['aggregate'], string> = {
  sum: '累计',
  latest: '期末数',
  max: '峰值',
};

/** Whether Excel can hold the value as a number without rounding it. */
export function fitsExcelNumber(value: string): boolean {
  // Trailing zeros of an integer are not digits Excel must keep: 1e19 is held exactly.
  return new ExactDecimal(value).sd(false) <= EXCEL_SIGNIFICANT_DIGITS;
}

/** "#,##0" or "#,##0.00" with as many places as the most precise of the values needs. */
function numberFormat(values: (string | null | undefined)[]): string {
  let places = 0;
  for (const value of values) {
    if (value) places = Math.max(places, new ExactDecimal(value).decimalPlaces());
  }
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}

/** A figure as a cell value: a number where Excel keeps it exactly, otherwise the exact text. */
function figure(value: string | null | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  return fitsExcelNumber(value) ? Number(value) : value;
}

function setFigure(cell: ExcelJS.Cell, value: string | null | undefined, format: string): void {
  cell.value = figure(value);
  if (typeof cell.value === 'number') cell.numFmt = format;
  else if (typeof cell.value === 'string') cell.alignment = { horizontal: 'right' };
}

function addTable(
  sheet: ExcelJS.Worksheet,
  header: { title: string; width: number }[],
  frozenColumns = 0,
): void {
  sheet.columns = header.map(({ title, width }) => ({ header: title, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns }];
}

function addFilter(sheet: ExcelJS.Worksheet, columns: number): void {
  if (sheet.rowCount > 1) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheet.rowCount, column: columns } };
  }
}

function summarySheet(workbook: ExcelJS.Workbook, doc: SummaryDocument): void {
  const sheet = workbook.addWorksheet(XLSX_SHEETS.summary);
  addTable(sheet, [
    { title: '主题', width: 12 },
    { title: '指标', width: 30 },
    { title: '计量单位', width: 10 },
    { title: '汇总方式', width: 10 },
    { title: '数值', width: 16 },
    { title: '上期', width: 16 },
    { title: '变化', width: 16 },
    { title: '比较基础', width: 14 },
  ]);
  const metrics = new Map(doc.metrics.map((metric) => [metric.metric, metric]));
  for (const theme of doc.themes) {
    for (const id of theme.metrics) {
      const metric = metrics.get(id);
      if (!metric) continue;
      const row = sheet.addRow([theme.title, metric.label, metric.unit, AGGREGATE_TEXT[metric.aggregate]]);
      // Like for like (schemaVersion 2): 上期 and 变化 are over the departments that reported in both periods.
      const comparison = metric.comparison;
      const previous = comparison?.previous ?? null;
      const change = comparison?.change ?? null;
      const format = numberFormat([metric.value, previous, change]);
      setFigure(row.getCell(5), metric.value, format);
      setFigure(row.getCell(6), previous, format);
      setFigure(row.getCell(7), change, format);
      row.getCell(8).value = comparison
        ? `${doc.provenance.previousPeriod}，同口径${comparison.basisDepartmentCount}个单位`
        : '—';
    }
  }
  addFilter(sheet, 8);
}

function departmentsSheet(workbook: ExcelJS.Workbook, doc: SummaryDocument): void {
  const sheet = workbook.addWorksheet(XLSX_SHEETS.departments);
  const metrics = doc.themes.flatMap((theme) =>
    theme.metrics.flatMap((id) => doc.metrics.filter((metric) => metric.metric === id)),
  );
  addTable(
    sheet,
    [
      { title: '单位', width: 18 },
      ...metrics.map((metric) => ({ title: `${metric.label}（${metric.unit}）`, width: 16 })),
    ],
    1,
  );
  const valueOf = metrics.map(
    (metric) => new Map(metric.byDepartment.map((entry) => [entry.departmentId, entry.value])),
  );
  const formats = metrics.map((metric) =>
    numberFormat([metric.value, ...metric.byDepartment.map((e) => e.value)]),
  );
  doc.departments.forEach((department) => {
    const row = sheet.addRow([department.name]);
    metrics.forEach((_, m) =>
      setFigure(row.getCell(m + 2), valueOf[m]!.get(department.departmentId), formats[m]!),
    );
  });
  const first = 2;
  const last = doc.departments.length + 1;
  const total = sheet.addRow(['合计']);
  total.font = { bold: true };
  metrics.forEach((metric, m) => {
    const cell = total.getCell(m + 2);
    const column = sheet.getColumn(m + 2).letter;
    const numeric = [...valueOf[m]!.values()].every(fitsExcelNumber) && fitsExcelNumber(metric.value);
    if (metric.aggregate === 'sum' && numeric && doc.departments.length > 0) {
      cell.value = { formula: `SUM(${column}${first}:${column}${last})`, result: Number(metric.value) };
      cell.numFmt = formats[m]!;
    } else {
      setFigure(cell, metric.value, formats[m]!);
      if (!numeric) {
        cell.value = metric.value;
        cell.note = `全区合计的精确值：本列有超过 ${EXCEL_SIGNIFICANT_DIGITS} 位有效数字的数值（以文本保存），Excel 无法精确求和。`;
      } else if (metric.aggregate !== 'sum') {
        cell.note = `全区数值：各单位${AGGREGATE_TEXT[metric.aggregate]}之和。`;
      }
    }
  });
}

function coverageSheet(workbook: ExcelJS.Workbook, doc: SummaryDocument): void {
  const sheet = workbook.addWorksheet(XLSX_SHEETS.coverage);
  // A district without the grid (too many units for one) lists each unit's counts; its weeks are in the
  // provenance file.
  const grid =
    doc.coverage.grid ?? doc.coverage.byDepartment.map(({ departmentId }) => ({ departmentId, weeks: [] }));
  const weeks = grid[0]?.weeks.map((entry) => entry.week) ?? [];
  const counts = ['应报', '已报', '按时', '逾期', '未报', '按时率'];
  addTable(
    sheet,
    [
      { title: '单位', width: 18 },
      ...weeks.map((week) => ({ title: week, width: 9 })),
      ...counts.map((title) => ({ title, width: 8 })),
    ],
    1,
  );
  const names = new Map(doc.departments.map((department) => [department.departmentId, department.name]));
  const byDepartment = new Map(doc.coverage.byDepartment.map((entry) => [entry.departmentId, entry]));
  for (const line of grid) {
    const stats = byDepartment.get(line.departmentId);
    const row = sheet.addRow([
      names.get(line.departmentId) ?? line.departmentId,
      ...line.weeks.map((entry) => STATUS_TEXT[entry.status]),
      ...(stats ? [stats.expected, stats.submitted, stats.onTime, stats.late, stats.missing] : []),
    ]);
    if (stats?.onTimeRate) {
      const cell = row.getCell(weeks.length + counts.length + 1);
      cell.value = Number(stats.onTimeRate);
      cell.numFmt = '0.00%';
    }
  }
  addFilter(sheet, 1 + weeks.length + counts.length);
}

function highlightsSheet(workbook: ExcelJS.Workbook, doc: SummaryDocument): void {
  const sheet = workbook.addWorksheet(XLSX_SHEETS.highlights);
  addTable(sheet, [
    { title: '主题', width: 12 },
    { title: '单位', width: 18 },
    { title: '周次', width: 10 },
    { title: '标题', width: 40 },
    { title: '详情', width: 60 },
  ]);
  for (const theme of doc.themes) {
    for (const highlight of theme.highlights) {
      sheet.addRow([
        theme.title,
        highlight.departmentName,
        highlight.week,
        highlight.title,
        highlight.detail ?? '',
      ]);
    }
  }
  addFilter(sheet, 5);
}

function itemsSheet(
  workbook: ExcelJS.Workbook,
  doc: SummaryDocument,
  sources: SourceReport[],
  maxDistrictRows: number,
  rows: number = itemRowCount(sources),
): void {
  const sheet = workbook.addWorksheet(XLSX_SHEETS.items);
  if (doc.scope === DISTRICT_SCOPE && rows > maxDistrictRows) {
    sheet.getColumn(1).width = 80;
    sheet.addRow([
      `本期各单位共报送事项${rows}行，超过本表的${maxDistrictRows}行上限，` +
        '全区工作簿不再逐条列出；各单位的事项见该单位工作簿的“事项”表。',
    ]);
    return;
  }
  addTable(sheet, [
    { title: '单位', width: 18 },
    { title: '周次', width: 10 },
    { title: '主题', width: 12 },
    { title: '标题', width: 40 },
    { title: '详情', width: 60 },
    { title: '亮点', width: 6 },
    { title: '指标', width: 30 },
    { title: '数值', width: 16 },
    { title: '计量单位', width: 10 },
    { title: '修订', width: 6 },
  ]);
  const names = new Map(doc.departments.map((department) => [department.departmentId, department.name]));
  const themes = new Map(doc.themes.map((theme) => [theme.theme, theme.title]));
  const labels = new Map(doc.metrics.map((metric) => [metric.metric, metric.label]));
  const order = new Map(doc.departments.map((department, index) => [department.departmentId, index]));
  const sorted = [...sources].sort(
    (a, b) =>
      (order.get(a.departmentId) ?? Infinity) - (order.get(b.departmentId) ?? Infinity) ||
      (a.week < b.week ? -1 : a.week > b.week ? 1 : 0),
  );
  for (const source of sorted) {
    for (const item of source.items) {
      const base = [
        names.get(source.departmentId) ?? source.departmentId,
        source.week,
        themes.get(item.theme) ?? item.theme,
        item.title,
        item.detail ?? '',
        item.highlight ? YES : NO,
      ];
      const metrics = item.metrics.length > 0 ? item.metrics : [undefined];
      for (const metric of metrics) {
        const row = sheet.addRow([...base, metric ? (labels.get(metric.metric) ?? metric.metric) : '']);
        if (metric) {
          setFigure(row.getCell(8), metric.value, numberFormat([metric.value]));
          row.getCell(9).value = metric.unit;
        }
        row.getCell(10).value = source.revision;
      }
    }
  }
  addFilter(sheet, 10);
}

/**
 * Gives every cell with the same style one shared style object. exceljs finds a cell's style id by writing
 * the style out as XML and looking the text up, for every cell, unless it has seen the very same object
 * before (it keeps a WeakMap); each cell has an object of its own, so a department's workbook wrote its
 * few styles out thousands of times (a fifth of its CPU). The ids and the bytes stay the same: the styles
 * are numbered in the order they first occur, which sharing does not change. No cell here holds a date,
 * the one value type for which exceljs would give an unstyled cell another number format than General.
 *
 * Rows and columns have a style object each as well (most of them empty), which exceljs looks up the same
 * way: a department's 事项 sheet alone has some three hundred rows, so they get shared objects too (a row's
 * or a column's style is written as a cell's of no particular type, i.e. as a number's: General).
 */
/** Whether a style sets nothing (as JSON.stringify sees it: a property set to undefined is no property). */
function isEmpty(style: Partial<ExcelJS.Style>): boolean {
  for (const value of Object.values(style)) if (value !== undefined) return false;
  return true;
}

function shareStyles(workbook: ExcelJS.Workbook): void {
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  // Most cells, rows and columns have no style at all: they need no key written out to find theirs.
  const empty: Partial<ExcelJS.Style> = {};
  const one = (style: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> => {
    if (isEmpty(style)) return empty;
    const key = JSON.stringify(style);
    const known = shared.get(key);
    if (known) return known;
    shared.set(key, style);
    return style;
  };
  workbook.eachSheet((sheet) => {
    for (const column of sheet.columns ?? []) if (column.style) column.style = one(column.style);
    sheet.eachRow((row) => {
      // exceljs's Row has the style object its model writes, which its type declarations leave out.
      const styled = row as unknown as { style?: Partial<ExcelJS.Style> };
      if (styled.style) styled.style = one(styled.style);
      row.eachCell((cell) => {
        cell.style = one(cell.style);
      });
    });
  });
}

export interface XlsxOptions {
  maxDistrictItemRows?: number;
  /**
   * The rows all of the district's items would take, when `sources` is left empty because they exceed
   * the limit (a fanned-out generation counts them per batch and does not gather the items).
   */
  itemRows?: number;
}

/** The workbook renderXlsx writes, before it is written (the tests write it both ways workbookBytes has). */
export function xlsxWorkbook(
  doc: SummaryDocument,
  sources: SourceReport[] = [],
  options: XlsxOptions = {},
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = doc.orgName;
  workbook.title = `${doc.scopeName}${doc.periodTitle}工作汇总`;
  summarySheet(workbook, doc);
  if (doc.scope === DISTRICT_SCOPE) departmentsSheet(workbook, doc);
  coverageSheet(workbook, doc);
  highlightsSheet(workbook, doc);
  itemsSheet(workbook, doc, sources, options.maxDistrictItemRows ?? DISTRICT_ITEM_ROWS_MAX, options.itemRows);
  shareStyles(workbook);
  return workbook;
}

export async function renderXlsx(
  doc: SummaryDocument,
  sources: SourceReport[] = [],
  options: XlsxOptions = {},
): Promise<Uint8Array> {
  return workbookBytes(xlsxWorkbook(doc, sources, options));
}
