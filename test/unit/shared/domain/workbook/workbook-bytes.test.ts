import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { renderXlsx } from '../../../../../shared/domain/documents';
import { xlsxWorkbook } from '../../../../../shared/domain/documents/render-xlsx';
import { workbookBytes } from '../../../../../shared/domain/workbook/workbook-bytes';
import { departmentScopeFixture, summaryDocumentFixture } from '../../../../fixtures/summary-document';

/** Sheets, shared strings, styles, a formula and a note (which adds comments, a VML drawing and rels). */
function sampleWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '张湾区委组织部';
  const first = workbook.addWorksheet('汇总');
  first.columns = [
    { header: '指标', width: 20 },
    { header: '数值', width: 12 },
  ];
  first.getRow(1).font = { bold: true };
  first.addRow(['志愿服务时长', 1234.5]).getCell(2).numFmt = '#,##0.0';
  const total = first.addRow(['合计']);
  total.getCell(2).value = { formula: 'SUM(B2:B2)', result: 1234.5 };
  total.getCell(2).note = '全区数值';
  const second = workbook.addWorksheet('事项');
  for (let row = 0; row < 50; row++) second.addRow([`第${row + 1}项`, row, row % 2 === 0 ? '是' : '否']);
  return workbook;
}

describe('workbookBytes', () => {
  it("should give the bytes exceljs's public writer gives, for a workbook with notes and formulas", async () => {
    const direct = await workbookBytes(sampleWorkbook());
    const viaJsZip = await workbookBytes(sampleWorkbook(), false);
    expect(Object.keys(unzipSync(direct))).toContain('xl/drawings/vmlDrawing1.vml');
    expect(Buffer.from(direct)).toEqual(Buffer.from(viaJsZip));
  });

  it('should list the folders before their first part, as JSZip does', async () => {
    const names = Object.keys(unzipSync(await workbookBytes(sampleWorkbook())));
    expect(names.slice(0, 3)).toEqual(['[Content_Types].xml', '_rels/', '_rels/.rels']);
    expect(names.indexOf('xl/worksheets/')).toBe(names.indexOf('xl/worksheets/sheet1.xml') - 1);
  });

  it('should write a district and a department workbook with the same bytes both ways', async () => {
    for (const doc of [summaryDocumentFixture(), departmentScopeFixture('hrss')]) {
      const sources = [
        {
          departmentId: 'hrss',
          week: '2023-W10',
          revision: 2,
          items: [{ theme: 'service', title: '政策宣讲', highlight: true, metrics: [] }],
        },
      ];
      const direct = await workbookBytes(xlsxWorkbook(doc, sources));
      expect(Buffer.from(direct)).toEqual(
        Buffer.from(await workbookBytes(xlsxWorkbook(doc, sources), false)),
      );
      expect(Buffer.from(await renderXlsx(doc, sources))).toEqual(Buffer.from(direct));
    }
  });
});
