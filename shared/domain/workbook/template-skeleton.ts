/**
 * The weekly-report template filled in per request without exceljs: a skeleton of the workbook that
 * `renderReportTemplate` wrote once (at synth, or once per process from the sources), with the parts
 * that depend on the caller cut where the caller's data goes.
 *
 * exceljs was the whole cost of get-report-template's cold start (about 1.2 MB of bundle and, in
 * `npm run bench:cold`, 15–20× a hello world's CPU), yet per request only a few strings change: a
 * department's id and name, or the roster's names and the length of the 单位 list. So:
 * - for a department token, every part is fixed but the shared strings, where its id (filled into 单位)
 *   and its name (in the instructions) replace two placeholders (an id that is also a text of the
 *   catalog is then in the shared strings twice, where exceljs would have shared one: readers take
 *   either; ids are lower-case ASCII and the default catalog's texts Chinese, so it does not arise);
 * - for the roster, the lists sheet gets the names in its 单位 column, the shared strings get them at
 *   their end, and the 周报 sheet's 单位 validation gets the list's last row. Without departments, the
 *   workbook is `renderReportTemplate`'s without a roster.
 * The fixed parts were deflated when the skeleton was built; only the changed ones are deflated here, by
 * Node's zlib (zip.ts says why), so the package's bytes differ from exceljs's but every part is the same.
 * Unit tests hold every sheet, cell, style, validation and defined name equal to what
 * `renderReportTemplate` writes for the same caller (template-skeleton.test.ts).
 *
 * Input: the skeleton (template-skeleton-builder.ts builds it), and the department or the roster.
 * Output: the workbook's bytes.
 */
import { deflateEntryNatively, zipDeflated, type DeflatedEntry } from '../zip';
import { FIXED_WORKBOOK_DATE } from './fixed-date';

/** A part deflated when the skeleton was built: its CRC-32, its size, and its raw DEFLATE data in base64. */
export interface PackedPart {
  crc: number;
  size: number;
  deflated: string;
}

/** The parts filled per request, by role. */
export type FilledPart = 'sharedStrings' | 'sheet' | 'lists';

/** A zip entry of the skeleton, in the package's order: a fixed part, or the role of a filled one. */
export type SkeletonEntry = [name: string, part: PackedPart | FilledPart];

/** Where the department's data goes in the department workbook's shared strings. */
export type DepartmentSlot = 'id' | 'name';

/** One row of the lists sheet as exceljs writes it: `<row r spans="min:max"{attributes}>{cells}</row>`. */
export interface ListsRow {
  r: number;
  min: number;
  max: number;
  cells: string;
}

/** The serialised skeleton: the file shipped beside the bundle is this, as JSON. */
export interface TemplateSkeletonData {
  format: 1;
  department: {
    entries: SkeletonEntry[];
    /** xl/sharedStrings.xml cut at the placeholders: text, slot, text, slot, …, text. */
    sharedStrings: (string | DepartmentSlot)[];
  };
  roster: {
    entries: SkeletonEntry[];
    /** The 周报 sheet with no roster: no 单位 validation. */
    sheetWithoutRoster: PackedPart;
    /** The 周报 sheet with the 单位 validation, cut where the list's last row number goes. */
    sheetWithRoster: string[];
    lists: {
      /** The sheet up to its `<sheetData>`, cut where the last row of its dimension goes. */
      head: [string, string];
      rows: ListsRow[];
      /** The attributes exceljs gives every row after `spans` (` x14ac:dyDescent="0.25"`). */
      rowAttributes: string;
      /** `</sheetData>` and what follows. */
      tail: string;
      /** The roster's column: its letter and number. */
      column: { letter: string; number: number };
    };
    sharedStrings: {
      /** `<?xml …?><sst xmlns="…"` up to the counts. */
      open: string;
      count: number;
      uniqueCount: number;
      /** The `<si>` elements. */
      items: string;
      /** Their texts in order, so that a name already there is not added twice. */
      texts: string[];
    };
  };
}

/** The caller's part of the template: a department token's own department, or the roster for the others. */
export type TemplateFill =
  { fillDepartment: { departmentId: string; name: string } } | { departments: { name: string }[] };

/**
 * Text as exceljs writes it into XML (its utils.xmlEncode): the five entities, and the control characters
 * XML 1.0 does not allow dropped (names and ids cannot hold them anyway: the API refuses them).
 */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[<>&'"\x7f\x00-\x08\x0b\x0c\x0e-\x1f]/g, (char) => XML_ESCAPES[char] ?? '');
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

/** A shared string's element as exceljs writes it: whitespace at either end or a newline is kept by an attribute. */
function sharedStringItem(text: string): string {
  const preserve = /^\s|\n|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<si><t${preserve}>${xmlText(text)}</t></si>`;
}

const utf8 = new TextEncoder();

function unpacked(part: PackedPart): DeflatedEntry {
  return { crc: part.crc, size: part.size, data: Buffer.from(part.deflated, 'base64') };
}

type Unpacked = [name: string, part: DeflatedEntry | FilledPart];

/** The skeleton with its fixed parts decoded once per process, ready to fill. */
export class ReportTemplateSkeleton {
  private readonly department: Unpacked[];
  private readonly roster: Unpacked[];
  private readonly sheetWithoutRoster: DeflatedEntry;
  private rosterIndex?: Map<string, number>;

  constructor(private readonly data: TemplateSkeletonData) {
    if (data.format !== 1) throw new Error('Unknown report template skeleton format');
    const unpack = (entries: SkeletonEntry[]): Unpacked[] =>
      entries.map(([name, part]) => [name, typeof part === 'string' ? part : unpacked(part)]);
    this.department = unpack(data.department.entries);
    this.roster = unpack(data.roster.entries);
    this.sheetWithoutRoster = unpacked(data.roster.sheetWithoutRoster);
  }

  fill(input: TemplateFill): Uint8Array {
    if ('fillDepartment' in input) {
      const { departmentId, name } = input.fillDepartment;
      const values: Record<DepartmentSlot, string> = { id: xmlText(departmentId), name: xmlText(name) };
      const strings = this.data.department.sharedStrings
        .map((piece, index) => (index % 2 === 1 ? values[piece as DepartmentSlot] : piece))
        .join('');
      return this.zip(this.department, { sharedStrings: strings });
    }
    const names = input.departments.map((department) => department.name);
    if (names.length === 0) {
      return this.zip(this.roster, {
        sheet: this.sheetWithoutRoster,
        lists: this.listsSheet([]),
        sharedStrings: this.sharedStrings([]).xml,
      });
    }
    const { xml, indices } = this.sharedStrings(names);
    return this.zip(this.roster, {
      sheet: this.data.roster.sheetWithRoster.join(String(names.length + 1)),
      lists: this.listsSheet(indices),
      sharedStrings: xml,
    });
  }

  /**
   * The shared strings with the names that are not there yet added at the end (exceljs adds a string
   * once, however many cells hold it), and each name's index.
   */
  private sharedStrings(names: string[]): { xml: string; indices: number[] } {
    const skeleton = this.data.roster.sharedStrings;
    this.rosterIndex ??= new Map(skeleton.texts.map((text, index) => [text, index] as const).reverse());
    const added = new Map<string, number>();
    const indices = names.map((name) => {
      const known = this.rosterIndex!.get(name) ?? added.get(name);
      if (known !== undefined) return known;
      const index = skeleton.uniqueCount + added.size;
      added.set(name, index);
      return index;
    });
    const xml =
      `${skeleton.open} count="${skeleton.count + names.length}" ` +
      `uniqueCount="${skeleton.uniqueCount + added.size}">${skeleton.items}` +
      [...added.keys()].map(sharedStringItem).join('') +
      '</sst>';
    return { xml, indices };
  }

  /** The lists sheet with the roster's names (their shared-string indices) from row 2 down its column. */
  private listsSheet(indices: number[]): string {
    const lists = this.data.roster.lists;
    const { letter, number } = lists.column;
    const byRow = new Map(lists.rows.map((row) => [row.r, row] as const));
    const lastRow = Math.max(...lists.rows.map((row) => row.r), indices.length + 1);
    const rows: string[] = [];
    for (let r = 1; r <= lastRow; r++) {
      const row = byRow.get(r);
      const index = r >= 2 ? indices[r - 2] : undefined;
      if (index === undefined) {
        if (row) rows.push(rowXml(r, row.min, row.max, lists.rowAttributes, row.cells));
        continue;
      }
      // The roster's column is the last of the lists, so its cell ends the row.
      const cell = `<c r="${letter}${r}" t="s"><v>${index}</v></c>`;
      rows.push(
        row
          ? rowXml(
              r,
              Math.min(row.min, number),
              Math.max(row.max, number),
              lists.rowAttributes,
              row.cells + cell,
            )
          : rowXml(r, number, number, lists.rowAttributes, cell),
      );
    }
    return lists.head.join(String(lastRow)) + rows.join('') + lists.tail;
  }

  private zip(entries: Unpacked[], filled: Partial<Record<FilledPart, string | DeflatedEntry>>): Uint8Array {
    return zipDeflated(
      entries.map(([name, part]) => {
        if (typeof part !== 'string') return [name, part];
        const value = filled[part];
        if (value === undefined) throw new Error(`The report template skeleton has no ${part} for ${name}`);
        return [name, typeof value === 'string' ? deflateEntryNatively(utf8.encode(value)) : value];
      }),
      FIXED_WORKBOOK_DATE,
    );
  }
}

function rowXml(r: number, min: number, max: number, attributes: string, cells: string): string {
  return `<row r="${r}" spans="${min}:${max}"${attributes}>${cells}</row>`;
}
