/**
 * The synthetic weekly reports the benchmarks share (bench:summary, bench:scale, bench:docx, bench:formats), made from a
 * seeded generator so that the data set is the same on every machine and in every benchmark.
 */
import { aggregate } from '../../../shared/domain/aggregate';
import { defaultCatalog, type MetricDefinition } from '../../../shared/domain/catalog';
import { weeksOfPeriod, type Period } from '../../../shared/domain/calendar';
import { contentHash } from '../../../shared/domain/report-content';
import type { Department, ReportItem, ReportRevision } from '../../../shared/domain/report';

export const ITEMS_PER_REPORT = 4;
export const METRICS_PER_ITEM = 3;

/** mulberry32: a small seeded generator. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** dept-001 …, with five digits once there are more than 999 departments. */
export function syntheticDepartmentId(index: number, count: number): string {
  return `dept-${String(index + 1).padStart(count > 999 ? 5 : 3, '0')}`;
}

export function syntheticDepartments(count: number, now: string): Department[] {
  return Array.from({ length: count }, (_, index) => ({
    departmentId: syntheticDepartmentId(index, count),
    name: `第${index + 1}党支部（${['机关', '街道', '社区', '企业', '学校'][index % 5]}）`,
    createdAt: now,
    updatedAt: now,
  }));
}

/** The catalog's metrics grouped by theme, for reportItems. */
export function metricsByTheme(): Map<string, MetricDefinition[]> {
  const byTheme = new Map<string, MetricDefinition[]>();
  for (const metric of defaultCatalog.metrics) {
    byTheme.set(metric.theme, [...(byTheme.get(metric.theme) ?? []), metric]);
  }
  return byTheme;
}

function metricValue(metric: MetricDefinition, random: () => number): string {
  if (metric.unit === '元') return String(Math.floor(random() * 500) * 100);
  if (metric.unit === '小时') return (Math.floor(random() * 400) / 4).toFixed(2).replace(/\.?0+$/, '');
  return String(Math.floor(random() * 40));
}

/** One week's items: ITEMS_PER_REPORT items, one per theme in turn, each with METRICS_PER_ITEM metrics. */
export function reportItems(
  random: () => number,
  byTheme: Map<string, MetricDefinition[]>,
  week: number,
): ReportItem[] {
  const themes = defaultCatalog.themes;
  return Array.from({ length: ITEMS_PER_REPORT }, (_, i) => {
    const theme = themes[i % themes.length]!;
    const candidates = byTheme.get(theme.id) ?? [];
    const offset = Math.floor(random() * candidates.length);
    const metrics = Array.from({ length: METRICS_PER_ITEM }, (_, m) => {
      const metric = candidates[(offset + m) % candidates.length]!;
      return { metric: metric.id, value: metricValue(metric, random), unit: metric.unit };
    });
    const withDetail = random() < 0.5;
    return {
      theme: theme.id,
      title: `${theme.title}：第${week + 1}周重点工作推进情况（${i + 1}）`,
      ...(withDetail
        ? { detail: `围绕${theme.title}组织专题学习、现场调研和问题整改，形成工作台账并按期销号。` }
        : {}),
      // About one highlight per two reports: enough to fill the themes, as a reviewer would see them.
      highlight: i === 0 && random() < 0.5,
      metrics,
    };
  });
}

/**
 * A whole period of weekly reports for `count` synthetic departments, one revision per department-week,
 * about 8 % of them late: what bench:docx and bench:formats aggregate and render.
 */
export function syntheticPeriod(
  period: Period,
  count: number,
): { departments: Department[]; reports: ReportRevision[] } {
  const now = '2022-12-15T00:00:00.000Z';
  const departments = syntheticDepartments(count, now);
  const byTheme = metricsByTheme();
  const random = seededRandom(20230101);
  const reports: ReportRevision[] = [];
  for (const department of departments) {
    weeksOfPeriod(period).forEach((week, w) => {
      const late = random() < 0.08;
      const submittedAt = late ? '2023-01-09T10:00:00Z' : '2023-01-08T08:00:00Z';
      const items = reportItems(random, byTheme, w);
      reports.push({
        departmentId: department.departmentId,
        week,
        period,
        revision: 1,
        submittedAt,
        late,
        firstSubmittedAt: submittedAt,
        firstLate: late,
        items,
        contentHash: contentHash(items),
      });
    });
  }
  return { departments, reports };
}

/** The period's aggregation, as a generation at `generatedAt` makes it: what bench:docx and bench:formats render. */
export function aggregateSyntheticPeriod(
  period: Period,
  { departments, reports }: { departments: Department[]; reports: ReportRevision[] },
  generatedAt: Date,
) {
  return aggregate({
    period,
    orgName: '张湾区委组织部',
    generatedAt,
    timeZone: 'Asia/Shanghai',
    catalog: defaultCatalog,
    departments,
    reports,
    previousReports: [],
  });
}
