import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { defaultCatalog } from '../../../../../shared/domain/catalog';
import { IMPORT_COLUMNS } from '../../../../../shared/domain/import/layout';
import { renderReportTemplate } from '../../../../../shared/domain/workbook/report-template';
import {
  ReportTemplateSkeleton,
  xmlText,
  type TemplateFill,
  type TemplateSkeletonData,
} from '../../../../../shared/domain/workbook/template-skeleton';
import { buildTemplateSkeleton } from '../../../../../shared/domain/workbook/template-skeleton-builder';
import { readXlsx } from '../../../../../tools/import/read-sheet';

/**
 * Everything a reader sees in a workbook, as exceljs reads it back: the sheets in order with their state,
 * views and columns, every cell with its value, type, style and validation, the sheets' validation
 * lists, and the workbook's defined names.
 */
async function described(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return {
    definedNames: workbook.definedNames.model,
    sheets: workbook.worksheets.map((sheet) => {
      const cells: Record<string, unknown> = {};
      sheet.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) => {
          cells[cell.address] = {
            value: cell.value,
            type: cell.type,
            style: cell.style,
            validation: cell.dataValidation,
          };
        }),
      );
      return {
        name: sheet.name,
        state: sheet.state,
        views: sheet.views,
        dimensions: sheet.dimensions.range,
        columns: (sheet.columns ?? []).map((column) => ({ width: column.width, style: column.style })),
        validations: (sheet as unknown as { dataValidations: { model: unknown } }).dataValidations.model,
        cells,
      };
    }),
  };
}

const inputOf = (fill: TemplateFill) =>
  'fillDepartment' in fill
    ? { catalog: defaultCatalog, departments: [], fillDepartment: fill.fillDepartment }
    : {
        catalog: defaultCatalog,
        departments: fill.departments.map((d, i) => ({ departmentId: `d${i}`, name: d.name })),
      };

const roster = (names: string[]) => ({ departments: names.map((name) => ({ name })) });
const XML_SPECIAL = `财政局 & "审计" <局> '二'`;

let data: TemplateSkeletonData;
let skeleton: ReportTemplateSkeleton;
beforeAll(async () => {
  data = await buildTemplateSkeleton(defaultCatalog);
  // As a deployed function gets it: through the JSON file.
  skeleton = new ReportTemplateSkeleton(JSON.parse(JSON.stringify(data)) as TemplateSkeletonData);
}, 60_000);

describe('ReportTemplateSkeleton', () => {
  it.each<[string, TemplateFill]>([
    ['a department', { fillDepartment: { departmentId: 'qwb', name: '区委办' } }],
    [
      'a department named with XML’s special characters',
      { fillDepartment: { departmentId: 'czj', name: XML_SPECIAL } },
    ],
    ['no roster', roster([])],
    ['a roster of one', roster(['区委办'])],
    ['a roster of 150', roster(Array.from({ length: 150 }, (_, i) => `张湾区第${i + 1}办公室`))],
    ['names with XML’s special characters and Chinese', roster([XML_SPECIAL, 'A&B <C>', '区委组织部'])],
    // exceljs keeps one shared string per text: a name that is also a catalog label, or twice in the
    // roster, refers to the string that is there.
    ['names already among the strings', roster(['政治建设', '区委办', '区委办', '单位'])],
  ])('should read back as renderReportTemplate’s workbook for %s', async (_case, fill) => {
    const expected = await renderReportTemplate(inputOf(fill));
    const filled = skeleton.fill(fill);
    expect(await described(filled)).toEqual(await described(expected));
  });

  it('should give a department every part of renderReportTemplate’s package byte for byte', async () => {
    // The package's own bytes differ: the parts filled per request are deflated by Node's zlib.
    const parts = (bytes: Uint8Array) =>
      Object.entries(unzipSync(bytes)).map(([name, data]) => [name, Buffer.from(data)]);
    const department = { departmentId: 'czj', name: XML_SPECIAL };
    expect(parts(skeleton.fill({ fillDepartment: department }))).toEqual(
      parts(await renderReportTemplate(inputOf({ fillDepartment: department }))),
    );
    expect(parts(skeleton.fill(roster([])))).toEqual(parts(await renderReportTemplate(inputOf(roster([])))));
  });

  it('should give a roster the same lists sheet', async () => {
    // With names, exceljs interleaves them with the catalog's strings; the skeleton adds them at the end.
    const names = Array.from({ length: 150 }, (_, i) => `单位${i}`);
    const lists = async (bytes: Uint8Array) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      return workbook.getWorksheet('列表')!.getSheetValues();
    };
    expect(await lists(skeleton.fill(roster(names)))).toEqual(
      await lists(await renderReportTemplate(inputOf(roster(names)))),
    );
  });

  it('should draw the 单位 validation on exactly the roster’s rows, and none without a roster', async () => {
    const validationOf = async (fill: TemplateFill) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(skeleton.fill(fill)) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('周报')!;
      return [sheet.getCell('A2').dataValidation?.formulae, sheet.getCell('A501').dataValidation?.formulae];
    };
    expect(await validationOf(roster([]))).toEqual([undefined, undefined]);
    expect(await validationOf(roster(['一']))).toEqual([[`'列表'!$D$2:$D$2`], [`'列表'!$D$2:$D$2`]]);
    const many = Array.from({ length: 150 }, (_, i) => `单位${i}`);
    expect(await validationOf(roster(many))).toEqual([[`'列表'!$D$2:$D$151`], [`'列表'!$D$2:$D$151`]]);
  });

  it('should count the shared strings and read as the import command reads a workbook', async () => {
    const bytes = skeleton.fill(roster([XML_SPECIAL, '区委办', '区委办']));
    const strings = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml']!);
    const { count, uniqueCount } = data.roster.sharedStrings;
    // Three cells, two new strings: a name is added once.
    expect(strings).toContain(`count="${count + 3}" uniqueCount="${uniqueCount + 2}"`);
    expect(strings.match(/<si>/g)).toHaveLength(uniqueCount + 2);
    expect(strings).toContain(`<si><t>${xmlText(XML_SPECIAL)}</t></si><si><t>区委办</t></si></sst>`);
    // The import's reader sees the header row and no data rows.
    expect(await readXlsx(bytes)).toEqual({ header: [...IMPORT_COLUMNS], rows: [] });
  });

  it('should escape text as exceljs does, dropping what XML 1.0 cannot hold', () => {
    expect(xmlText(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(xmlText('区\u0001委\t办\u007f')).toBe('区委\t办');
  });

  it('should refuse a skeleton of another format', () => {
    expect(() => new ReportTemplateSkeleton({ ...data, format: 2 as 1 })).toThrow(/format/);
  });
});
