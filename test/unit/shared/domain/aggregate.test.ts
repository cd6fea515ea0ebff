import {
  aggregate,
  departmentDocument,
  departmentFigures,
  districtDocument,
  runContext,
  serializeSummary,
  scopePart,
  mergeParts,
  provenanceDocument,
  provenanceEntry,
  provenanceFragment,
  provenanceFrame,
  serializeProvenance,
  type ScopePart,
} from '../../../../shared/domain/aggregate';
import type { AggregationInput } from '../../../../shared/domain/aggregate';
import { sortRoster } from '../../../../shared/domain/coverage';
import { weeksOfPeriod } from '../../../../shared/domain/calendar';
import type { Catalog } from '../../../../shared/domain/catalog';
import type { Department, ReportItem, ReportRevision } from '../../../../shared/domain/report';
import {
  GRID_DEPARTMENTS_MAX,
  HIGHLIGHTS_PER_THEME,
  type MetricSummary,
  type ProvenanceDocument,
  type SummaryDocument,
} from '../../../../shared/domain/summary';

const catalog: Catalog = {
  themes: [
    { id: 'political', title: '政治建设' },
    { id: 'development', title: '服务大局' },
    { id: 'talent', title: '人才工作' },
  ],
  metrics: [
    { id: 'cadres-trained', theme: 'political', label: '专题轮训干部', unit: '人次', aggregate: 'sum' },
    {
      id: 'enterprises-served',
      theme: 'development',
      label: '一对一包联服务企业',
      unit: '个',
      aggregate: 'latest',
    },
    { id: 'cadres-stationed', theme: 'development', label: '驻点服务党员干部', unit: '名', aggregate: 'max' },
    { id: 'award-money', theme: 'talent', label: '人才奖励资金', unit: '元', aggregate: 'sum' },
  ],
};

const TIME_ZONE = 'Asia/Shanghai';
const PERIOD = '2023-H1';
const WEEKS = weeksOfPeriod(PERIOD);
/** Wednesday of 2023-W05 in Shanghai: W01–W04 have ended, W05 is running. */
const MID_PERIOD = new Date('2023-02-01T04:00:00Z');
/** After the period: all 26 weeks have ended. */
const AFTER_PERIOD = new Date('2023-07-10T04:00:00Z');

function department(departmentId: string, name: string, activeFrom?: string): Department {
  return {
    departmentId,
    name,
    ...(activeFrom ? { activeFrom } : {}),
    createdAt: '2022-12-01T00:00:00Z',
    updatedAt: '2022-12-01T00:00:00Z',
  };
}

const roster = [
  department('alpha', '甲部门'),
  department('beta', '乙部门'),
  department('gamma', '丙部门', '2023-W03'),
];

function item(metrics: Record<string, string>, options: Partial<ReportItem> = {}): ReportItem {
  return {
    theme: 'political',
    title: 'item',
    highlight: false,
    metrics: Object.entries(metrics).map(([metric, value]) => ({ metric, value, unit: '' })),
    ...options,
  };
}

function report(
  departmentId: string,
  week: string,
  items: ReportItem[],
  options: Partial<Omit<ReportRevision, 'departmentId' | 'week' | 'items'>> = {},
): ReportRevision {
  const revision = options.revision ?? 1;
  return {
    departmentId,
    week,
    period: '2023-H1',
    revision,
    submittedAt: `2023-01-01T00:00:0${revision}Z`,
    late: false,
    firstSubmittedAt: '2023-01-01T00:00:01Z',
    firstLate: false,
    contentHash: `${departmentId}-${week}-${revision}`,
    items,
    ...options,
  };
}

function run(overrides: Partial<AggregationInput> = {}) {
  return aggregate({
    period: PERIOD,
    orgName: '某区',
    generatedAt: AFTER_PERIOD,
    timeZone: TIME_ZONE,
    catalog,
    departments: roster,
    reports: [],
    previousReports: [],
    ...overrides,
  });
}

function metricOf(doc: SummaryDocument, id: string): MetricSummary {
  const metric = doc.metrics.find((candidate) => candidate.metric === id);
  if (!metric) throw new Error(`no metric ${id}`);
  return metric;
}

function departmentDoc(result: ReturnType<typeof aggregate>, id: string): SummaryDocument {
  const doc = result.departments.find((candidate) => candidate.scope === id);
  if (!doc) throw new Error(`no document for ${id}`);
  return doc;
}

type Result = ReturnType<typeof aggregate>;

function provenanceOf(result: Result, scope = 'district'): ProvenanceDocument {
  const doc =
    scope === 'district'
      ? result.provenance.district
      : result.provenance.departments.find((candidate) => candidate.scope === scope);
  if (!doc) throw new Error(`no provenance for ${scope}`);
  return doc;
}

/** The revisions a figure was taken from, from the provenance file: department, week, revision. */
function sourcesOf(result: Result, metric: string, scope = 'district') {
  return provenanceOf(result, scope).departments.flatMap((entry) =>
    (entry.sources.find((source) => source.metric === metric)?.weeks ?? []).map((week) => ({
      departmentId: entry.departmentId,
      week,
      revision: entry.revisions.find((revision) => revision.week === week)?.revision,
    })),
  );
}

/** Every revision a scope's provenance file lists, with its department. */
function revisionsOf(result: Result, scope = 'district') {
  return provenanceOf(result, scope).departments.flatMap((entry) =>
    entry.revisions.map((revision) => ({ departmentId: entry.departmentId, ...revision })),
  );
}

function weeklyValue(metric: MetricSummary, week: string): string | undefined {
  return metric.weekly.find((entry) => entry.week === week)?.value;
}

/** Deterministic Fisher–Yates, so a failure reproduces. */
function shuffled<T>(values: T[], seed: number): T[] {
  const copy = [...values];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

describe('latest revisions', () => {
  it('takes the highest revision of a department-week and ignores older ones, whatever the input order', () => {
    const reports = [
      report('alpha', '2023-W02', [item({ 'cadres-trained': '7' })], { revision: 2 }),
      report('alpha', '2023-W02', [item({ 'cadres-trained': '100' })], { revision: 1 }),
      report('alpha', '2023-W02', [item({ 'cadres-trained': '50' })], { revision: 3 }),
      report('alpha', '2023-W02', [item({ 'cadres-trained': '1' })], { revision: 1 }),
    ];
    const result = run({ reports });
    const doc = result.district;
    expect(metricOf(doc, 'cadres-trained').value).toBe('50');
    expect(sourcesOf(result, 'cadres-trained')).toEqual([
      { departmentId: 'alpha', week: '2023-W02', revision: 3 },
    ]);
    expect(revisionsOf(result)).toHaveLength(1);
    expect(doc.provenance.revisionCount).toBe(1);
  });

  it('drops a metric the latest revision no longer reports, even if an older revision did', () => {
    const reports = [
      report('alpha', '2023-W02', [item({ 'cadres-trained': '5', 'award-money': '900' })], { revision: 1 }),
      report('alpha', '2023-W02', [item({ 'cadres-trained': '6' })], { revision: 2 }),
    ];
    const result = run({ reports });
    expect(metricOf(result.district, 'award-money').value).toBe('0');
    expect(metricOf(result.district, 'award-money').reportingDepartments).toBe(0);
    expect(sourcesOf(result, 'award-money')).toEqual([]);
  });

  it('ignores revisions of weeks outside the period and of departments outside the roster', () => {
    const reports = [
      report('alpha', '2022-W52', [item({ 'cadres-trained': '1000' })]),
      report('alpha', '2023-W27', [item({ 'cadres-trained': '1000' })]),
      report('stranger', '2023-W02', [item({ 'cadres-trained': '1000' })]),
      report('alpha', '2023-W02', [item({ 'cadres-trained': '3' })]),
    ];
    const result = run({ reports });
    expect(metricOf(result.district, 'cadres-trained').value).toBe('3');
    expect(revisionsOf(result).map((entry) => `${entry.departmentId} ${entry.week}`)).toEqual([
      'alpha 2023-W02',
    ]);
  });
});

describe('metric values', () => {
  it('adds the weeks of a sum metric per department and adds departments up for the district', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'cadres-trained': '10' })]),
      report('alpha', '2023-W03', [item({ 'cadres-trained': '5' })]),
      report('beta', '2023-W01', [item({ 'cadres-trained': '2' })]),
    ];
    const result = run({ reports });
    const metric = metricOf(result.district, 'cadres-trained');
    expect(metric.value).toBe('17');
    expect(metric.byDepartment).toEqual([
      { departmentId: 'alpha', value: '15' },
      { departmentId: 'beta', value: '2' },
      { departmentId: 'gamma', value: '0' },
    ]);
    expect(metric.reportingDepartments).toBe(2);
    expect(sourcesOf(result, 'cadres-trained')).toEqual([
      { departmentId: 'alpha', week: '2023-W01', revision: 1 },
      { departmentId: 'alpha', week: '2023-W03', revision: 1 },
      { departmentId: 'beta', week: '2023-W01', revision: 1 },
    ]);
    expect(metricOf(departmentDoc(result, 'alpha'), 'cadres-trained').value).toBe('15');
  });

  it('takes the latest week that reported a latest metric, not a later week that did not', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'enterprises-served': '40' })]),
      report('alpha', '2023-W04', [item({ 'enterprises-served': '12' })]),
      report('alpha', '2023-W06', [item({ 'cadres-trained': '1' })]),
      report('beta', '2023-W02', [item({ 'enterprises-served': '8' })]),
    ];
    const result = run({ reports });
    const metric = metricOf(result.district, 'enterprises-served');
    expect(metric.value).toBe('20');
    expect(metric.byDepartment.map((entry) => entry.value)).toEqual(['12', '8', '0']);
    expect(sourcesOf(result, 'enterprises-served')).toEqual([
      { departmentId: 'alpha', week: '2023-W04', revision: 1 },
      { departmentId: 'beta', week: '2023-W02', revision: 1 },
    ]);
  });

  it('takes the largest week of a max metric and cites the latest week that reached it', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'cadres-stationed': '30' })]),
      report('alpha', '2023-W02', [item({ 'cadres-stationed': '9' })]),
      report('alpha', '2023-W03', [item({ 'cadres-stationed': '30' })]),
      report('alpha', '2023-W04', [item({ 'cadres-stationed': '4' })]),
      report('beta', '2023-W02', [item({ 'cadres-stationed': '100' })]),
    ];
    const result = run({ reports });
    const metric = metricOf(result.district, 'cadres-stationed');
    expect(metric.value).toBe('130');
    expect(sourcesOf(result, 'cadres-stationed')).toEqual([
      { departmentId: 'alpha', week: '2023-W03', revision: 1 },
      { departmentId: 'beta', week: '2023-W02', revision: 1 },
    ]);
  });

  it('compares max values as numbers, not as text', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'cadres-stationed': '9' })]),
      report('alpha', '2023-W02', [item({ 'cadres-stationed': '10' })]),
    ];
    expect(metricOf(run({ reports }).district, 'cadres-stationed').value).toBe('10');
  });

  it('adds a metric counted by several items of one report before applying sum, latest or max', () => {
    const twoItems = (metric: string, a: string, b: string) => [item({ [metric]: a }), item({ [metric]: b })];
    const reports = [
      report('alpha', '2023-W01', [
        ...twoItems('cadres-trained', '1', '2'),
        ...twoItems('enterprises-served', '3', '4'),
      ]),
      report('alpha', '2023-W02', [
        ...twoItems('cadres-trained', '10', '20'),
        ...twoItems('enterprises-served', '5', '6'),
      ]),
      report('beta', '2023-W01', twoItems('cadres-stationed', '7', '8')),
      report('beta', '2023-W02', [item({ 'cadres-stationed': '14' })]),
    ];
    const result = run({ reports });
    const doc = result.district;
    expect(metricOf(doc, 'cadres-trained').value).toBe('33');
    expect(metricOf(doc, 'enterprises-served').value).toBe('11');
    expect(metricOf(doc, 'cadres-stationed').value).toBe('15');
    expect(sourcesOf(result, 'cadres-stationed')).toEqual([
      { departmentId: 'beta', week: '2023-W01', revision: 1 },
    ]);
  });

  it('lists every catalog metric in catalog order with "0" when nobody reported it, and ignores unknown metrics', () => {
    const reports = [report('alpha', '2023-W01', [item({ 'not-in-catalog': '5', 'cadres-trained': '1' })])];
    const doc = run({ reports }).district;
    expect(doc.metrics.map((metric) => [metric.metric, metric.value])).toEqual([
      ['cadres-trained', '1'],
      ['enterprises-served', '0'],
      ['cadres-stationed', '0'],
      ['award-money', '0'],
    ]);
    expect(metricOf(doc, 'award-money')).toMatchObject({
      theme: 'talent',
      label: '人才奖励资金',
      unit: '元',
      aggregate: 'sum',
      byDepartment: [
        { departmentId: 'alpha', value: '0' },
        { departmentId: 'beta', value: '0' },
        { departmentId: 'gamma', value: '0' },
      ],
      reportingDepartments: 0,
    });
  });

  it('gives every week of the period a weekly value, "0" for weeks without a report', () => {
    const reports = [
      report('alpha', '2023-W02', [item({ 'cadres-trained': '1.5' })]),
      report('beta', '2023-W02', [item({ 'cadres-trained': '2' })]),
      report('beta', '2023-W26', [item({ 'cadres-trained': '4' })]),
    ];
    const metric = metricOf(run({ reports }).district, 'cadres-trained');
    expect(metric.weekly.map((entry) => entry.week)).toEqual(WEEKS);
    expect(weeklyValue(metric, '2023-W01')).toBe('0');
    expect(weeklyValue(metric, '2023-W02')).toBe('3.5');
    expect(weeklyValue(metric, '2023-W26')).toBe('4');
  });

  it('gives a latest metric its week-by-week values in the weekly trend', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'enterprises-served': '40' })]),
      report('alpha', '2023-W02', [item({ 'enterprises-served': '42' })]),
    ];
    const metric = metricOf(run({ reports }).district, 'enterprises-served');
    expect(metric.value).toBe('42');
    expect(metric.weekly.slice(0, 3).map((entry) => entry.value)).toEqual(['40', '42', '0']);
  });
});

describe('exact decimal arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'award-money': '0.1' })]),
      report('alpha', '2023-W02', [item({ 'award-money': '0.2' })]),
    ];
    expect(metricOf(run({ reports }).district, 'award-money').value).toBe('0.3');
  });

  it('adds many 0.1s exactly', () => {
    const reports = WEEKS.map((week) =>
      report(
        'alpha',
        week,
        Array.from({ length: 10 }, () => item({ 'award-money': '0.1' })),
      ),
    );
    const metric = metricOf(run({ reports }).district, 'award-money');
    expect(metric.value).toBe('26');
    expect(metric.weekly.every((entry) => entry.value === '1')).toBe(true);
  });

  it('keeps integers beyond 2^53 exact across departments', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'award-money': '999999999999999999' })]),
      report('beta', '2023-W01', [item({ 'award-money': '1' })]),
    ];
    const metric = metricOf(run({ reports }).district, 'award-money');
    expect(metric.value).toBe('1000000000000000000');
    expect(weeklyValue(metric, '2023-W01')).toBe('1000000000000000000');
  });

  it('publishes normalised decimals without trailing zeros or exponents', () => {
    const reports = [
      report('alpha', '2023-W01', [item({ 'award-money': '12.50' })]),
      report('beta', '2023-W01', [item({ 'award-money': '0.000' })]),
      report('gamma', '2023-W03', [item({ 'award-money': '100000000000000000000000' })]),
    ];
    const metric = metricOf(run({ reports }).district, 'award-money');
    expect(metric.byDepartment.map((entry) => entry.value)).toEqual([
      '12.5',
      '0',
      '100000000000000000000000',
    ]);
    expect(metric.value).toBe('100000000000000000000012.5');
  });

  it('refuses a stored value that is not a plain decimal, naming where it came from', () => {
    const reports = [report('alpha', '2023-W01', [item({ 'award-money': '1e3' })])];
    expect(() => run({ reports })).toThrow(/alpha 2023-W01.*award-money/);
  });
});

describe('coverage', () => {
  const reports = [
    report('alpha', '2023-W01', [item({})]),
    // Corrected after the deadline; the first revision was on time, so the report stays on time.
    report('alpha', '2023-W02', [item({})], { revision: 1 }),
    report('alpha', '2023-W02', [item({})], { revision: 2, late: true }),
    report('alpha', '2023-W03', [item({})], { firstLate: true, late: true }),
    // W04 missing for alpha.
    report('beta', '2023-W04', [item({})], { firstLate: true, late: true }),
    // The running week: counted in the figures, not in coverage.
    report('beta', '2023-W05', [item({ 'cadres-trained': '9' })]),
    // Before gamma's activeFrom (W03): not expected, still counted in the figures.
    report('gamma', '2023-W01', [item({ 'cadres-trained': '1' })]),
    report('gamma', '2023-W03', [item({})]),
  ];
  const result = run({ reports, generatedAt: MID_PERIOD });
  const { coverage } = result.district;

  it('lists the weeks that have ended at generation time', () => {
    expect(coverage.weeksElapsed).toEqual(['2023-W01', '2023-W02', '2023-W03', '2023-W04']);
  });

  it('expects elapsed weeks from each department activeFrom onward', () => {
    expect(coverage.byDepartment.map((entry) => [entry.departmentId, entry.expected])).toEqual([
      ['alpha', 4],
      ['beta', 4],
      ['gamma', 2],
    ]);
    expect(coverage.expectedReports).toBe(10);
  });

  it('counts a report late only when its first revision was late', () => {
    expect(coverage.byDepartment[0]).toEqual({
      departmentId: 'alpha',
      name: '甲部门',
      expected: 4,
      submitted: 3,
      onTime: 2,
      late: 1,
      missing: 1,
      onTimeRate: '0.5000',
    });
  });

  it('totals submitted, on-time and late reports and lists missing ones by department then week', () => {
    expect(coverage.submittedReports).toBe(5);
    expect(coverage.onTimeReports).toBe(3);
    expect(coverage.lateReports).toBe(2);
    expect(coverage.missingReports).toBe(5);
    // Which ones: the grid's missing cells, in the provenance file (by department, then week).
    const missing = provenanceOf(result).departments.flatMap((entry) =>
      entry.grid
        .filter((cell) => cell.status === 'missing')
        .map((cell) => `${entry.departmentId} ${cell.week}`),
    );
    expect(missing).toEqual([
      'alpha 2023-W04',
      'beta 2023-W01',
      'beta 2023-W02',
      'beta 2023-W03',
      'gamma 2023-W04',
    ]);
  });

  it('still counts the figures of reports that are not expected', () => {
    expect(metricOf(result.district, 'cadres-trained').value).toBe('10');
  });

  it('gives every department a grid row over every week of the period', () => {
    const statuses = (id: string) => coverage.grid?.find((row) => row.departmentId === id)?.weeks.slice(0, 7);
    expect(coverage.grid?.map((row) => row.weeks.length)).toEqual([26, 26, 26]);
    expect(provenanceOf(result).departments.map((entry) => entry.grid)).toEqual(
      coverage.grid?.map((row) => row.weeks),
    );
    expect(statuses('alpha')).toEqual([
      { week: '2023-W01', status: 'on-time', revision: 1 },
      { week: '2023-W02', status: 'on-time', revision: 2 },
      { week: '2023-W03', status: 'late', revision: 1 },
      { week: '2023-W04', status: 'missing' },
      { week: '2023-W05', status: 'not-due' },
      { week: '2023-W06', status: 'not-due' },
      { week: '2023-W07', status: 'not-due' },
    ]);
    expect(statuses('beta')?.slice(3, 6)).toEqual([
      { week: '2023-W04', status: 'late', revision: 1 },
      { week: '2023-W05', status: 'on-time', revision: 1 },
      { week: '2023-W06', status: 'not-due' },
    ]);
    expect(statuses('gamma')?.slice(0, 4)).toEqual([
      { week: '2023-W01', status: 'on-time', revision: 1 },
      { week: '2023-W02', status: 'not-expected' },
      { week: '2023-W03', status: 'on-time', revision: 1 },
      { week: '2023-W04', status: 'missing' },
    ]);
  });

  it('rounds the on-time rate half-up to four places', () => {
    const many = WEEKS.slice(0, 25).map((week) => report('alpha', week, [item({})]));
    const last = report('alpha', '2023-W26', [item({})], { firstLate: true });
    const doc = departmentDoc(run({ reports: [...many, last] }), 'alpha');
    expect(doc.coverage.byDepartment[0]?.onTimeRate).toBe('0.9615');
    const all = departmentDoc(
      run({ reports: many.concat(report('alpha', '2023-W26', [item({})])) }),
      'alpha',
    );
    expect(all.coverage.byDepartment[0]?.onTimeRate).toBe('1.0000');
  });

  it('gives no on-time rate to a department of which nothing was expected yet', () => {
    const doc = run({
      departments: [department('late-starter', '晚', '2023-W20')],
      generatedAt: MID_PERIOD,
    }).district;
    expect(doc.coverage.byDepartment[0]).toMatchObject({ expected: 0, onTimeRate: null });
    expect(doc.coverage.grid?.[0]?.weeks[0]).toEqual({ week: '2023-W01', status: 'not-expected' });
  });

  it('expects nothing before the first week has ended', () => {
    const doc = run({ generatedAt: new Date('2023-01-04T00:00:00Z') }).district;
    expect(doc.coverage.weeksElapsed).toEqual([]);
    expect(doc.coverage.expectedReports).toBe(0);
    expect(doc.toDate).toBe(true);
  });
});

describe('like-for-like comparison with the previous period', () => {
  const previousReports = [
    report('alpha', '2022-W30', [item({ 'cadres-trained': '4' })]),
    report('alpha', '2022-W31', [item({ 'cadres-trained': '100' })], { revision: 1 }),
    report('alpha', '2022-W31', [item({ 'cadres-trained': '6' })], { revision: 2 }),
    report('beta', '2022-W40', [item({ 'enterprises-served': '0' })]),
    report('gamma', '2022-W40', [item({ 'award-money': '40' })]),
    // Outside the previous half-year: ignored.
    report('beta', '2022-W10', [item({ 'award-money': '5' })]),
  ];
  const reports = [
    report('alpha', '2023-W01', [item({ 'cadres-trained': '3.5' })]),
    // beta only began reporting cadres-trained this period: not part of the comparison.
    report('beta', '2023-W02', [item({ 'cadres-trained': '1000', 'enterprises-served': '7' })]),
    report('gamma', '2023-W04', [item({ 'award-money': '50' })]),
  ];
  const result = run({ reports, previousReports });

  it('compares only the departments that reported the metric in both periods', () => {
    const metric = metricOf(result.district, 'cadres-trained');
    expect(metric.value).toBe('1003.5');
    expect(metric.comparison).toEqual({
      basisDepartmentCount: 1,
      current: '3.5',
      previous: '10',
      change: '-6.5',
      changeRate: '-0.6500',
    });
    // Which departments: the provenance file marks them comparable.
    const comparable = provenanceOf(result).departments.flatMap((entry) =>
      entry.sources.some((source) => source.metric === 'cadres-trained' && source.comparable)
        ? [entry.departmentId]
        : [],
    );
    expect(comparable).toEqual(['alpha']);
    expect(metric.reportingDepartments).toBe(2);
  });

  it('gives a positive change rate with four places', () => {
    expect(metricOf(result.district, 'award-money').comparison).toEqual({
      basisDepartmentCount: 1,
      current: '50',
      previous: '40',
      change: '10',
      changeRate: '0.2500',
    });
  });

  it('treats a reported zero as reported, with no change rate against a zero base', () => {
    expect(metricOf(result.district, 'enterprises-served').comparison).toEqual({
      basisDepartmentCount: 1,
      current: '7',
      previous: '0',
      change: '7',
      changeRate: null,
    });
  });

  it('has no comparison where no department reported the metric in both periods', () => {
    expect(metricOf(result.district, 'cadres-stationed').comparison).toBeNull();
    expect(metricOf(departmentDoc(result, 'beta'), 'cadres-trained').comparison).toBeNull();
  });

  it('gives a department its own comparison', () => {
    expect(metricOf(departmentDoc(result, 'alpha'), 'cadres-trained').comparison).toMatchObject({
      basisDepartmentCount: 1,
      change: '-6.5',
    });
  });

  it('rounds the change rate half-up once', () => {
    const doc = run({
      reports: [report('alpha', '2023-W01', [item({ 'cadres-trained': '1300' })])],
      previousReports: [report('alpha', '2022-W30', [item({ 'cadres-trained': '1050' })])],
    }).district;
    // 250 / 1050 = 0.238095…
    expect(metricOf(doc, 'cadres-trained').comparison?.changeRate).toBe('0.2381');
  });

  it('states the previous period and how complete its reports are', () => {
    expect(result.district.provenance.previousPeriod).toBe('2022-H2');
    // 26 weeks of 2022-H2 for each of three departments (gamma has activeFrom in 2023), four weeks reported.
    expect(result.district.previousCoverage).toEqual({
      period: '2022-H2',
      expectedReports: 26 * 2,
      submittedReports: 3,
    });
    expect(departmentDoc(result, 'alpha').previousCoverage).toMatchObject({
      expectedReports: 26,
      submittedReports: 2,
    });
  });
});

describe('rankings', () => {
  const departments = ['d1', 'd2', 'd3', 'd4', 'd5'].map((id) => department(id, id.toUpperCase()));

  it('ranks by on-time rate, sharing ranks for equal rates (1, 2, 2, 2, 5)', () => {
    const weeks = ['2023-W01', '2023-W02', '2023-W03', '2023-W04'];
    const onTime = (id: string, count: number) =>
      weeks.slice(0, count).map((week) => report(id, week, [item({})]));
    const reports = [
      ...onTime('d1', 4),
      ...onTime('d2', 2),
      ...onTime('d3', 3),
      ...onTime('d4', 3),
      report('d4', '2023-W04', [item({})], { firstLate: true }),
      ...onTime('d5', 3),
    ];
    const doc = run({ departments: shuffled(departments, 3), reports, generatedAt: MID_PERIOD }).district;
    expect(doc.rankings.onTime).toEqual([
      { rank: 1, departmentId: 'd1', name: 'D1', onTimeRate: '1.0000', onTime: 4, expected: 4 },
      { rank: 2, departmentId: 'd3', name: 'D3', onTimeRate: '0.7500', onTime: 3, expected: 4 },
      { rank: 2, departmentId: 'd4', name: 'D4', onTimeRate: '0.7500', onTime: 3, expected: 4 },
      { rank: 2, departmentId: 'd5', name: 'D5', onTimeRate: '0.7500', onTime: 3, expected: 4 },
      { rank: 5, departmentId: 'd2', name: 'D2', onTimeRate: '0.5000', onTime: 2, expected: 4 },
    ]);
  });

  it('shares the rank of equal rates whatever the counts, and puts departments without a rate last', () => {
    const reports = [
      ...WEEKS.slice(2, 4).map((week) => report('d1', week, [item({})])),
      ...WEEKS.slice(0, 4).map((week) => report('d2', week, [item({})])),
    ];
    const doc = run({
      departments: [
        department('d1', 'D1', '2023-W03'),
        department('d2', 'D2'),
        department('d3', 'D3', '2023-W20'),
        department('d4', 'D4', '2023-W20'),
      ],
      reports,
      generatedAt: MID_PERIOD,
    }).district;
    expect(
      doc.rankings.onTime.map((entry) => [entry.rank, entry.departmentId, entry.onTimeRate, entry.onTime]),
    ).toEqual([
      [1, 'd1', '1.0000', 2],
      [1, 'd2', '1.0000', 4],
      [3, 'd3', null, 0],
      [3, 'd4', null, 0],
    ]);
  });

  it('lists equal rates in roster order: explicit order first, then pinyin of the name', () => {
    const weeks = ['2023-W01', '2023-W02', '2023-W03', '2023-W04'];
    const roster = [
      department('a', '组织部'),
      department('b', '办公室'),
      { ...department('c', '宣传部'), order: 2 },
      { ...department('d', '统战部'), order: 1 },
    ];
    const reports = roster.flatMap(({ departmentId }) =>
      weeks.map((week) => report(departmentId, week, [item({})])),
    );
    const doc = run({ departments: roster, reports, generatedAt: MID_PERIOD }).district;
    expect(doc.rankings.onTime.map((entry) => [entry.rank, entry.departmentId])).toEqual([
      [1, 'd'],
      [1, 'c'],
      [1, 'b'],
      [1, 'a'],
    ]);
    expect(doc.departments.find((entry) => entry.departmentId === 'c')).toEqual({
      departmentId: 'c',
      name: '宣传部',
      order: 2,
    });
  });
});

describe('highlights', () => {
  const reports = [
    report('beta', '2023-W02', [
      item({}, { theme: 'development', highlight: true, title: 'beta first', detail: 'details' }),
      item({}, { theme: 'development', highlight: false, title: 'not highlighted' }),
      item({}, { theme: 'political', highlight: true, title: 'beta second' }),
    ]),
    report('alpha', '2023-W02', [item({}, { theme: 'development', highlight: true, title: 'alpha w2' })]),
    report('beta', '2023-W01', [item({}, { theme: 'development', highlight: true, title: 'beta w1' })]),
    report('alpha', '2023-W01', [item({}, { theme: 'development', highlight: true, title: 'old' })], {
      revision: 1,
    }),
    report('alpha', '2023-W01', [item({}, { theme: 'development', highlight: true, title: 'alpha w1' })], {
      revision: 2,
    }),
    report('gamma', '2023-W03', [item({}, { theme: 'unknown-theme', highlight: true, title: 'lost' })]),
  ];
  const result = run({ reports });

  it('groups highlights of latest revisions per catalog theme, with the theme metric ids in catalog order', () => {
    expect(result.district.themes.map((theme) => [theme.theme, theme.title, theme.metrics])).toEqual([
      ['political', '政治建设', ['cadres-trained']],
      ['development', '服务大局', ['enterprises-served', 'cadres-stationed']],
      ['talent', '人才工作', ['award-money']],
    ]);
  });

  it('sorts highlights by week, then department, then item order, omitting an absent detail', () => {
    const development = result.district.themes[1]?.highlights;
    expect(development).toEqual([
      { departmentId: 'alpha', departmentName: '甲部门', week: '2023-W01', revision: 2, title: 'alpha w1' },
      { departmentId: 'beta', departmentName: '乙部门', week: '2023-W01', revision: 1, title: 'beta w1' },
      { departmentId: 'alpha', departmentName: '甲部门', week: '2023-W02', revision: 1, title: 'alpha w2' },
      {
        departmentId: 'beta',
        departmentName: '乙部门',
        week: '2023-W02',
        revision: 1,
        title: 'beta first',
        detail: 'details',
      },
    ]);
    expect(Object.keys(development?.[0] ?? {})).not.toContain('detail');
    expect(result.district.themes[0]?.highlights.map((entry) => entry.title)).toEqual(['beta second']);
    expect(result.district.themes[2]?.highlights).toEqual([]);
  });

  it('leaves out highlights under themes the catalog does not define', () => {
    const titles = result.district.themes.flatMap((theme) => theme.highlights.map((entry) => entry.title));
    expect(titles).not.toContain('lost');
    expect(titles).not.toContain('old');
  });
});

describe('provenance and document fields', () => {
  const reports = [
    report('beta', '2023-W02', [item({})], { revision: 1, submittedAt: '2023-01-10T01:00:00Z' }),
    report('beta', '2023-W02', [item({})], { revision: 2, submittedAt: '2023-01-20T01:00:00Z', late: true }),
    report('alpha', '2023-W03', [item({})], {
      firstLate: true,
      late: true,
      submittedAt: '2023-01-25T01:00:00Z',
    }),
    report('alpha', '2023-W01', [item({})], { submittedAt: '2023-01-05T01:00:00Z' }),
  ];

  it('lists every latest revision in scope, sorted, with its first-revision lateness', () => {
    expect(revisionsOf(run({ reports }))).toEqual([
      {
        departmentId: 'alpha',
        week: '2023-W01',
        revision: 1,
        submittedAt: '2023-01-05T01:00:00Z',
        late: false,
      },
      {
        departmentId: 'alpha',
        week: '2023-W03',
        revision: 1,
        submittedAt: '2023-01-25T01:00:00Z',
        late: true,
      },
      {
        departmentId: 'beta',
        week: '2023-W02',
        revision: 2,
        submittedAt: '2023-01-20T01:00:00Z',
        late: false,
      },
    ]);
  });

  it('fills the header fields of the district document', () => {
    const doc = run({ reports, generatedAt: MID_PERIOD }).district;
    expect(doc).toMatchObject({
      schemaVersion: 3,
      period: '2023-H1',
      periodTitle: '2023年上半年',
      orgName: '某区',
      scope: 'district',
      scopeName: '某区',
      generatedAt: '2023-02-01T04:00:00.000Z',
      timeZone: 'Asia/Shanghai',
      toDate: true,
      editorial: null,
    });
    expect(doc.provenance.note).toContain('与上期（2022-H2）的比较只计两期均报送该项数据的单位');
    expect(doc.departments).toEqual([
      { departmentId: 'alpha', name: '甲部门' },
      { departmentId: 'beta', name: '乙部门' },
      { departmentId: 'gamma', name: '丙部门' },
    ]);
  });

  it('is no longer "to date" once the last week of the period has ended', () => {
    expect(run({ generatedAt: new Date('2023-07-02T15:59:59Z') }).district.toDate).toBe(true);
    expect(run({ generatedAt: new Date('2023-07-02T16:00:00Z') }).district.toDate).toBe(false);
  });
});

describe('department scopes', () => {
  const reports = [
    report('beta', '2023-W01', [item({ 'cadres-trained': '2' }, { highlight: true, title: 'b' })]),
    report('alpha', '2023-W01', [item({ 'cadres-trained': '5' }, { highlight: true, title: 'a' })]),
    report('alpha', '2023-W02', [item({ 'cadres-trained': '1' })], { firstLate: true }),
  ];
  const result = run({ reports, generatedAt: MID_PERIOD });

  it('gives one document per roster department, sorted by id', () => {
    expect(result.departments.map((doc) => [doc.scope, doc.scopeName])).toEqual([
      ['alpha', '甲部门'],
      ['beta', '乙部门'],
      ['gamma', '丙部门'],
    ]);
  });

  it('restricts figures, coverage, highlights, rankings and provenance to the department', () => {
    const doc = departmentDoc(result, 'alpha');
    expect(doc.departments).toEqual([{ departmentId: 'alpha', name: '甲部门' }]);
    expect(metricOf(doc, 'cadres-trained')).toMatchObject({
      value: '6',
      byDepartment: [{ departmentId: 'alpha', value: '6' }],
    });
    expect(weeklyValue(metricOf(doc, 'cadres-trained'), '2023-W01')).toBe('5');
    expect(doc.coverage).toMatchObject({
      expectedReports: 4,
      submittedReports: 2,
      onTimeReports: 1,
      lateReports: 1,
    });
    expect(doc.coverage.missingReports).toBe(2);
    expect(doc.coverage.grid?.map((row) => row.departmentId)).toEqual(['alpha']);
    expect(doc.themes[0]?.highlights.map((entry) => entry.title)).toEqual(['a']);
    expect(doc.rankings.onTime).toEqual([
      { rank: 1, departmentId: 'alpha', name: '甲部门', onTimeRate: '0.2500', onTime: 1, expected: 4 },
    ]);
    expect(doc.provenance.file).toBe('alpha.provenance.json');
    expect(revisionsOf(result, 'alpha').map((entry) => `${entry.departmentId} ${entry.week}`)).toEqual([
      'alpha 2023-W01',
      'alpha 2023-W02',
    ]);
  });

  it('keeps the district figures equal to the sum of the department documents', () => {
    const district = metricOf(result.district, 'cadres-trained').value;
    const parts = result.departments.map((doc) => metricOf(doc, 'cadres-trained').value);
    expect(parts).toEqual(['6', '2', '0']);
    expect(district).toBe('8');
  });
});

describe('determinism', () => {
  const departments = ['e', 'c', 'a', 'd', 'b'].map((id, index) =>
    department(id, `部门${id}`, index === 3 ? '2023-W02' : undefined),
  );
  const reports: ReportRevision[] = [];
  departments.forEach(({ departmentId }, d) => {
    WEEKS.slice(0, 6).forEach((week, w) => {
      if ((d + w) % 4 === 0) return;
      for (let revision = 1; revision <= 1 + ((d * w) % 3); revision++) {
        reports.push(
          report(
            departmentId,
            week,
            [
              item(
                { 'cadres-trained': `${d}.${w}${revision}`, 'cadres-stationed': String((d * 7 + w) % 5) },
                { highlight: (d + w) % 2 === 0, title: `${departmentId} ${week}`, theme: 'development' },
              ),
              item({ 'enterprises-served': String(w * revision), 'award-money': '0.1' }, { detail: 'd' }),
            ],
            { revision, firstLate: (d + w) % 3 === 0 },
          ),
        );
      }
    });
  });
  const previousReports = departments.map(({ departmentId }) =>
    report(departmentId, '2022-W40', [item({ 'cadres-trained': '1' })]),
  );
  const input = { reports, previousReports, departments, generatedAt: MID_PERIOD };

  it('gives deep-equal documents and identical bytes whatever the order of reports and departments', () => {
    const baseline = run(input);
    for (const seed of [1, 2, 3, 4, 5]) {
      const again = run({
        ...input,
        reports: shuffled(reports, seed),
        previousReports: shuffled(previousReports, seed),
        departments: shuffled(departments, seed + 10),
      });
      expect(again).toEqual(baseline);
      expect(serializeSummary(again.district)).toBe(serializeSummary(baseline.district));
      expect(again.departments.map(serializeSummary)).toEqual(baseline.departments.map(serializeSummary));
    }
  });

  it('does not depend on the order of revisions that share a revision number', () => {
    const twins = [
      report('a', '2023-W01', [item({ 'cadres-trained': '1' })], {
        revision: 2,
        submittedAt: '2023-01-09T00:00:00Z',
      }),
      report('a', '2023-W01', [item({ 'cadres-trained': '2' })], {
        revision: 2,
        submittedAt: '2023-01-10T00:00:00Z',
      }),
    ];
    const forward = run({ departments, reports: twins });
    const backward = run({ departments, reports: [...twins].reverse() });
    expect(metricOf(forward.district, 'cadres-trained').value).toBe('2');
    expect(backward).toEqual(forward);
  });

  it('builds every object with keys in the order of the SummaryDocument interface', () => {
    const doc = run(input).district;
    expect(Object.keys(doc)).toEqual([
      'schemaVersion',
      'period',
      'periodTitle',
      'orgName',
      'scope',
      'scopeName',
      'generatedAt',
      'timeZone',
      'toDate',
      'departments',
      'coverage',
      'previousCoverage',
      'metrics',
      'themes',
      'rankings',
      'editorial',
      'provenance',
    ]);
    expect(Object.keys(doc.coverage)).toEqual([
      'weeksElapsed',
      'expectedReports',
      'submittedReports',
      'onTimeReports',
      'lateReports',
      'missingReports',
      'byDepartment',
      'weeks',
      'grid',
    ]);
    expect(Object.keys(doc.coverage.byDepartment[0] ?? {})).toEqual([
      'departmentId',
      'name',
      'expected',
      'submitted',
      'onTime',
      'late',
      'missing',
      'onTimeRate',
    ]);
    expect(Object.keys(doc.metrics[0] ?? {})).toEqual([
      'metric',
      'theme',
      'label',
      'unit',
      'aggregate',
      'value',
      'headline',
      'sentence',
      'comparison',
      'byDepartment',
      'weekly',
      'reportingDepartments',
    ]);
    expect(Object.keys(doc.themes[1] ?? {})).toEqual([
      'theme',
      'title',
      'displayTitle',
      'metrics',
      'highlights',
      'highlightCount',
      'contributors',
      'namedContributors',
    ]);
    expect(Object.keys(doc.themes[1]?.highlights[0] ?? {})).toEqual([
      'departmentId',
      'departmentName',
      'week',
      'revision',
      'title',
    ]);
    expect(Object.keys(doc.rankings)).toEqual(['onTime']);
    expect(Object.keys(doc.rankings.onTime[0] ?? {})).toEqual([
      'rank',
      'departmentId',
      'name',
      'onTimeRate',
      'onTime',
      'expected',
    ]);
    expect(Object.keys(doc.provenance)).toEqual(['file', 'revisionCount', 'previousPeriod', 'note']);
  });

  it('serialises with two-space indentation and a final newline', () => {
    const doc = run(input).district;
    const text = serializeSummary(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 3,\n  "period": "2023-H1",')).toBe(true);
    expect(JSON.parse(text)).toEqual(doc);
  });
});

describe('input validation', () => {
  it('refuses a roster with a duplicate department id', () => {
    expect(() => run({ departments: [department('a', 'A'), department('a', 'A again')] })).toThrow(
      /Duplicate/,
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => run({ timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('refuses something that is not a period', () => {
    expect(() => run({ period: '2023-H3' })).toThrow(RangeError);
  });
});

describe('scale', () => {
  // Speed is measured by npm run bench:summary, not here; this checks that the benchmark's scale works.
  it('aggregates 500 departments × 26 weeks × 4 items × 3 metrics into a document per department', () => {
    const departments = Array.from({ length: 500 }, (_, index) =>
      department(`dept-${String(index).padStart(3, '0')}`, `部门${index}`),
    );
    const metricIds = catalog.metrics.map((metric) => metric.id);
    const reports = departments.flatMap(({ departmentId }, d) =>
      WEEKS.map((week, w) =>
        report(
          departmentId,
          week,
          Array.from({ length: 4 }, (_, i) =>
            item(
              Object.fromEntries(
                [0, 1, 2].map((k) => [metricIds[(d + w + i + k) % metricIds.length] ?? '', `${d}.${w}${i}`]),
              ),
              { highlight: i === 0, title: `t${i}` },
            ),
          ),
          { firstLate: (d + w) % 7 === 0 },
        ),
      ),
    );
    const result = run({ departments, reports, previousReports: [] });
    expect(result.departments).toHaveLength(500);
    expect(result.district.provenance.revisionCount).toBe(13000);
    expect(revisionsOf(result)).toHaveLength(13000);
    expect(result.district.themes[0]?.highlightCount).toBe(13000);
    expect(result.district.themes[0]?.highlights).toHaveLength(HIGHLIGHTS_PER_THEME);
    expect(result.district.coverage.grid).toBeNull();
  });
});

describe('map and reduce', () => {
  /** Every fixture above in one input: revisions, corrections, both periods, highlights, activeFrom. */
  const reports = [
    report('alpha', '2023-W01', [item({ 'cadres-trained': '3.5', 'cadres-stationed': '7' })]),
    report('alpha', '2023-W02', [item({ 'cadres-trained': '0.1' }, { highlight: true, title: 'a' })], {
      revision: 1,
    }),
    report('alpha', '2023-W02', [item({ 'cadres-trained': '0.2' }, { highlight: true, detail: 'd' })], {
      revision: 2,
      firstLate: true,
    }),
    report('beta', '2023-W02', [item({ 'cadres-trained': '1000', 'enterprises-served': '7' })]),
    report('beta', '2023-W05', [
      item({ 'enterprises-served': '9' }, { theme: 'development', highlight: true }),
    ]),
    report('gamma', '2023-W04', [item({ 'award-money': '123456789012345678901234.5' })]),
    report('gamma', '2023-W01', [item({ 'award-money': '1' })]),
  ];
  const previousReports = [
    report('alpha', '2022-W30', [item({ 'cadres-trained': '4' })]),
    report('beta', '2022-W40', [item({ 'enterprises-served': '0' })]),
    report('gamma', '2022-W40', [item({ 'award-money': '40' })]),
  ];
  const settings = { period: PERIOD, orgName: '某区', timeZone: TIME_ZONE, catalog };

  it.each([
    ['after the period', AFTER_PERIOD],
    ['mid-period', MID_PERIOD],
  ])(
    'gives, %s, the same bytes as the one-step aggregate when each department is mapped alone and its part staged as JSON',
    (_, generatedAt) => {
      const oneStep = run({ reports, previousReports, generatedAt });
      const context = runContext({ ...settings, generatedAt });
      const figures = sortRoster(roster).map((member) =>
        departmentFigures(
          context,
          member,
          reports.filter((r) => r.departmentId === member.departmentId),
          previousReports.filter((r) => r.departmentId === member.departmentId),
        ),
      );
      // Staged one department per part, in reverse order, and merged in two rounds: grouping and order
      // must not matter.
      const staged = figures
        .map((member) => JSON.parse(JSON.stringify(scopePart(context, [member]))) as ScopePart)
        .reverse();
      const merged = mergeParts(context, [mergeParts(context, staged.slice(0, 2)), ...staged.slice(2)]);
      expect(serializeSummary(districtDocument(context, merged, null))).toBe(
        serializeSummary(oneStep.district),
      );
      expect(figures.map((member) => serializeSummary(departmentDocument(context, member)))).toEqual(
        oneStep.departments.map(serializeSummary),
      );
      // The district's provenance file streamed from per-batch fragments is the one-step file, byte for byte.
      const frame = provenanceFrame(provenanceDocument(context, 'district', []));
      const fragments = [
        provenanceFragment(figures.slice(0, 2).map((member) => provenanceEntry(context, member))),
        provenanceFragment(figures.slice(2).map((member) => provenanceEntry(context, member))),
      ];
      expect(frame.head + fragments.join(frame.separator) + frame.tail).toBe(
        serializeProvenance(oneStep.provenance.district),
      );
      expect(JSON.parse(serializeProvenance(oneStep.provenance.district))).toEqual(
        oneStep.provenance.district,
      );
    },
  );

  it('stages no revision content: no items, no revision list, decimals as exact strings', () => {
    const context = runContext({ ...settings, generatedAt: AFTER_PERIOD });
    const staged = scopePart(context, [
      departmentFigures(
        context,
        roster[2]!,
        reports.filter((r) => r.departmentId === 'gamma'),
        [],
      ),
    ]);
    const text = JSON.stringify(staged);
    expect(text).not.toContain('"items"');
    expect(text).not.toContain('contentHash');
    expect(text).not.toContain('submittedAt');
    const award = staged.metrics[catalog.metrics.findIndex((m) => m.id === 'award-money')]!;
    expect(award.value).toBe('123456789012345678901235.5');
    expect(award.weekly.filter((total) => total !== null)).toEqual(['1', '123456789012345678901234.5']);
  });
});

describe('the bounded district document', () => {
  /** `count` departments, each reporting every week of the period with one highlight per theme. */
  function province(count: number) {
    const departments = Array.from({ length: count }, (_, index) =>
      department(`d${String(index).padStart(5, '0')}`, `单位${String(index).padStart(5, '0')}`),
    );
    const reports = departments.flatMap(({ departmentId }, d) =>
      WEEKS.map((week, w) =>
        report(departmentId, week, [
          item({ 'cadres-trained': String(d + w) }, { highlight: true, title: 'political highlight' }),
          item({ 'award-money': '1.5' }, { theme: 'talent', highlight: true, title: 'talent highlight' }),
        ]),
      ),
    );
    return run({ departments, reports });
  }

  /** The district JSON without its appendix rows: what must not grow with the roster. */
  function withoutAppendix(doc: SummaryDocument): string {
    return serializeSummary({
      ...doc,
      departments: [],
      coverage: { ...doc.coverage, byDepartment: [] },
      metrics: doc.metrics.map((metric) => ({ ...metric, byDepartment: [] })),
      rankings: { onTime: [] },
    });
  }

  it('does not grow with the number of departments beyond its appendix rows (150 vs 600)', () => {
    const small = province(150).district;
    const large = province(600).district;
    for (const doc of [small, large]) {
      expect(doc.coverage.grid).toBeNull();
      expect(doc.coverage.weeks).toHaveLength(26);
      for (const theme of doc.themes)
        expect(theme.highlights.length).toBeLessThanOrEqual(HIGHLIGHTS_PER_THEME);
    }
    expect(large.themes[0]?.highlightCount).toBe(600 * 26);
    expect(large.themes[0]?.contributors).toBe(600);
    // Only digits of counts and sums differ once the appendix rows are left out.
    const bounded = [withoutAppendix(small).length, withoutAppendix(large).length];
    expect(Math.abs(bounded[1]! - bounded[0]!)).toBeLessThan(1_000);
    expect(serializeSummary(large).length).toBeGreaterThan(serializeSummary(small).length * 3);
  });

  it(`keeps the department × week grid up to ${GRID_DEPARTMENTS_MAX} departments and counts per week beyond`, () => {
    const within = province(GRID_DEPARTMENTS_MAX);
    const beyond = province(GRID_DEPARTMENTS_MAX + 1);
    expect(within.district.coverage.grid).toHaveLength(GRID_DEPARTMENTS_MAX);
    expect(beyond.district.coverage.grid).toBeNull();
    expect(beyond.district.coverage.weeks[0]).toEqual({
      week: '2023-W01',
      onTime: GRID_DEPARTMENTS_MAX + 1,
      late: 0,
      missing: 0,
      notExpected: 0,
      notDue: 0,
    });
    // The full grid is in the provenance file, and a department's own document keeps its row.
    expect(beyond.provenance.district.departments).toHaveLength(GRID_DEPARTMENTS_MAX + 1);
    expect(beyond.provenance.district.departments[0]?.grid).toHaveLength(26);
    expect(beyond.departments[0]?.coverage.grid).toHaveLength(1);
  });

  it('gives the weekly counts of the grid, whatever its size', () => {
    const coverage = run({
      reports: [
        report('alpha', '2023-W01', [item({})]),
        report('beta', '2023-W01', [item({})], { firstLate: true }),
      ],
      generatedAt: MID_PERIOD,
    }).district.coverage;
    expect(coverage.weeks.slice(0, 1)).toEqual([
      // gamma is active from W03: not expected in W01.
      { week: '2023-W01', onTime: 1, late: 1, missing: 0, notExpected: 1, notDue: 0 },
    ]);
    expect(coverage.weeks[4]).toMatchObject({ onTime: 0, missing: 0, notDue: 3 });
  });

  it('lists each department’s most recent highlight first, newest week first, so no unit fills a theme', () => {
    const departments = Array.from({ length: 30 }, (_, index) =>
      department(`u${String(index).padStart(2, '0')}`, `单位${String(index).padStart(2, '0')}`),
    );
    const highlight = (title: string) => item({}, { highlight: true, title });
    const reports = [
      // u00 reports ten highlights in the last week: only its first may be among the chosen ones at first.
      report(
        'u00',
        '2023-W26',
        Array.from({ length: 10 }, (_, i) => highlight(`u00-${i}`)),
      ),
      // Everyone else reports one, in a week by its number.
      ...departments
        .slice(1)
        .map(({ departmentId }, i) => report(departmentId, WEEKS[i % 26]!, [highlight(departmentId)])),
    ];
    const result = run({ departments, reports });
    const chosen = result.district.themes[0]!.highlights;
    expect(chosen).toHaveLength(HIGHLIGHTS_PER_THEME);
    expect(result.district.themes[0]?.highlightCount).toBe(39);
    expect(result.district.themes[0]?.contributors).toBe(30);
    // One per department: u00's first item, then the 23 others of the newest weeks.
    expect(chosen.filter((h) => h.departmentId === 'u00').map((h) => h.title)).toEqual(['u00-0']);
    expect(new Set(chosen.map((h) => h.departmentId)).size).toBe(HIGHLIGHTS_PER_THEME);
    // u01..u26 reported in W01..W26 and u27..u29 in W01..W03: the oldest weeks drop out.
    expect(chosen.map((h) => h.week)).toEqual([...chosen.map((h) => h.week)].sort());
    expect(chosen[0]?.week).toBe('2023-W04');
    // A department's own document lists all of its highlights.
    expect(departmentDoc(result, 'u00').themes[0]?.highlights).toHaveLength(10);
  });

  it('fills the theme with earlier highlights when fewer departments than the bound contributed', () => {
    const reports = WEEKS.slice(0, 20).flatMap((week) => [
      report('alpha', week, [item({}, { highlight: true, title: `alpha ${week}` })]),
      report('beta', week, [item({}, { highlight: true, title: `beta ${week}` })]),
    ]);
    const result = run({ reports });
    const chosen = result.district.themes[0]!.highlights;
    expect(chosen).toHaveLength(HIGHLIGHTS_PER_THEME);
    // The twelve newest weeks of both, listed by week then department.
    expect(chosen.slice(0, 2).map((h) => h.title)).toEqual(['alpha 2023-W09', 'beta 2023-W09']);
    expect(chosen.at(-1)?.title).toBe('beta 2023-W20');
  });

  it('names the first contributors in roster order and counts them all', () => {
    const departments = Array.from({ length: 8 }, (_, index) => ({
      ...department(`c${index}`, `单位${index}`),
      order: 8 - index,
    }));
    const reports = departments.map(({ departmentId }) =>
      report(departmentId, '2023-W02', [item({}, { highlight: true, title: departmentId })]),
    );
    const theme = run({ departments, reports }).district.themes[0]!;
    expect(theme.contributors).toBe(8);
    expect(theme.namedContributors.map((ref) => ref.departmentId)).toEqual(['c7', 'c6', 'c5', 'c4', 'c3']);
  });

  it('merges batch parts into the part of all departments at once, whatever the split', () => {
    const { context, figures } = (() => {
      const context = runContext({
        period: PERIOD,
        orgName: '某区',
        timeZone: TIME_ZONE,
        catalog,
        generatedAt: AFTER_PERIOD,
      });
      const departments = Array.from({ length: 120 }, (_, index) =>
        department(`m${String(index).padStart(3, '0')}`, `单位${index}`),
      );
      const figures = departments.map((member, d) =>
        departmentFigures(
          context,
          member,
          WEEKS.filter((_, w) => (w + d) % 3 !== 0).map((week, w) =>
            report(member.departmentId, week, [
              item({ 'cadres-trained': `${d}.${w}` }, { highlight: (w + d) % 4 === 0, title: `${d}-${w}` }),
            ]),
          ),
          [],
        ),
      );
      return { context, figures };
    })();
    const whole = scopePart(context, figures);
    const bounds = [0, 7, 50, 51, 119, 120];
    const batches = bounds
      .slice(1)
      .map(
        (end, i) =>
          JSON.parse(JSON.stringify(scopePart(context, figures.slice(bounds[i], end)))) as ScopePart,
      );
    expect(mergeParts(context, batches)).toEqual(whole);
    expect(mergeParts(context, [mergeParts(context, batches.slice(3)), ...batches.slice(0, 3)])).toEqual(
      whole,
    );
  });
});
