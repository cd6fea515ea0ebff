/**
 * Builds the report template's skeleton (template-skeleton.ts) from what `renderReportTemplate` writes,
 * so that the workbook keeps one definition: this renders it with exceljs for a department whose id and
 * name are placeholders, without a roster, and with a one-name roster, and cuts the XML where the
 * caller's data goes. Run at synth (infra/report-template-file.ts) or, from the sources, once per process;
 * never in a deployed function, whose bundle does not carry exceljs.
 *
 * The cuts rely on the XML exceljs writes (its rows, its shared strings, its validation formulae): each
 * one is checked here and a change in exceljs that breaks one fails the build instead of a download.
 *
 * Input: the catalog in force.
 * Output: the skeleton's data, which serialises to JSON.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { Catalog } from '../catalog';
import { deflateEntry } from '../zip';
import { renderReportTemplate, ROSTER_LIST_COLUMN, TEMPLATE_LISTS_SHEET } from './report-template';
import { IMPORT_SHEET_NAME } from '../import/layout';
import type {
  DepartmentSlot,
  FilledPart,
  ListsRow,
  PackedPart,
  SkeletonEntry,
  TemplateSkeletonData,
} from './template-skeleton';

/** Private-use characters: no catalog, id or name the template carries can contain them by accident. */
const MARK = '\uE000';
const PLACEHOLDERS: Record<DepartmentSlot, string> = {
  id: `${MARK}department-id${MARK}`,
  name: `${MARK}department-name${MARK}`,
};
const ROSTER_PLACEHOLDER = `${MARK}roster${MARK}`;
const SHARED_STRINGS = 'xl/sharedStrings.xml';

class SkeletonError extends Error {
  override name = 'SkeletonError';
  constructor(message: string) {
    super(`Cannot build the report template skeleton: ${message}`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SkeletonError(message);
}

type Package = Map<string, Uint8Array>;

async function rendered(input: Parameters<typeof renderReportTemplate>[0]): Promise<Package> {
  return new Map(Object.entries(unzipSync(await renderReportTemplate(input))));
}

function text(pkg: Package, name: string): string {
  const data = pkg.get(name);
  check(data, `the workbook has no ${name}`);
  return strFromU8(data);
}

function packed(data: Uint8Array): PackedPart {
  const entry = deflateEntry(data);
  return { crc: entry.crc, size: entry.size, deflated: Buffer.from(entry.data).toString('base64') };
}

function entries(pkg: Package, filled: Record<string, FilledPart>): SkeletonEntry[] {
  return [...pkg].map(([name, data]) => [name, filled[name] ?? packed(data)]);
}

/** The part of the named sheet, through the workbook and its relationships. */
function sheetPart(pkg: Package, sheetName: string): string {
  const sheet = text(pkg, 'xl/workbook.xml').match(
    new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="([^"]+)"`),
  );
  check(sheet, `the workbook has no sheet ${sheetName}`);
  const target = text(pkg, 'xl/_rels/workbook.xml.rels').match(
    new RegExp(`<Relationship [^>]*Id="${sheet[1]}"[^>]*Target="([^"]+)"`),
  )?.[1];
  check(target, `sheet ${sheetName} has no part`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function unescapeXml(xml: string): string {
  return xml.replace(/&(lt|gt|amp|apos|quot);/g, (_, name: string) => XML_ENTITIES[name]!);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** The shared strings' texts, in order: only plain strings, which is all the template writes. */
function sharedStringTexts(xml: string): string[] {
  const items = xml.match(/<si>.*?<\/si>/gs) ?? [];
  return items.map((item) => {
    const plain = item.match(/^<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>$/);
    check(plain, `a shared string is not plain text: ${item.slice(0, 80)}`);
    return unescapeXml(plain[1]!);
  });
}

/** The shared-string indices the cells of a sheet refer to. */
function sharedStringRefs(sheetXml: string): number[] {
  return [...sheetXml.matchAll(/<c [^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/g)].map((match) => Number(match[1]));
}

function departmentSkeleton(pkg: Package): TemplateSkeletonData['department'] {
  const strings = text(pkg, SHARED_STRINGS);
  const pieces: (string | DepartmentSlot)[] = strings
    .split(new RegExp(`(${PLACEHOLDERS.id}|${PLACEHOLDERS.name})`))
    .map((piece, index) =>
      index % 2 === 0 ? piece : piece === PLACEHOLDERS.id ? ('id' satisfies DepartmentSlot) : 'name',
    );
  check(pieces.includes('id') && pieces.includes('name'), 'the department placeholders are not strings');
  for (const [name, data] of pkg) {
    check(name === SHARED_STRINGS || !strFromU8(data).includes(MARK), `a placeholder is in ${name}`);
  }
  return { entries: entries(pkg, { [SHARED_STRINGS]: 'sharedStrings' }), sharedStrings: pieces };
}

function listsSkeleton(xml: string): TemplateSkeletonData['roster']['lists'] {
  const { letter, number } = ROSTER_LIST_COLUMN;
  const start = xml.indexOf('<sheetData>') + '<sheetData>'.length;
  const end = xml.indexOf('</sheetData>');
  check(start > '<sheetData>'.length && end > start, 'the lists sheet has no rows');
  const data = xml.slice(start, end);
  const matches = [...data.matchAll(/<row r="(\d+)" spans="(\d+):(\d+)"([^>]*)>(.*?)<\/row>/g)];
  check(matches.map((match) => match[0]).join('') === data, 'the lists sheet has rows of another form');
  const rowAttributes = matches[0]![4]!;
  check(
    matches.every((match) => match[4] === rowAttributes),
    'the rows of the lists sheet differ in their attributes',
  );
  const rows: ListsRow[] = matches.map(([, r, min, max, , cells]) => ({
    r: Number(r),
    min: Number(min),
    max: Number(max),
    cells: cells!,
  }));
  check(
    rows.every((row) => row.r === 1 || row.max < number),
    `the lists sheet has a roster in column ${letter}`,
  );
  const lastRow = Math.max(...rows.map((row) => row.r));
  const head = xml.slice(0, start).split(`<dimension ref="A1:${letter}${lastRow}"/>`);
  check(head.length === 2, 'the lists sheet has another dimension');
  return {
    head: [`${head[0]}<dimension ref="A1:${letter}`, `"/>${head[1]}`],
    rows,
    rowAttributes,
    tail: xml.slice(end),
    column: { letter, number },
  };
}

function sharedStringsSkeleton(xml: string): TemplateSkeletonData['roster']['sharedStrings'] {
  const open = xml.match(/^(.*?<sst [^>]*?) count="(\d+)" uniqueCount="(\d+)">/s);
  check(open && xml.endsWith('</sst>'), 'the shared strings have another form');
  const items = xml.slice(open[0].length, -'</sst>'.length);
  const texts = sharedStringTexts(items);
  check(texts.length === Number(open[3]), 'the shared strings are not counted as exceljs counts them');
  return { open: open[1]!, count: Number(open[2]), uniqueCount: Number(open[3]), items, texts };
}

function rosterSkeleton(empty: Package, oneName: Package): TemplateSkeletonData['roster'] {
  const sheet = sheetPart(empty, IMPORT_SHEET_NAME);
  const lists = sheetPart(empty, TEMPLATE_LISTS_SHEET);
  check(sheetPart(oneName, IMPORT_SHEET_NAME) === sheet, 'the sheets moved');

  // The 周报 sheet with the 单位 validation comes from the one-name workbook: it may refer only to
  // strings that sit at the same index without a roster (its header row).
  const withRoster = text(oneName, sheet);
  const emptyTexts = sharedStringTexts(text(empty, SHARED_STRINGS));
  const oneNameTexts = sharedStringTexts(text(oneName, SHARED_STRINGS));
  check(
    sharedStringRefs(withRoster).every((index) => emptyTexts[index] === oneNameTexts[index]),
    'the 周报 sheet refers to strings the roster moves',
  );
  // Cut where the list's last row goes, at every 单位 validation: "…$D$2:$D$" | last row | "</formula1>…".
  const { letter } = ROSTER_LIST_COLUMN;
  const range = `$${letter}$2:$${letter}$`;
  const parts = withRoster.split(`${range}2</formula1>`);
  check(parts.length >= 2, 'the 周报 sheet has no 单位 validation for a roster');
  const sheetWithRoster = parts.map(
    (part, index) => (index > 0 ? '</formula1>' : '') + part + (index < parts.length - 1 ? range : ''),
  );

  return {
    entries: entries(empty, { [sheet]: 'sheet', [lists]: 'lists', [SHARED_STRINGS]: 'sharedStrings' }),
    sheetWithoutRoster: packed(empty.get(sheet)!),
    sheetWithRoster,
    lists: listsSkeleton(text(empty, lists)),
    sharedStrings: sharedStringsSkeleton(text(empty, SHARED_STRINGS)),
  };
}

export async function buildTemplateSkeleton(catalog: Catalog): Promise<TemplateSkeletonData> {
  const department = await rendered({
    catalog,
    departments: [],
    fillDepartment: { departmentId: PLACEHOLDERS.id, name: PLACEHOLDERS.name },
  });
  const empty = await rendered({ catalog, departments: [] });
  const oneName = await rendered({
    catalog,
    departments: [{ departmentId: 'placeholder', name: ROSTER_PLACEHOLDER }],
  });
  return { format: 1, department: departmentSkeleton(department), roster: rosterSkeleton(empty, oneName) };
}
