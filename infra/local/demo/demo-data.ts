/**
 * The demo data set: eleven units of a district, a full 2023-H1 of weekly reports and a little of
 * 2022-H2 for comparison. The half-year totals reproduce the figures of the kind of review the seed
 * article is (1,300 cadres trained, 644 property-management issues resolved, 5,700 graduates, 6.8万
 * volunteers, 314.2万元 of talent awards, …); the weekly split, the missed and late weeks and all the
 * wording are invented for the demo.
 *
 * Pure and deterministic: the same data set every time, so the demo summary is always the same.
 */
import { DateTime } from 'luxon';
import { deadlineOf, weeksOfPeriod, type Deadline } from '../../../shared/domain/calendar';
import { ExactDecimal, toDecimalString } from '../../../shared/domain/decimal';
import type { SubmittedItem, SubmittedMetric } from '../../../shared/domain/report-content';

/** The demo always says whether an item is highlighted and lists its metrics. */
type DemoItem = SubmittedItem & { highlight: boolean; metrics: SubmittedMetric[] };

export interface DemoDepartment {
  departmentId: string;
  name: string;
  activeFrom?: string;
  order?: number;
}

/** In protocol order (the party committee's offices, then the government's units, then the streets). */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { departmentId: 'qwb', name: '区委办', order: 1 },
  { departmentId: 'zzb', name: '区委组织部', order: 2 },
  { departmentId: 'wmb', name: '区文明办', order: 3 },
  { departmentId: 'rcb', name: '区委人才办', order: 4 },
  { departmentId: 'rmtzx', name: '区融媒体中心', order: 5 },
  { departmentId: 'zsfwzx', name: '区招商服务中心', order: 6 },
  { departmentId: 'xczxj', name: '区乡村振兴局', order: 7 },
  { departmentId: 'zjj', name: '区住建局', order: 8 },
  { departmentId: 'rsj', name: '区人社局', order: 9 },
  { departmentId: 'xcjkq', name: '西城经济开发区', order: 10 },
  // A unit that joined the weekly showcase in spring: weeks before it are not expected of it.
  { departmentId: 'hwjd', name: '红卫街道', activeFrom: '2023-W10', order: 11 },
];

/** What a reviewer adds to the generated draft: the closing 下一步工作打算, in the reviewer's words. */
export const DEMO_EDITORIAL = {
  nextSteps: [
    '一是持续抓好理论武装。把专题轮训向村（社区）和“两新”组织延伸，下半年实现新任职干部轮训全覆盖。',
    '二是持续服务发展大局。坚持县级领导包联重点项目、科级干部包联企业不放松，推动在建项目按期投产见效。',
    '三是持续深化基层治理。总结推广红色物业样板小区经验，推动物业矛盾在小区内就地化解。',
    '四是持续做好人才工作。落实人才奖励政策和人才公寓保障，做好下半年高校毕业生招引工作。',
  ].join('\n\n'),
};

/** A flow (sum) figure spread over a department's reported weeks; `unitPrefix` submits it in 万. */
interface Flow {
  metric: string;
  theme: string;
  total: string;
  title: string;
  unitPrefix?: '万';
}

/** A stock (latest/max) figure growing from `from` to `to` over the weeks. */
interface Stock {
  metric: string;
  theme: string;
  from: string;
  to: string;
  title: string;
  unitPrefix?: '万';
}

interface Highlight {
  week: string;
  theme: string;
  title: string;
  detail: string;
  metrics?: SubmittedMetric[];
}

interface DepartmentPlan {
  departmentId: string;
  flows: Flow[];
  stocks: Stock[];
  highlights: Highlight[];
  /** Weeks without a report. */
  missed: string[];
  /** Weeks whose report came in after the Monday deadline. */
  late: string[];
  /** Weeks first submitted with a mistake and corrected by a second revision. */
  corrected: string[];
}

const PLANS: DepartmentPlan[] = [
  {
    departmentId: 'qwb',
    flows: [
      { metric: 'cadres-trained', theme: 'political', total: '180', title: '“党办干部上讲台”业务讲堂' },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W14',
        theme: 'political',
        title: '“党办干部上讲台”轮讲实现科室全覆盖',
        detail: '每周一名干部登台讲政策、讲业务，季度内所有科室均已轮讲一遍。',
      },
    ],
    missed: [],
    late: ['2023-W07'],
    corrected: [],
  },
  {
    departmentId: 'zzb',
    flows: [
      { metric: 'cadres-trained', theme: 'political', total: '920', title: '分层分类专题轮训' },
      {
        metric: 'field-study-participants',
        theme: 'political',
        total: '400',
        title: '组织党员干部外出考察实践',
      },
      {
        metric: 'visitors-received',
        theme: 'governance',
        total: '1000',
        title: '“两新”党群服务中心接待参观',
      },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W26',
        theme: 'political',
        title: '庆祝建党102周年主题党课，集中表扬82名能力作风建设标兵',
        detail: '区委主要负责同志带头讲党课，同步表扬20个红色物业样板小区。',
        metrics: [{ metric: 'exemplars-commended', value: '82' }],
      },
      {
        week: '2023-W26',
        theme: 'political',
        title: '“七一”前夕60名新党员集中宣誓',
        detail: '新党员在党旗下重温入党誓词。',
        metrics: [{ metric: 'new-members-sworn', value: '60' }],
      },
      {
        week: '2023-W18',
        theme: 'governance',
        title: '全市首家“两新”组织党群服务中心建成开放',
        detail: '中心兼作“两新”党建展馆，开放以来持续接待省内外考察团。',
      },
    ],
    missed: [],
    late: [],
    corrected: ['2023-W08'],
  },
  {
    departmentId: 'xcjkq',
    flows: [],
    stocks: [
      {
        metric: 'key-projects-covered',
        theme: 'development',
        from: '120',
        to: '151',
        title: '县级领导包联亿元以上重点项目',
      },
      {
        metric: 'cadres-stationed',
        theme: 'development',
        from: '60',
        to: '100',
        title: '党员干部驻点服务重点企业',
      },
    ],
    highlights: [
      {
        week: '2023-W20',
        theme: 'development',
        title: '动力电池项目从开工到投产仅用300天',
        detail: '驻点干部“一对一”跟进手续和用工，项目如期投产。',
      },
    ],
    missed: ['2023-W04'],
    late: ['2023-W11', '2023-W12'],
    corrected: [],
  },
  {
    departmentId: 'rmtzx',
    flows: [{ metric: 'cadres-trained', theme: 'political', total: '200', title: '能力作风大提升夜学培训' }],
    stocks: [],
    highlights: [
      {
        week: '2023-W09',
        theme: 'political',
        title: '“夜学课堂”开讲，采编人员轮流授课',
        detail: '每周两晚集中学习，课后当场交流心得。',
      },
    ],
    missed: ['2023-W05', '2023-W17'],
    late: ['2023-W22'],
    corrected: [],
  },
  {
    departmentId: 'wmb',
    flows: [
      {
        metric: 'volunteer-hours',
        theme: 'development',
        total: '15',
        title: '志愿服务时长累计',
        unitPrefix: '万',
      },
    ],
    stocks: [
      {
        metric: 'registered-volunteers',
        theme: 'development',
        from: '6.1',
        to: '6.8',
        title: '实名注册志愿者',
        unitPrefix: '万',
      },
    ],
    highlights: [
      {
        week: '2023-W19',
        theme: 'development',
        title: '文明指数测评位居全省市辖区第一',
        detail: '2020年至2022年测评成绩连续三年领先。',
      },
    ],
    missed: [],
    late: [],
    corrected: [],
  },
  {
    departmentId: 'zsfwzx',
    flows: [
      { metric: 'assault-cadres', theme: 'development', total: '182', title: '选派干部攻坚急难险重任务' },
    ],
    stocks: [
      {
        metric: 'enterprises-served',
        theme: 'development',
        from: '380',
        to: '446',
        title: '科级干部“一对一”包联“四上”企业',
      },
    ],
    highlights: [
      {
        week: '2023-W15',
        theme: 'development',
        title: '10支招商小分队常驻长三角、珠三角和成渝',
        detail: '小分队驻地招商，每周回传项目线索。',
      },
      {
        week: '2023-W24',
        theme: 'development',
        title: '全市首个氢能产业项目落户',
        detail: '从洽谈到签约由专班全程跟进。',
      },
    ],
    missed: [],
    late: ['2023-W02'],
    corrected: [],
  },
  {
    departmentId: 'xczxj',
    flows: [
      { metric: 'rural-projects-started', theme: 'development', total: '26', title: '乡村振兴重点项目开工' },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W16',
        theme: 'development',
        title: '26个乡村振兴重点项目全部开工',
        detail: '养老、托幼、公厕、污水、垃圾清运和农村公路“六件事”同步推进。',
      },
    ],
    missed: ['2023-W03', '2023-W21'],
    late: ['2023-W13'],
    corrected: [],
  },
  {
    departmentId: 'zjj',
    flows: [
      {
        metric: 'property-issues-resolved',
        theme: 'governance',
        total: '524',
        title: '红色物业化解物业领域问题',
      },
      { metric: 'enforcement-cases-resolved', theme: 'governance', total: '123', title: '小区综合执法' },
      {
        metric: 'community-leaders-trained',
        theme: 'governance',
        total: '140',
        title: '培训小区党支部书记、业委会主任和物业负责人',
      },
      { metric: 'model-communities', theme: 'governance', total: '50', title: '红色物业典型创建' },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W21',
        theme: 'governance',
        title: '首批50个红色物业典型通过验收',
        detail: '从组织架构、骨干力量、运行机制和评价四个方面验收。',
      },
    ],
    missed: [],
    late: ['2023-W06'],
    corrected: ['2023-W12'],
  },
  {
    departmentId: 'hwjd',
    flows: [
      {
        metric: 'property-issues-resolved',
        theme: 'governance',
        total: '120',
        title: '小区议事会化解物业问题',
      },
      { metric: 'new-communities', theme: 'governance', total: '13', title: '新建城市社区' },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W23',
        theme: 'governance',
        title: '新设社区老年学校，家门口就能上课',
        detail: '依托“党建+邻里中心”开课，报名当天即满员。',
      },
    ],
    missed: ['2023-W14'],
    late: [],
    corrected: [],
  },
  {
    departmentId: 'rsj',
    flows: [
      { metric: 'graduates-recruited', theme: 'talent', total: '5700', title: '引进大学生就业创业' },
      {
        metric: 'job-openings-collected',
        theme: 'talent',
        total: '1.2',
        title: '收集企事业单位岗位需求',
        unitPrefix: '万',
      },
    ],
    stocks: [],
    highlights: [
      {
        week: '2023-W11',
        theme: 'talent',
        title: '重点高校面试直招，现场签约20名应届毕业生',
        detail: '28名急需紧缺岗位高层次人才集中面试。',
      },
    ],
    missed: [],
    late: ['2023-W25'],
    corrected: ['2023-W19'],
  },
  {
    departmentId: 'rcb',
    flows: [
      { metric: 'award-money', theme: 'talent', total: '314.2', title: '兑现人才奖励资金', unitPrefix: '万' },
      { metric: 'talent-cards-issued', theme: 'talent', total: '901', title: '申报“武当人才卡”' },
    ],
    stocks: [
      { metric: 'talent-apartments', theme: 'talent', from: '2100', to: '2566', title: '筹集人才公寓房源' },
    ],
    highlights: [
      {
        week: '2023-W22',
        theme: 'talent',
        title: '人才周集中奖励362名优秀人才',
        detail: '另有3支优秀管理团队获奖励23万元。',
      },
    ],
    missed: ['2023-W01'],
    late: [],
    corrected: [],
  },
];

/** One weekly report as an admin imports it: with the time it was (notionally) submitted. */
export interface DemoReport {
  departmentId: string;
  week: string;
  submittedAt: string;
  items: SubmittedItem[];
}

/** Week weights that make the trend charts look like real work: quiet starts, busy springs. */
function weight(weekIndex: number, seed: number): ExactDecimal {
  return new ExactDecimal(2 + ((weekIndex * 7 + seed * 3) % 5) + (weekIndex >= 8 && weekIndex < 20 ? 2 : 0));
}

/**
 * Splits `total` over the weeks in proportion to their weights, in whole units of `step`, exactly
 * (largest remainder), so the weekly values always add up to the total.
 */
function split(total: string, weeks: number, seed: number, step: ExactDecimal): ExactDecimal[] {
  const units = new ExactDecimal(total).dividedBy(step);
  const weights = Array.from({ length: weeks }, (_, i) => weight(i, seed));
  const sum = weights.reduce((a, b) => a.plus(b), new ExactDecimal(0));
  const exact = weights.map((w) => units.times(w).dividedBy(sum));
  const floors = exact.map((value) => value.floor());
  let left = units.minus(floors.reduce((a, b) => a.plus(b), new ExactDecimal(0)));
  const order = exact
    .map((value, index) => ({ index, remainder: value.minus(value.floor()) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (left.lte(0)) break;
    floors[index] = floors[index]!.plus(1);
    left = left.minus(1);
  }
  return floors.map((value) => value.times(step));
}

function stockValue(stock: Stock, index: number, count: number): ExactDecimal {
  const from = new ExactDecimal(stock.from);
  const to = new ExactDecimal(stock.to);
  if (count <= 1) return to;
  // Linear growth, rounded to the figure's own precision, ending exactly on `to`.
  const places = Math.max(from.decimalPlaces(), to.decimalPlaces());
  return from
    .plus(
      to
        .minus(from)
        .times(index)
        .dividedBy(count - 1),
    )
    .toDecimalPlaces(places, ExactDecimal.ROUND_HALF_UP);
}

function submissionTime(week: string, late: boolean, deadline: Deadline): string {
  const due = DateTime.fromMillis(deadlineOf(week, deadline).toMillis(), { zone: deadline.timeZone });
  // On time: the Friday afternoon of the week; late: the Monday afternoon after the deadline.
  const at = late
    ? due.plus({ hours: 3, minutes: 20 })
    : due.minus({ days: 3 }).set({ hour: 17, minute: 30 });
  return at.toISO()!;
}

function metricValue(metric: string, value: ExactDecimal, unitPrefix?: '万'): SubmittedMetric {
  return unitPrefix
    ? { metric, value: toDecimalString(value), unit: `${unitPrefix}${unitOf(metric)}` }
    : { metric, value: toDecimalString(value) };
}

const UNITS: Record<string, string> = {
  'volunteer-hours': '小时',
  'registered-volunteers': '人',
  'job-openings-collected': '个',
  'award-money': '元',
};
function unitOf(metric: string): string {
  const unit = UNITS[metric];
  if (!unit) throw new Error(`The demo submits ${metric} in 万 but has no unit for it`);
  return unit;
}

export function demoReports(deadline: Deadline): DemoReport[] {
  const weeks = weeksOfPeriod('2023-H1');
  const reports: DemoReport[] = [];
  PLANS.forEach((plan, seed) => {
    const department = DEMO_DEPARTMENTS.find((d) => d.departmentId === plan.departmentId)!;
    const reported = weeks.filter(
      (week) => !plan.missed.includes(week) && (!department.activeFrom || week >= department.activeFrom),
    );
    const flowSplits = plan.flows.map((flow) =>
      split(flow.total, reported.length, seed, new ExactDecimal(flow.unitPrefix ? '0.0001' : '1')),
    );
    reported.forEach((week, index) => {
      const byTheme = new Map<string, DemoItem>();
      const itemFor = (theme: string, title: string) => {
        let item = byTheme.get(theme);
        if (!item) {
          item = { theme, title, highlight: false, metrics: [] };
          byTheme.set(theme, item);
        }
        return item;
      };
      plan.flows.forEach((flow, f) => {
        const value = flowSplits[f]![index]!;
        if (value.isZero()) return;
        itemFor(flow.theme, flow.title).metrics.push(metricValue(flow.metric, value, flow.unitPrefix));
      });
      plan.stocks.forEach((stock) => {
        itemFor(stock.theme, stock.title).metrics.push(
          metricValue(stock.metric, stockValue(stock, index, reported.length), stock.unitPrefix),
        );
      });
      const items: DemoItem[] = [...byTheme.values()];
      for (const highlight of plan.highlights.filter((h) => h.week === week)) {
        items.push({
          theme: highlight.theme,
          title: highlight.title,
          detail: highlight.detail,
          highlight: true,
          metrics: highlight.metrics ?? [],
        });
      }
      if (items.length === 0)
        items.push({ theme: 'political', title: '本周例行学习', highlight: false, metrics: [] });
      const late = plan.late.includes(week);
      if (plan.corrected.includes(week)) {
        // The first revision carried a wrong figure; the correction an hour later is the one that counts.
        const wrong = structuredClone(items);
        const first = wrong.find((item) => item.metrics.length > 0)?.metrics[0];
        if (first) first.value = toDecimalString(new ExactDecimal(first.value).plus(10));
        reports.push({
          departmentId: plan.departmentId,
          week,
          submittedAt: submissionTime(week, late, deadline),
          items: wrong,
        });
        const corrected = DateTime.fromISO(submissionTime(week, late, deadline))
          .plus({ hours: 1 })
          .toISO()!;
        reports.push({ departmentId: plan.departmentId, week, submittedAt: corrected, items });
      } else {
        reports.push({
          departmentId: plan.departmentId,
          week,
          submittedAt: submissionTime(week, late, deadline),
          items,
        });
      }
    });
  });

  // A few reports of 2022-H2, so that the summary can compare with the previous half-year.
  const previous: [string, string, SubmittedMetric[]][] = [
    ['zzb', '2022-W50', [{ metric: 'cadres-trained', value: '1050' }]],
    ['zjj', '2022-W50', [{ metric: 'property-issues-resolved', value: '486' }]],
    ['rsj', '2022-W50', [{ metric: 'graduates-recruited', value: '4300' }]],
    ['wmb', '2022-W50', [{ metric: 'registered-volunteers', value: '6.05', unit: '万人' }]],
    ['rcb', '2022-W50', [{ metric: 'award-money', value: '268.5', unit: '万元' }]],
  ];
  for (const [departmentId, week, metrics] of previous) {
    const theme = metrics[0]!.metric === 'cadres-trained' ? 'political' : themeOf(metrics[0]!.metric);
    reports.push({
      departmentId,
      week,
      submittedAt: submissionTime(week, false, deadline),
      items: [{ theme, title: '2022年下半年累计成效', highlight: false, metrics }],
    });
  }
  return reports;
}

function themeOf(metric: string): string {
  return (
    {
      'property-issues-resolved': 'governance',
      'graduates-recruited': 'talent',
      'registered-volunteers': 'development',
      'award-money': 'talent',
    }[metric] ?? 'political'
  );
}
