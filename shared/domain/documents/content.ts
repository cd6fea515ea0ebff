/**
 * What every rendered document says, decided once: titles, the overview, the figures of each theme with
 * their formatting, highlights, rankings, coverage and the notes. The HTML, Markdown and DOCX renderers only
 * lay this out, so the three formats cannot drift apart. All strings here are plain text, unescaped: each
 * renderer escapes for its own format.
 */
import { byDepartmentName } from './display-order';
import { DateTime } from 'luxon';
import { periodTitle as titleOfPeriod } from '../calendar';
import type { MetricSummary, SummaryDocument } from '../summary';
import { DISTRICT_SCOPE } from '../summary';
import {
  chineseOrdinal,
  formatChange,
  formatExact,
  formatQuantity,
  formatRate,
  formatWeek,
  isZero,
  ratio,
  type FormattedChange,
  type FormattedQuantity,
} from './number-format';

/** Times are shown as the district reads its clock; the documents are for one Chinese district. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';
const HEADLINE_FIGURE_COUNT = 6;

export interface FigureRow {
  metric: string;
  label: string;
  /** "期末数" for a latest figure, "单周峰值" for a max figure (unless the label says so), else null. */
  note: string | null;
  value: FormattedQuantity;
  previous: FormattedQuantity | null;
  change: FormattedChange;
}

export interface HighlightItem {
  title: string;
  detail: string | null;
  departmentName: string;
  weekLabel: string;
}

export interface ThemeContent {
  id: string;
  heading: string;
  title: string;
  figures: FigureRow[];
  highlights: HighlightItem[];
}

export interface CoverageRow {
  name: string;
  expected: string;
  submitted: string;
  onTime: string;
  late: string;
  missing: string;
  onTimeRate: string;
}

export interface DocumentContent {
  /** "张湾区委组织部 2023年上半年 工作成效汇总". */
  title: string;
  /** The organisation above the title of a department's document; null for the district's own. */
  orgLine: string | null;
  /** "数据截至第24周…" while the period is running; null once it is complete. */
  subtitle: string | null;
  previousPeriodTitle: string;
  overview: string;
  headlineFigures: FigureRow[];
  coverageSentence: string;
  themes: ThemeContent[];
  rankingHeading: string;
  onTimeRanking: { rank: string; name: string; rate: string; onTime: string; expected: string }[];
  highlightRanking: { rank: string; name: string; highlights: string }[];
  coverageHeading: string;
  coverageRows: CoverageRow[];
  coverageTotal: CoverageRow;
  trendHeading: string;
  provenance: string;
  roundingNote: string;
  generatedAtText: string;
}

/** "2023年6月21日 10:30" in the display time zone; the raw string if it is not an ISO instant. */
export function formatInstant(iso: string): string {
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  return instant.isValid ? instant.setZone(DISPLAY_TIME_ZONE).toFormat('yyyy年M月d日 HH:mm') : iso;
}

function safePeriodTitle(period: string): string {
  try {
    return titleOfPeriod(period);
  } catch {
    return period;
  }
}

function figureRow(metric: MetricSummary): FigureRow {
  const note =
    metric.aggregate === 'latest'
      ? '期末数'
      : metric.aggregate === 'max' && !metric.label.includes('峰值')
        ? '单周峰值'
        : null;
  return {
    metric: metric.metric,
    label: metric.label,
    note,
    value: formatQuantity(metric.value, metric.unit),
    previous: metric.previous === null ? null : formatQuantity(metric.previous, metric.unit),
    change: formatChange(metric.change),
  };
}

function count(n: number): string {
  return formatExact(String(n));
}

export function buildContent(doc: SummaryDocument): DocumentContent {
  const isDistrict = doc.scope === DISTRICT_SCOPE;
  const previousPeriodTitle = safePeriodTitle(doc.provenance.previousPeriod);
  const metricsById = new Map(doc.metrics.map((m) => [m.metric, m]));
  const coverage = doc.coverage;
  const missingCount = coverage.missing.length;
  const overallRate = formatRate(ratio(coverage.onTimeReports, coverage.expectedReports));
  const lastWeek = coverage.weeksElapsed[coverage.weeksElapsed.length - 1];
  const generatedAtText = formatInstant(doc.generatedAt);

  const subtitle = doc.toDate
    ? `数据截至${doc.periodTitle}${lastWeek ? formatWeek(lastWeek) : '开始'}（${generatedAtText}生成），本期尚未结束，数据将随后续周报更新`
    : null;

  const themeTitles = doc.themes.map((t) => t.title).join('、');
  const reporters = isDistrict ? `全区${count(doc.departments.length)}个单位` : doc.scopeName;
  const overview =
    `本汇总依据${reporters}逐周报送的工作周报，按${themeTitles || '各项工作'}等方面，` +
    `归纳${doc.periodTitle}组织工作的主要数据和工作亮点。`;
  const coverageSentence =
    `期内应报周报${count(coverage.expectedReports)}份，实报${count(coverage.submittedReports)}份，` +
    `其中按时${count(coverage.onTimeReports)}份、逾期${count(coverage.lateReports)}份，` +
    `未报${count(missingCount)}份，按时报送率${overallRate}。`;

  // The overview leads with every theme, as a review does: each theme's first reported figure, then
  // each theme's second, and so on, in catalog order.
  const reportedByTheme = doc.themes.map((theme) =>
    theme.metrics.flatMap((id) => {
      const metric = metricsById.get(id);
      return metric && !isZero(metric.value) ? [metric] : [];
    }),
  );
  const headlineMetrics: MetricSummary[] = [];
  for (let round = 0; headlineMetrics.length < HEADLINE_FIGURE_COUNT; round++) {
    const picked = reportedByTheme.flatMap((metrics) => (metrics[round] ? [metrics[round]!] : []));
    if (picked.length === 0) break;
    headlineMetrics.push(...picked.slice(0, HEADLINE_FIGURE_COUNT - headlineMetrics.length));
  }
  const headlineFigures = headlineMetrics.map(figureRow);

  const themes = doc.themes.map((theme, index) => ({
    id: theme.theme,
    heading: `${chineseOrdinal(index + 1)}、${theme.title}`,
    title: theme.title,
    figures: theme.metrics.flatMap((id) => {
      const metric = metricsById.get(id);
      return metric ? [figureRow(metric)] : [];
    }),
    highlights: theme.highlights.map((h) => ({
      title: h.title,
      detail: h.detail?.trim() ? h.detail : null,
      departmentName: h.departmentName,
      weekLabel: formatWeek(h.week),
    })),
  }));

  const next = (offset: number): string => chineseOrdinal(doc.themes.length + offset);
  const coverageRow = (c: SummaryDocument['coverage']['byDepartment'][number]): CoverageRow => ({
    name: c.name,
    expected: count(c.expected),
    submitted: count(c.submitted),
    onTime: count(c.onTime),
    late: count(c.late),
    missing: count(c.missing),
    onTimeRate: formatRate(c.onTimeRate),
  });

  const revisions = doc.provenance.revisions.length;
  const weeksWithReports = new Set(doc.provenance.revisions.map((r) => r.week)).size;
  const departmentsWithReports = new Set(doc.provenance.revisions.map((r) => r.departmentId)).size;

  return {
    title: `${doc.scopeName} ${doc.periodTitle} 工作成效汇总`,
    orgLine: isDistrict ? null : doc.orgName,
    subtitle,
    previousPeriodTitle,
    overview,
    headlineFigures,
    coverageSentence,
    themes,
    rankingHeading: `${next(1)}、周报按时报送排名`,
    onTimeRanking: doc.rankings.onTime.map((r) => ({
      rank: count(r.rank),
      name: r.name,
      rate: formatRate(r.onTimeRate),
      onTime: count(r.onTime),
      expected: count(r.expected),
    })),
    highlightRanking: doc.rankings.highlights.map((r) => ({
      rank: count(r.rank),
      name: r.name,
      highlights: count(r.highlights),
    })),
    coverageHeading: `${next(2)}、各单位周报报送情况`,
    coverageRows: byDepartmentName(doc, coverage.byDepartment).map(coverageRow),
    coverageTotal: {
      name: '合计',
      expected: count(coverage.expectedReports),
      submitted: count(coverage.submittedReports),
      onTime: count(coverage.onTimeReports),
      late: count(coverage.lateReports),
      missing: count(missingCount),
      onTimeRate: overallRate,
    },
    trendHeading: '主要数据周度走势',
    provenance:
      `本文件由${count(revisions)}份周报（${count(departmentsWithReports)}个单位、${count(weeksWithReports)}周，` +
      `各取最新修订版本）自动汇总生成，生成时间${generatedAtText}（北京时间）。` +
      `“较上期”与${previousPeriodTitle}相比。`,
    roundingNote:
      '注：数值满1万的以“万”为单位、满1亿的以“亿”为单位，至多保留两位小数；' +
      '标“约”的数值经四舍五入，括号内为精确值。“—”表示上期没有可比数据。',
    generatedAtText,
  };
}
