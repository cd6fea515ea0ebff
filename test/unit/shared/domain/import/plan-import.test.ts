import { CatalogIndex, defaultCatalog } from '../../../../../shared/domain/catalog';
import { IMPORT_COLUMNS, type CellValue, type SheetData } from '../../../../../shared/domain/import/layout';
import {
  compareWithExisting,
  planImport,
  type ImportContext,
  type ImportError,
} from '../../../../../shared/domain/import/plan-import';

const catalog = new CatalogIndex(defaultCatalog);
const now = new Date('2023-07-10T02:00:00Z');
const context: ImportContext = {
  catalog,
  departments: [
    { departmentId: 'qwb', name: '区委宣传部' },
    { departmentId: 'zzb', name: '区委组织部' },
  ],
  mayBackdate: true,
  timeZone: 'Asia/Shanghai',
  now,
};
const deadline = { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' };

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], CellValue>>;
function sheet(...rows: Row[]): SheetData {
  return {
    header: [...IMPORT_COLUMNS],
    rows: rows.map((row, index) => ({ row: index + 2, values: IMPORT_COLUMNS.map((c) => row[c] ?? null) })),
  };
}
/** Errors without the department and week they carry for the errors file. */
const located = (errors: ImportError[]) =>
  errors.map(({ row, column, message }) => ({ row, column, message }));

const base: Row = { 单位: 'qwb', 周次: '2023-W10', 主题: 'political', 标题: '专题轮训' };

describe('planImport', () => {
  it('groups rows into items and items into one report per department-week', () => {
    const plan = planImport(
      sheet(
        { ...base, 指标: 'cadres-trained', 数值: '1300', 亮点: '是', 详情: '分批次' },
        { ...base, 指标: '外出考察实践党员干部', 数值: 12, 亮点: '是', 详情: '分批次' },
        { ...base, 标题: '新党员宣誓', 主题: '政治建设' },
        { ...base, 单位: '区委组织部', 周次: '2023-W10', 标题: '别的单位' },
        { ...base, 周次: '2023-W11', 标题: '下一周' },
      ),
      context,
    );
    expect(located(plan.errors)).toEqual([]);
    expect(plan.rowCount).toBe(5);
    expect(plan.reports.map((r) => `${r.departmentId} ${r.week}`)).toEqual([
      'qwb 2023-W10',
      'zzb 2023-W10',
      'qwb 2023-W11',
    ]);
    const first = plan.reports[0]!;
    expect(first.body.items).toEqual([
      {
        theme: 'political',
        title: '专题轮训',
        detail: '分批次',
        highlight: true,
        metrics: [
          { metric: 'cadres-trained', value: '1300' },
          { metric: 'field-study-participants', value: '12' },
        ],
      },
      { theme: 'political', title: '新党员宣誓', highlight: false, metrics: [] },
    ]);
    expect(first.itemRows).toEqual([
      { row: 2, metricRows: [2, 3] },
      { row: 4, metricRows: [] },
    ]);
  });

  it('reads 是/否 and an empty 亮点 as 否, and refuses anything else', () => {
    const plan = planImport(
      sheet(
        { ...base, 亮点: '否' },
        { ...base, 标题: 'b', 亮点: '是' },
        { ...base, 周次: '2023-W11', 亮点: 'yes' },
      ),
      context,
    );
    expect(located(plan.errors)).toEqual([
      { row: 4, column: '亮点', message: 'must be 是 or 否 (empty means 否), not yes' },
    ]);
    expect(plan.reports[0]!.body.items.map((item) => item.highlight)).toEqual([false, true]);
  });

  it('keeps 万/亿 values with their unit and refuses a unit the metric does not take', () => {
    const plan = planImport(
      sheet(
        { ...base, 主题: 'development', 标题: 'x', 指标: 'volunteer-hours', 数值: '1.5', 计量单位: '万小时' },
        { ...base, 主题: 'development', 标题: 'y', 指标: 'volunteer-hours', 数值: '2', 计量单位: '亿小时' },
        {
          ...base,
          周次: '2023-W12',
          主题: 'development',
          标题: 'z',
          指标: 'volunteer-hours',
          数值: '2',
          计量单位: '万人',
        },
      ),
      context,
    );
    expect(located(plan.errors)).toEqual([
      { row: 4, column: '计量单位', message: expect.stringContaining('unit 万人 is not accepted') },
    ]);
    expect(plan.reports).toHaveLength(1);
    expect(plan.reports[0]!.body.items.map((item) => item.metrics?.[0])).toEqual([
      { metric: 'volunteer-hours', value: '1.5', unit: '万小时' },
      { metric: 'volunteer-hours', value: '2', unit: '亿小时' },
    ]);
  });

  it('reads "1,300" as 1300 and refuses a value that is not a number', () => {
    const plan = planImport(
      sheet(
        { ...base, 指标: 'cadres-trained', 数值: '1,300' },
        { ...base, 周次: '2023-W11', 指标: 'cadres-trained', 数值: '十二' },
        { ...base, 周次: '2023-W12', 指标: 'cadres-trained', 数值: '-3' },
      ),
      context,
    );
    expect(plan.reports[0]!.body.items[0]!.metrics?.[0]?.value).toBe('1300');
    expect(located(plan.errors)).toEqual([
      { row: 3, column: '数值', message: '十二: must be a finite decimal number' },
      { row: 4, column: '数值', message: '-3: must not be negative' },
    ]);
  });

  it('names the row, the column and the reason for every kind of error', () => {
    const plan = planImport(
      sheet(
        { ...base, 单位: 'nobody' },
        { ...base, 周次: '2023-W54' },
        { ...base, 周次: '2030-W01' },
        { ...base, 主题: '不存在' },
        { ...base, 标题: null },
        { ...base, 指标: 'no-such-metric', 数值: '1' },
        { ...base, 指标: 'volunteer-hours', 数值: '1' },
        { ...base, 指标: 'cadres-trained' },
        { ...base, 数值: '5' },
        { ...base, 报送时间: 'gestern' },
        { ...base, 报送时间: '2029-01-01T00:00:00Z' },
      ),
      context,
    );
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '单位'],
      [3, '周次'],
      [4, '周次'],
      [5, '主题'],
      [6, '标题'],
      [7, '指标'],
      [8, '指标'],
      [9, '数值'],
      [10, '数值'],
      [11, '报送时间'],
      [12, '报送时间'],
    ]);
    expect(plan.errors.map((e) => e.message)).toEqual([
      'unknown department nobody',
      '2023-W54 is not an ISO week that exists, such as 2023-W10',
      '2030-W01 has not started yet',
      'unknown theme 不存在',
      'required',
      'unknown metric no-such-metric',
      'metric volunteer-hours belongs to theme 服务大局 (development), not 政治建设 (political)',
      'required for metric 专题轮训干部',
      'a value needs its 指标',
      'must be an ISO 8601 time such as 2023-03-13T09:30:00+08:00',
      'must not be in the future',
    ]);
    expect(plan.errors[0]).toMatchObject({ department: 'nobody', week: '2023-W10' });
    expect(plan.errors[1]).toMatchObject({ department: 'qwb', week: '2023-W54' });
    // qwb 2023-W10 has bad rows, so nothing of that week is planned.
    expect(plan.reports).toEqual([]);
    expect(plan.rejectedReports).toBe(1);
  });

  it('refuses rows of one item that disagree, and a metric given twice in an item', () => {
    const plan = planImport(
      sheet(
        { ...base, 详情: 'a', 指标: 'cadres-trained', 数值: '1' },
        { ...base, 详情: 'b' },
        { ...base, 详情: 'a', 主题: 'talent' },
        { ...base, 详情: 'a', 亮点: '是' },
        { ...base, 详情: 'a', 指标: 'cadres-trained', 数值: '2' },
      ),
      context,
    );
    expect(located(plan.errors)).toEqual([
      { row: 3, column: '详情', message: 'differs from row 2 of the same item' },
      { row: 4, column: '主题', message: 'differs from row 2 of the same item' },
      { row: 5, column: '亮点', message: 'differs from row 2 of the same item' },
      { row: 6, column: '指标', message: 'metric cadres-trained already given for this item in row 2' },
    ]);
  });

  it('refuses unknown, repeated and missing header columns before reading any row', () => {
    const plan = planImport(
      { header: ['单位', '周次', '标题', '标题', '备注'], rows: [{ row: 2, values: ['qwb'] }] },
      context,
    );
    expect(located(plan.errors)).toEqual([
      { row: 1, column: '标题', message: 'column 标题 appears twice' },
      { row: 1, column: null, message: expect.stringContaining('unknown column 备注') },
      { row: 1, column: '主题', message: 'column 主题 is missing' },
    ]);
    expect(plan.reports).toEqual([]);
  });

  it('lets a department token import only its own department, and never 报送时间', () => {
    const plan = planImport(
      sheet(
        base,
        { ...base, 单位: 'zzb', 标题: '别的' },
        { ...base, 周次: '2023-W11', 报送时间: '2023-03-20T09:00:00+08:00' },
      ),
      { ...context, ownDepartmentId: 'qwb', mayBackdate: false },
    );
    expect(located(plan.errors)).toEqual([
      { row: 3, column: '单位', message: 'a department token may import only its own department (qwb)' },
      { row: 4, column: '报送时间', message: 'only an admin token may set 报送时间 (to import history)' },
    ]);
    expect(plan.reports.map((r) => r.week)).toEqual(['2023-W10']);
  });

  it('reads 报送时间 with an offset as given, without one and from a date cell in the time zone', () => {
    const plan = planImport(
      sheet(
        { ...base, 报送时间: '2023-03-13T09:30:00+08:00' },
        { ...base, 周次: '2023-W11', 报送时间: '2023-03-20 09:30' },
        // A workbook date cell: the wall time it shows sits in the UTC fields.
        { ...base, 周次: '2023-W12', 报送时间: new Date(Date.UTC(2023, 2, 27, 9, 30)) },
      ),
      context,
    );
    expect(located(plan.errors)).toEqual([]);
    expect(plan.reports.map((r) => r.body.submittedAt)).toEqual([
      '2023-03-13T01:30:00.000Z',
      '2023-03-20T01:30:00.000Z',
      '2023-03-27T01:30:00.000Z',
    ]);
  });

  it('points a fault of the API rules back at its row', () => {
    const plan = planImport(sheet({ ...base, 标题: 'x'.repeat(201) }, { ...base, 周次: '2023-W11' }), {
      ...context,
      checkBody: (body) =>
        body.items[0]!.title.length > 200
          ? [{ field: 'body.items.0.title', message: 'must be at most 200 characters' }]
          : [],
    });
    expect(located(plan.errors)).toEqual([
      { row: 2, column: '标题', message: 'must be at most 200 characters' },
    ]);
    expect(plan.reports.map((r) => r.week)).toEqual(['2023-W11']);
  });

  it('takes any well-formed department id when the roster cannot be read', () => {
    const plan = planImport(sheet(base, { ...base, 单位: '区委宣传部', 标题: '别的' }), {
      ...context,
      departments: undefined,
    });
    expect(plan.reports.map((r) => r.departmentId)).toEqual(['qwb']);
    expect(located(plan.errors)).toEqual([
      { row: 3, column: '单位', message: 'unknown department 区委宣传部' },
    ]);
  });
});

describe('planImport with --skip-invalid in mind', () => {
  it('leaves out the week a row with an unreadable 单位 or 周次 would have belonged to', () => {
    const plan = planImport(
      sheet(
        { ...base, 指标: 'cadres-trained', 数值: '1' },
        { ...base, 周次: '2023-W1O', 指标: 'field-study-participants', 数值: '2' },
        { ...base, 单位: 'qwbb', 周次: '2023-W11', 标题: '另一项' },
        { ...base, 周次: '2023-W11', 标题: '另一项' },
        { ...base, 周次: '2023-W12', 标题: '另一项' },
      ),
      context,
    );
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '周次'],
      [4, '单位'],
    ]);
    expect(plan.reports.map((r) => r.week)).toEqual(['2023-W12']);
    expect(plan.rejectedReports).toBe(2);
  });
});

describe('compareWithExisting', () => {
  const plan = planImport(
    sheet(
      { ...base, 指标: 'cadres-trained', 数值: '0.13', 计量单位: '万人次' },
      { ...base, 标题: '新党员宣誓' },
    ),
    context,
  );
  const report = plan.reports[0]!;
  const stored = [
    {
      theme: 'political',
      title: '专题轮训',
      highlight: false,
      metrics: [{ metric: 'cadres-trained', value: '1300', unit: '人次' }],
    },
    { theme: 'political', title: '新党员宣誓', highlight: false, metrics: [] },
  ];
  const at = { catalog, deadline, now };

  it('calls a report new, with whether it will count late', () => {
    expect(compareWithExisting(report, undefined, at)).toEqual({ status: 'new', willBeLate: true });
    const onTime = { ...report, body: { ...report.body, submittedAt: '2023-03-13T01:00:00.000Z' } };
    expect(compareWithExisting(onTime, undefined, at)).toEqual({ status: 'new', willBeLate: false });
  });

  it('calls a report unchanged when its normalised content equals the stored one', () => {
    const existing = { revision: 1, submittedAt: '2023-03-13T01:00:00.000Z', items: stored };
    expect(compareWithExisting(report, existing, at)).toEqual({ status: 'unchanged' });
  });

  it('names the items added, removed and changed', () => {
    const existing = {
      revision: 2,
      submittedAt: '2023-03-13T01:00:00.000Z',
      items: [
        { ...stored[0]!, metrics: [{ metric: 'cadres-trained', value: '1200', unit: '人次' }] },
        { ...stored[1]!, title: '旧的' },
      ],
    };
    expect(compareWithExisting(report, existing, at)).toEqual({
      status: 'changed',
      added: ['新党员宣誓'],
      removed: ['旧的'],
      changed: ['专题轮训'],
    });
  });
});
