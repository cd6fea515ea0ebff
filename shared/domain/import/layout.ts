/**
 * The spreadsheet layout of weekly reports: one row per item and metric. The import command reads it,
 * the report template writes it; both take the column names from here so they cannot drift apart.
 */

/** The header row, in the order the template writes it. An import accepts any order. */
export const IMPORT_COLUMNS = [
  '单位',
  '周次',
  '主题',
  '标题',
  '详情',
  '亮点',
  '指标',
  '数值',
  '计量单位',
  '报送时间',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Without these a row cannot say which report and item it belongs to; the others may be left out. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['单位', '周次', '主题', '标题'];

export const YES = '是';
export const NO = '否';

/** What a reader hands over for one cell: text from a CSV, typed values from a workbook, null when empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  values: CellValue[];
}

export interface SheetData {
  header: CellValue[];
  rows: SheetRow[];
}

/** The data sheet of the template; an import reads it when present, else the first sheet. */
export const IMPORT_SHEET_NAME = '周报';
