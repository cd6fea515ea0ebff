/**
 * The weekly-report template: the import layout as a workbook people fill in Excel or WPS.
 *
 * Input: the catalog in force, the departments to offer (all for an admin or reviewer, the token's own
 * for a department), and whether 单位 is pre-filled.
 * Output: the workbook's bytes: sheet 周报 with the header row and validation lists, sheet 说明 with
 * the instructions and the catalog, and a hidden sheet with the lists the validations draw on (Excel
 * allows only 255 characters in an inline list, far less than a catalog's labels).
 */
import ExcelJS from 'exceljs';
import { acceptedUnits } from '../report-content';
import type { Catalog } from '../catalog';
import { IMPORT_COLUMNS, IMPORT_SHEET_NAME, NO, YES, type ImportColumn } from '../import/layout';
import { workbookBytes } from './workbook-bytes';

export const TEMPLATE_LISTS_SHEET = '列表';
export const TEMPLATE_INSTRUCTIONS_SHEET = '说明';
/** Rows 2..TEMPLATE_ROWS + 1 carry the validations (and 单位 when pre-filled). */
export const TEMPLATE_ROWS = 500;

/** The lists sheet's columns, in order. */
const LIST_TITLES = ['主题', '指标', '计量单位', '单位'] as const;
/**
 * The roster's column in the lists sheet. The last one: the per-request fill (template-skeleton.ts) adds
 * the names at the end of each row.
 */
export const ROSTER_LIST_COLUMN = {
  letter: columnLetter(LIST_TITLES.indexOf('单位')),
  number: LIST_TITLES.indexOf('单位') + 1,
} as const;

export interface TemplateInput {
  catalog: Catalog;
  departments: { departmentId: string; name: string }[];
  /**
   * The department a department token reports for: its id fills 单位. The id rather than the name,
   * because an import resolves names only where the API lets the token read them (GET /v1/me), and an
   * id works everywhere.
   */
  fillDepartment?: { departmentId: string; name: string };
}

const WIDTHS: Record<ImportColumn, number> = {
  单位: 18,
  周次: 11,
  主题: 12,
  标题: 36,
  详情: 48,
  亮点: 6,
  指标: 30,
  数值: 14,
  计量单位: 10,
  报送时间: 22,
};

const COLUMN_HELP: Record<ImportColumn, string> = {
  单位: '单位编号或单位全称（与系统中一致）。单位令牌下载的模板已填好本单位。',
  周次: 'ISO 周次，如 2023-W10（周一至周日为一周）。',
  主题: '主题名称或编号，从下拉列表选择。',
  标题: '事项标题。同一单位、同一周次、同一标题的多行属于同一事项（每个指标一行）。',
  详情: '事项说明，可留空。同一事项的各行须一致。',
  亮点: `${YES} 或 ${NO}，留空即 ${NO}。同一事项的各行须一致。`,
  指标: '指标名称或编号，须属于本行主题；没有数字的事项留空。',
  数值: '不为负的数字。超过 15 位有效数字的数请以文本输入（本列已设为文本格式），Excel 不会舍入。',
  计量单位: '可留空（即目录单位）；也可用带“万”“亿”的单位，如 万元，系统换算为目录单位。',
  报送时间:
    '仅管理员导入历史数据时填写，如 2023-03-13 09:30（按系统时区）或带时区的 ISO 8601 时间；其他情况留空。',
};

function columnLetter(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

export async function renderReportTemplate(input: TemplateInput): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Showcase';
  const sheet = workbook.addWorksheet(IMPORT_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const instructions = workbook.addWorksheet(TEMPLATE_INSTRUCTIONS_SHEET);
  const lists = workbook.addWorksheet(TEMPLATE_LISTS_SHEET, { state: 'hidden' });

  // The lists: one column each, a title in row 1, the values below.
  const units = [...new Set(input.catalog.metrics.flatMap((metric) => acceptedUnits(metric.unit)))];
  const listValues: Record<(typeof LIST_TITLES)[number], string[]> = {
    主题: input.catalog.themes.map((theme) => theme.title),
    指标: input.catalog.metrics.map((metric) => metric.label),
    计量单位: units,
    单位: input.departments.map((department) => department.name),
  };
  const listColumns = LIST_TITLES.map((title) => [title, listValues[title]] as const);
  const listRanges = new Map<string, string>();
  listColumns.forEach(([title, values], index) => {
    const letter = columnLetter(index);
    lists.getCell(`${letter}1`).value = title;
    values.forEach((value, row) => (lists.getCell(`${letter}${row + 2}`).value = value));
    if (values.length > 0) {
      listRanges.set(title, `'${TEMPLATE_LISTS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`);
    }
  });

  sheet.columns = IMPORT_COLUMNS.map((column) => ({ header: column, key: column, width: WIDTHS[column] }));
  sheet.getRow(1).font = { bold: true };
  const indexOf = (column: ImportColumn) => IMPORT_COLUMNS.indexOf(column);
  // Text format keeps weeks from turning into dates and long numbers from being rounded.
  for (const column of ['周次', '数值'] as const) sheet.getColumn(indexOf(column) + 1).numFmt = '@';
  sheet.getColumn(indexOf('报送时间') + 1).numFmt = 'yyyy-mm-dd hh:mm';

  const listValidation = (range: string, prompt: string): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorStyle: 'warning',
    error: prompt,
  });
  const validations: [ImportColumn, ExcelJS.DataValidation][] = [
    ['亮点', listValidation(`"${YES},${NO}"`, `${YES} 或 ${NO}`)],
  ];
  for (const column of ['主题', '指标', '计量单位', '单位'] as const) {
    const range = listRanges.get(column);
    if (range) validations.push([column, listValidation(range, `请从列表中选择${column}`)]);
  }
  for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
    for (const [column, validation] of validations) {
      sheet.getCell(row, indexOf(column) + 1).dataValidation = validation;
    }
    if (input.fillDepartment)
      sheet.getCell(row, indexOf('单位') + 1).value = input.fillDepartment.departmentId;
  }

  instructions.columns = [{ width: 14 }, { width: 90 }];
  const lines: (string | [string, string])[] = [
    '每周工作报送导入模板',
    '在“周报”表中每行填写一个事项的一个指标；同一单位同一周次的所有行构成该周报告，导入时整体替换该周已报内容。',
    '导入：npm run import -- --url <API 地址> <文件.xlsx>（令牌放在 SHOWCASE_TOKEN 环境变量中）。先加 --dry-run 预览。',
    ...(input.fillDepartment
      ? [
          `本模板为 ${input.fillDepartment.name}（${input.fillDepartment.departmentId}）生成，只能导入本单位。`,
        ]
      : []),
    '',
    ...IMPORT_COLUMNS.map((column): [string, string] => [column, COLUMN_HELP[column]]),
    '',
    '主题与指标（目录）',
  ];
  for (const line of lines) instructions.addRow(typeof line === 'string' ? [line] : line);
  instructions.getRow(1).font = { bold: true, size: 14 };
  const header = instructions.addRow(['主题', '指标（计量单位，编号）']);
  header.font = { bold: true };
  for (const theme of input.catalog.themes) {
    for (const metric of input.catalog.metrics.filter((m) => m.theme === theme.id)) {
      instructions.addRow([theme.title, `${metric.label}（${metric.unit}，${metric.id}）`]);
    }
  }
  return workbookBytes(workbook);
}
