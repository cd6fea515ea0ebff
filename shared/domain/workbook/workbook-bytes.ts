/**
 * A workbook's bytes, the same every time for the same content. exceljs stamps the document
 * properties and every zip entry with the clock; the properties are fixed here and the package is
 * zipped here (fflate's layout, Node's zlib: zip.ts) with one fixed date, so two generations of the
 * same data compare equal byte for byte, as the other document formats do.
 */
import type ExcelJS from 'exceljs';
import XmlStream from 'exceljs/lib/utils/xml-stream.js';
import CommentsXform from 'exceljs/lib/xlsx/xform/comment/comments-xform.js';
import VmlNotesXform from 'exceljs/lib/xlsx/xform/comment/vml-notes-xform.js';
import RelationshipsXform from 'exceljs/lib/xlsx/xform/core/relationships-xform.js';
import WorksheetXform from 'exceljs/lib/xlsx/xform/sheet/worksheet-xform.js';
import { unzipSync } from 'fflate';
import { ZIP_LEVEL, zipEntries } from '../zip';
import { FIXED_WORKBOOK_DATE } from './fixed-date';

export { FIXED_WORKBOOK_DATE };

/** What exceljs's XLSX.write hands each part to: a JSZip behind its ZipWriter. */
interface PartSink {
  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void;
}

type AddParts = (zip: PartSink, model: unknown) => unknown;

/** The steps of exceljs's XLSX.write (lib/xlsx/xlsx.js, 4.4), which it keeps as undocumented methods. */
interface XlsxWriter {
  prepareModel(model: unknown, options: object): void;
  addContentTypes: AddParts;
  addOfficeRels: AddParts;
  addWorkbookRels: AddParts;
  addWorksheets: AddParts;
  addSharedStrings: AddParts;
  addDrawings: AddParts;
  addTables: AddParts;
  addThemes: AddParts;
  addStyles: AddParts;
  addMedia: AddParts;
  addApp: AddParts;
  addCore: AddParts;
  addWorkbook: AddParts;
}

const STEPS = [
  'addContentTypes',
  'addOfficeRels',
  'addWorkbookRels',
  'addWorksheets',
  'addSharedStrings',
  'addDrawings',
  'addTables',
  'addThemes',
  'addStyles',
  'addMedia',
  'addApp',
  'addCore',
  'addWorkbook',
] as const;

function xlsxWriter(workbook: ExcelJS.Workbook): XlsxWriter | undefined {
  const writer = workbook.xlsx as unknown as Partial<XlsxWriter>;
  return typeof writer.prepareModel === 'function' &&
    STEPS.every((step) => typeof writer[step] === 'function')
    ? (writer as XlsxWriter)
    : undefined;
}

/** How many of an XmlStream's pieces are joined at a time (streamBytes). */
const PIECES_PER_JOIN = 256;

/**
 * The text an XmlStream has written, as UTF-8. exceljs's own `xml` getter joins all of the stream's pieces
 * at once: a department's 事项 sheet has some 50,000 of them (170,000 characters), and that one join took
 * about 2.0 ms of CPU with the garbage collection it caused, a fifth of the workbook, where joining them a
 * few hundred at a time and then joining those took about 1.4 ms for the same text (measured on the
 * development machine, 40 synthetic department sheets, each way repeated).
 */
function streamBytes(stream: XmlStream): Buffer {
  stream.closeAll();
  const pieces = stream._xml;
  const joined: string[] = [];
  for (let start = 0; start < pieces.length; start += PIECES_PER_JOIN)
    joined.push(pieces.slice(start, start + PIECES_PER_JOIN).join(''));
  return Buffer.from(joined.join(''), 'utf8');
}

/** The fields of a worksheet's model that addWorksheets reads. */
interface WorksheetParts {
  id: number;
  rels?: unknown[];
  comments: unknown[];
}

/**
 * exceljs 4.4's XLSX.addWorksheets, each part's text taken from its stream by streamBytes: every sheet,
 * then its relationships and, if it has notes, its comments and their VML drawing, in that order.
 */
function addWorksheets(sink: PartSink, model: unknown): void {
  const worksheetXform = new WorksheetXform();
  const relationshipsXform = new RelationshipsXform();
  const commentsXform = new CommentsXform();
  const vmlNotesXform = new VmlNotesXform();
  for (const worksheet of (model as { worksheets: WorksheetParts[] }).worksheets) {
    const part = (name: string, render: (stream: XmlStream) => void) => {
      const stream = new XmlStream();
      render(stream);
      sink.append(streamBytes(stream), { name });
    };
    part(`xl/worksheets/sheet${worksheet.id}.xml`, (stream) => worksheetXform.render(stream, worksheet));
    if (worksheet.rels && worksheet.rels.length > 0) {
      part(`xl/worksheets/_rels/sheet${worksheet.id}.xml.rels`, (stream) =>
        relationshipsXform.render(stream, worksheet.rels),
      );
    }
    if (worksheet.comments.length > 0) {
      part(`xl/comments${worksheet.id}.xml`, (stream) => commentsXform.render(stream, worksheet));
      part(`xl/drawings/vmlDrawing${worksheet.id}.vml`, (stream) => vmlNotesXform.render(stream, worksheet));
    }
  }
}

/**
 * The package's entries as exceljs's XLSX.write would zip them, without zipping: its steps in its order,
 * each part collected where JSZip would take it, with the folder entries JSZip adds before a part's first
 * file in a folder ("xl/", then "xl/worksheets/"). Undefined when a part comes as base64 (an image), which
 * the public way handles.
 */
async function entriesOf(writer: XlsxWriter, model: unknown): Promise<[string, Uint8Array][] | undefined> {
  const entries = new Map<string, Uint8Array>();
  let base64 = false;
  const sink: PartSink = {
    append(data, { name, base64: encoded }) {
      if (encoded) base64 = true;
      const folders = name.split('/').slice(0, -1);
      for (let depth = 1; depth <= folders.length; depth++) {
        const folder = `${folders.slice(0, depth).join('/')}/`;
        if (!entries.has(folder)) entries.set(folder, new Uint8Array(0));
      }
      entries.set(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    },
  };
  writer.prepareModel(model, {});
  // As XLSX.write: one step after the other, themes with styles and app with core started together; the
  // sheets through addWorksheets below, which writes what exceljs's step of that name writes.
  for (const step of STEPS.slice(0, 7))
    await (step === 'addWorksheets' ? addWorksheets(sink, model) : writer[step](sink, model));
  await Promise.all([writer.addThemes(sink, model), writer.addStyles(sink, model)]);
  await writer.addMedia(sink, model);
  await Promise.all([writer.addApp(sink, model), writer.addCore(sink, model)]);
  await writer.addWorkbook(sink, model);
  return base64 ? undefined : [...entries];
}

/**
 * The entries through exceljs's public writer: zipped by JSZip (stored, since they are zipped again
 * anyway) and unzipped. The fallback, and what the unit tests compare entriesOf with.
 */
export async function publicEntries(workbook: ExcelJS.Workbook): Promise<[string, Uint8Array][]> {
  const written = new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  return Object.entries(unzipSync(written));
}

/**
 * `direct` false takes exceljs's public writer (JSZip, then an unzip), which the tests compare with the
 * direct way: JSZip's pass over a workbook (a CRC of every part, in JavaScript, and the stored zip) only to
 * be unzipped again came to about a tenth of a department workbook's CPU.
 */
export async function workbookBytes(workbook: ExcelJS.Workbook, direct = true): Promise<Uint8Array> {
  workbook.created = FIXED_WORKBOOK_DATE;
  workbook.modified = FIXED_WORKBOOK_DATE;
  workbook.lastPrinted = undefined as unknown as Date;
  const writer = direct ? xlsxWriter(workbook) : undefined;
  const entries =
    (writer && (await entriesOf(writer, (workbook as unknown as { model: unknown }).model))) ??
    (await publicEntries(workbook));
  // Entry order as exceljs writes it ([Content_Types].xml first, as Office expects); the entries every
  // workbook shares (theme, relationships) are deflated once per process (zip.ts).
  return zipEntries(entries, FIXED_WORKBOOK_DATE, ZIP_LEVEL);
}
