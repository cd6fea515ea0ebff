/**
 * Readers for the import file: a CSV (UTF-8 with or without BOM, or GB18030 as zh-CN Excel saves
 * "CSV"), or a workbook. Both hand the same SheetData to the row → report mapping, so a sheet saved
 * either way imports the same.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { IMPORT_SHEET_NAME, type CellValue, type SheetData } from '../../shared/domain/import/layout';

export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * UTF-8 when the bytes say so (a BOM, or valid UTF-8 throughout), otherwise GB18030. Text in GB18030
 * with any Chinese character is practically never valid UTF-8, so the strict decode decides reliably.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

export function readCsv(bytes: Uint8Array): SheetData {
  const { text } = decodeCsv(bytes);
  // One record per spreadsheet row, empty ones included, so that record n is row n + 1 even when a
  // quoted cell spans several lines of the file.
  const records = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  const [header = [], ...rest] = records;
  return {
    header,
    rows: rest.map((values, index) => ({
      row: index + 2,
      // A line break inside a cell is LF in a workbook; CRLF in a CSV cell comes from the file's line endings.
      values: values.map((v) => (v === '' ? null : v.replaceAll('\r\n', '\n'))),
    })),
  };
}

/** A cell as the mapping wants it: formulas by their result, rich text as its plain text. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** The sheet named 周报 when there is one (the template's), otherwise the first worksheet. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetData> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(IMPORT_SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const valuesOf = (row: ExcelJS.Row): CellValue[] => {
    const values: CellValue[] = [];
    for (let column = 1; column <= row.cellCount; column++) values.push(cellValue(row.getCell(column).value));
    return values;
  };
  const rows: SheetData['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber > 1) rows.push({ row: rowNumber, values: valuesOf(row) });
  });
  return { header: valuesOf(sheet.getRow(1)), rows };
}

export async function readSheet(fileName: string, bytes: Uint8Array): Promise<SheetData> {
  if (/\.xlsx$/i.test(fileName)) return readXlsx(bytes);
  if (/\.csv$/i.test(fileName)) return readCsv(bytes);
  throw new Error(`${fileName}: the file must end in .xlsx or .csv`);
}
