/**
 * A workbook's bytes, the same every time for the same content. exceljs stamps the document
 * properties and every zip entry with the clock; the properties are fixed here and the package is
 * re-zipped (fflate) with one fixed date, so two generations of the same data compare equal byte for
 * byte, as the other document formats do.
 */
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { zipEntries } from '../zip';

/** The date every entry and property carries: a fixed instant says "not a clock reading". */
export const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  workbook.created = FIXED_WORKBOOK_DATE;
  workbook.modified = FIXED_WORKBOOK_DATE;
  workbook.lastPrinted = undefined as unknown as Date;
  // Stored, not deflated: the entries are unzipped and deflated again below, so exceljs's own deflate
  // (pako, in JavaScript) would be work thrown away. A stored entry unzips to the same bytes.
  const written = new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  // Entry order as exceljs wrote it ([Content_Types].xml first, as Office expects); the entries every
  // workbook shares (theme, relationships) are deflated once per process (zip.ts).
  return zipEntries(Object.entries(unzipSync(written)), FIXED_WORKBOOK_DATE, 6);
}
