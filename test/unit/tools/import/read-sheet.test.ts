import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CatalogIndex, defaultCatalog } from '../../../../shared/domain/catalog';
import { planImport } from '../../../../shared/domain/import/plan-import';
import { decodeCsv, readCsv, readSheet, readXlsx } from '../../../../tools/import/read-sheet';

const csv = [
  '周次,单位,主题,标题,详情,亮点,指标,数值,计量单位',
  '2023-W10,区委宣传部,政治建设,专题轮训,"分批次,全覆盖",是,专题轮训干部,1300,',
  '2023-W10,区委宣传部,政治建设,专题轮训,"分批次,全覆盖",是,外出考察实践党员干部,0.12,万人次',
  '',
  '2023-W11,qwb,political,"跨行的',
  '标题",,否,,,',
].join('\r\n');

const expectedRows = [
  {
    row: 2,
    values: [
      '2023-W10',
      '区委宣传部',
      '政治建设',
      '专题轮训',
      '分批次,全覆盖',
      '是',
      '专题轮训干部',
      '1300',
      null,
    ],
  },
  {
    row: 3,
    values: [
      '2023-W10',
      '区委宣传部',
      '政治建设',
      '专题轮训',
      '分批次,全覆盖',
      '是',
      '外出考察实践党员干部',
      '0.12',
      '万人次',
    ],
  },
  { row: 4, values: [null] },
  { row: 5, values: ['2023-W11', 'qwb', 'political', '跨行的\n标题', null, '否', null, null, null] },
];

async function workbookBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('周报');
  sheet.addRow(['周次', '单位', '主题', '标题', '详情', '亮点', '指标', '数值', '计量单位']);
  sheet.addRow([
    '2023-W10',
    '区委宣传部',
    '政治建设',
    '专题轮训',
    '分批次,全覆盖',
    '是',
    '专题轮训干部',
    1300,
  ]);
  sheet.addRow([
    '2023-W10',
    '区委宣传部',
    { richText: [{ text: '政治' }, { text: '建设' }] },
    '专题轮训',
    '分批次,全覆盖',
    '是',
    '外出考察实践党员干部',
    { formula: '0.1+0.02', result: 0.12 },
    '万人次',
  ]);
  sheet.addRow([]);
  sheet.addRow(['2023-W11', 'qwb', 'political', '跨行的\n标题', null, '否']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('decodeCsv', () => {
  it('detects UTF-8 with and without a BOM, and GB18030', () => {
    const utf8 = Buffer.from(csv, 'utf8');
    expect(decodeCsv(utf8)).toEqual({ text: csv, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({
      text: csv,
      encoding: 'utf-8',
    });
    expect(decodeCsv(iconv.encode(csv, 'gb18030'))).toEqual({ text: csv, encoding: 'gb18030' });
  });
});

describe('readers', () => {
  it('read the same rows from a CSV in any encoding, numbering rows as a spreadsheet does', () => {
    for (const bytes of [
      Buffer.from(csv, 'utf8'),
      Buffer.from('\uFEFF' + csv, 'utf8'),
      iconv.encode(csv, 'gb18030'),
    ]) {
      const sheet = readCsv(bytes);
      expect(sheet.header[0]).toBe('周次');
      expect(sheet.rows).toEqual(expectedRows);
    }
  });

  it('read a workbook into the same reports as the CSV', async () => {
    const context = {
      catalog: new CatalogIndex(defaultCatalog),
      departments: [{ departmentId: 'qwb', name: '区委宣传部' }],
      mayBackdate: false,
      timeZone: 'Asia/Shanghai',
      now: new Date('2023-07-01T00:00:00Z'),
    };
    const fromXlsx = planImport(await readXlsx(await workbookBytes()), context);
    const fromCsv = planImport(readCsv(Buffer.from(csv, 'utf8')), context);
    expect(fromXlsx.errors).toEqual([]);
    expect(fromXlsx.reports).toEqual(fromCsv.reports);
    expect(fromXlsx.reports.map((report) => report.body.items.map((item) => item.metrics))).toEqual([
      [
        [
          { metric: 'cadres-trained', value: '1300' },
          { metric: 'field-study-participants', value: '0.12', unit: '万人次' },
        ],
      ],
      [[]],
    ]);
  });

  it('choose the reader by the file name', async () => {
    await expect(readSheet('a.txt', Buffer.from(''))).rejects.toThrow('must end in .xlsx or .csv');
    expect((await readSheet('a.CSV', Buffer.from(csv))).rows).toHaveLength(4);
    expect((await readSheet('a.xlsx', await workbookBytes())).rows.map((r) => r.row)).toEqual([2, 3, 5]);
  });
});
