import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { CatalogIndex, defaultCatalog } from '../../../../../shared/domain/catalog';
import { IMPORT_COLUMNS } from '../../../../../shared/domain/import/layout';
import { planImport } from '../../../../../shared/domain/import/plan-import';
import {
  renderReportTemplate,
  TEMPLATE_INSTRUCTIONS_SHEET,
  TEMPLATE_LISTS_SHEET,
} from '../../../../../shared/domain/workbook/report-template';
import { readXlsx } from '../../../../../tools/import/read-sheet';

async function load(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

const departments = [
  { departmentId: 'qwb', name: '区委办' },
  { departmentId: 'zzb', name: '区委组织部' },
];

describe('renderReportTemplate', () => {
  it('writes the header, list validations drawn from a hidden lists sheet, and the instructions', async () => {
    const workbook = await load(await renderReportTemplate({ catalog: defaultCatalog, departments }));
    expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.state])).toEqual([
      ['周报', 'visible'],
      [TEMPLATE_INSTRUCTIONS_SHEET, 'visible'],
      [TEMPLATE_LISTS_SHEET, 'hidden'],
    ]);
    const sheet = workbook.getWorksheet('周报')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...IMPORT_COLUMNS]);
    expect(sheet.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'列表'!$A$2:$A$5`],
    });
    expect(sheet.getCell('G300').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'列表'!$B$2:$B$${defaultCatalog.metrics.length + 1}`],
    });
    expect(sheet.getCell('I2').dataValidation.formulae?.[0]).toMatch(/^'列表'!\$C\$2:\$C\$\d+$/);
    expect(sheet.getCell('A2').dataValidation.formulae).toEqual([`'列表'!$D$2:$D$3`]);
    expect(sheet.getCell('F2').dataValidation.formulae).toEqual(['"是,否"']);
    const lists = workbook.getWorksheet(TEMPLATE_LISTS_SHEET)!;
    expect(lists.getCell('A2').value).toBe('政治建设');
    expect(lists.getCell(`B${defaultCatalog.metrics.length + 1}`).value).toBe(
      defaultCatalog.metrics.at(-1)!.label,
    );
    const units = lists.getColumn(3).values.slice(2);
    expect(units).toEqual(expect.arrayContaining(['元', '万元', '亿元', '人次', '万人次']));
    const instructions = workbook.getWorksheet(TEMPLATE_INSTRUCTIONS_SHEET)!;
    const text = instructions.getSheetValues().flat().join('\n');
    expect(text).toContain('报送时间');
    expect(text).toContain('专题轮训干部（人次，cadres-trained）');
  });

  it('fills 单位 for a department, and rows with nothing else import as blank', async () => {
    const bytes = await renderReportTemplate({
      catalog: defaultCatalog,
      departments: [],
      fillDepartment: departments[0]!,
    });
    const workbook = await load(bytes);
    const sheet = workbook.getWorksheet('周报')!;
    expect(sheet.getCell('A2').value).toBe('qwb');
    expect(sheet.getCell('A501').value).toBe('qwb');
    expect(sheet.getCell('A2').dataValidation?.formulae).toBeUndefined();
    const plan = planImport(await readXlsx(bytes), {
      catalog: new CatalogIndex(defaultCatalog),
      departments,
      mayBackdate: false,
      timeZone: 'Asia/Shanghai',
      now: new Date('2023-07-01T00:00:00Z'),
    });
    expect(plan).toEqual({ reports: [], errors: [], rejectedReports: 0, rowCount: 0 });
  });

  it('gives the same bytes for the same input, with fixed zip dates', async () => {
    const first = await renderReportTemplate({ catalog: defaultCatalog, departments });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderReportTemplate({ catalog: defaultCatalog, departments });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Object.keys(unzipSync(first))[0]).toBe('[Content_Types].xml');
    const core = new TextDecoder().decode(unzipSync(first)['docProps/core.xml']);
    expect(core).toContain('2000-01-01T00:00:00Z');
  });
});
