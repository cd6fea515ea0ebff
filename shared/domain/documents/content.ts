/**
 * What every rendered document says, decided once: the title, the overview, each theme's lead paragraph
 * and highlights, the closing 下一步 section, the issuer line and the appendix. The HTML, Markdown and DOCX
 * renderers only lay this out, so the formats cannot drift apart. All strings here are plain text,
 * unescaped: each renderer escapes for its own format.
 *
 * The district document reads like the review it stands in for: prose that carries the figures (the
 * catalog's sentence templates), like-for-like comparisons worded the official way, highlights as
 * paragraphs dated by month and 旬, and the reporting statistics moved to an appendix. A department's
 * document says only what that department reported. The reviewer's editorial, when there is one, replaces
 * the generated overview and theme leads and adds the 下一步 section.
 */
import { DateTime } from 'luxon';
import { dekadOfWeek, periodTitle as titleOfPeriod } from '../calendar';
import { SENTENCE_VALUE } from '../catalog';
import type { MetricSummary, SummaryDocument, ThemeSummary } from '../summary';
import { DISTRICT_SCOPE, NAMED_CONTRIBUTORS } from '../summary';
import { byDepartmentName } from './display-order';
import {
  chineseOrdinal,
  describeChange,
  formatExact,
  formatNumber,
  formatQuantity,
  formatRate,
  formatWeek,
  ratio,
  type FormattedQuantity,
} from './number-format';

const DEKAD_NAMES = ['上旬', '中旬', '下旬'] as const;
/** The ranking rows a district too large for the grid still lists on paper: its lowest on-time rates. */
export const APPENDIX_RANKING_ROWS = 20;

export interface FigureRow {
  metric: string;
  label: string;
  /** "期末数" for a latest figure, "单周峰值" for a max figure (unless the label says so), else null. */
  note: string | null;
  value: FormattedQuantity;
  /** The previous period's value over the comparison basis; null without a comparison. */
  previous: FormattedQuantity | null;
  /** "增加250人次，增长23.8%", "与上期持平"; "—" without a comparison. */
  change: string;
  /** "同口径3个单位" when the comparison does not cover every unit that reported the figure; else null. */
  basis: string | null;
  /** Whether the change is shown rounded ("增加约1.23万人"). */
  changeApproximate: boolean;
}

export interface HighlightItem {
  title: string;
  detail: string | null;
  /** "区委办，3月上旬" in the district document; "3月上旬" in a department's own. */
  source: string;
}

export interface ThemeContent {
  id: string;
  heading: string;
  /** The catalog's short title ("政治建设"), for table captions. */
  title: string;
  /** The lead paragraphs: the editorial's text when there is one, else generated from the figures. */
  lead: string[];
  figures: FigureRow[];
  /**
   * Whether the theme's figures get a table: not for a single figure the lead already states in full (a
   * table of one row only repeats the sentence above it), unless the table has the exact value of a
   * rounded one.
   */
  showTable: boolean;
  /** Whether any figure has a comparison; without one the table has no 上期/较上期 columns of dashes. */
  compared: boolean;
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

export interface Appendix {
  /** "附件": on the appendix's first line, flush left (GB/T 9704 7.5). */
  label: string;
  /** "各单位周报报送情况": the appendix's title, centred under the label. */
  title: string;
  coverageSentence: string;
  /**
   * The coverage table's caption: not the appendix title again (the table sits right under it), but what
   * the table holds: one row per unit, or, for a district too large for that, the totals only.
   */
  coverageCaption: string;
  coverageRows: CoverageRow[];
  coverageTotal: CoverageRow;
  rankingHeading: string;
  onTimeRanking: { rank: string; name: string; rate: string; onTime: string; expected: string }[];
  heatmapCaption: string;
  /**
   * The heat map of a district too large for one row per unit (no grid in its JSON): per week, how many
   * units reported on time, late or not at all; null when the document has the department × week grid.
   */
  weeklyCoverage: WeeklyCoverageRow[] | null;
}

export interface WeeklyCoverageRow {
  /** "第10周" */
  week: string;
  /** "3月上旬" */
  dekad: string;
  onTime: string;
  late: string;
  missing: string;
}

export interface DocumentContent {
  isDistrict: boolean;
  /** "张湾区委组织部2023年上半年工作成效汇总". */
  title: string;
  /** The organisation above the title of a department's document; null for the district's own. */
  orgLine: string | null;
  /** "数据截至…" while the period is running; null once it is complete. */
  subtitle: string | null;
  overviewHeading: string;
  overview: string[];
  /** The one statement of how comparisons are made and how complete the previous period is; or null. */
  comparisonNote: string | null;
  /** Caption of the trend chart (图1, district only), or null when there is nothing to chart. */
  trendCaption: string | null;
  themes: ThemeContent[];
  nextSteps: { heading: string; paragraphs: string[] } | null;
  /** The issuer and date line at the end. */
  signature: { issuer: string; date: string };
  appendix: Appendix | null;
  /** The 附件说明 under the text ("附件：各单位周报报送情况", GB/T 9704 7.3.4), when there is an appendix. */
  attachmentNote: string | null;
  /** How 万/亿 and "约" are to be read; null when no figure on the page is scaled, so there is nothing to explain. */
  roundingNote: string | null;
  /** The figures tables' change column: "较上期（同口径）" in the district's, "较上期" in a department's own. */
  changeHeading: string;
  /** How the document was made (from the JSON), for the files' metadata, not the page. */
  provenance: string;
  previousPeriodTitle: string;
}

/** "2023年6月21日 10:30" in the given time zone; the raw string if it is not an ISO instant. */
export function formatInstant(iso: string, timeZone: string): string {
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  return instant.isValid ? instant.setZone(timeZone).toFormat('yyyy年M月d日 HH:mm') : iso;
}

/** "2023年6月21日", the date line of an official document. */
export function formatDate(iso: string, timeZone: string): string {
  // Every scope of a generation is dated by the same generatedAt, and Luxon's zone arithmetic for it was
  // about 1 % of a department's Word CPU: each instant and zone is worked out once (bounded, as a warm
  // process renders one generation after another).
  const key = `${timeZone} ${iso}`;
  const known = FORMATTED_DATES.get(key);
  if (known !== undefined) return known;
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  const formatted = instant.isValid ? instant.setZone(timeZone).toFormat('yyyy年M月d日') : iso;
  if (FORMATTED_DATES.size >= MAX_FORMATTED_DATES) FORMATTED_DATES.clear();
  FORMATTED_DATES.set(key, formatted);
  return formatted;
}

const FORMATTED_DATES = new Map<string, string>();
const MAX_FORMATTED_DATES = 100;

/** "3月上旬" for a week (its Thursday decides); the week itself if it cannot be read. */
export function formatDekad(week: string, timeZone: string): string {
  try {
    const { month, dekad } = dekadOfWeek(week, timeZone);
    return `${month}月${DEKAD_NAMES[dekad - 1]}`;
  } catch {
    return formatWeek(week);
  }
}

function safePeriodTitle(period: string): string {
  try {
    return titleOfPeriod(period);
  } catch {
    return period;
  }
}

/** Paragraphs of a plain text: a blank line separates them; single line breaks stay inside. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function count(n: number): string {
  return formatExact(String(n));
}

/** A number in prose: no thousands separators. */
function prose(n: number): string {
  return String(n);
}

function isReported(metric: MetricSummary): boolean {
  return metric.reportingDepartments > 0;
}

function noteOf(metric: MetricSummary): string | null {
  if (metric.aggregate === 'latest') return '期末数';
  if (metric.aggregate === 'max' && !metric.label.includes('峰值')) return '单周峰值';
  return null;
}

function basisOf(metric: MetricSummary): string | null {
  const comparison = metric.comparison;
  if (!comparison) return null;
  return comparison.basisDepartmentCount < metric.reportingDepartments
    ? `同口径${prose(comparison.basisDepartmentCount)}个单位`
    : null;
}

function figureRow(metric: MetricSummary): FigureRow {
  const comparison = metric.comparison;
  return {
    metric: metric.metric,
    label: metric.label,
    note: noteOf(metric),
    value: formatQuantity(metric.value, metric.unit),
    previous: comparison ? formatQuantity(comparison.previous, metric.unit) : null,
    change: comparison ? describeChange(comparison.change, comparison.changeRate, metric.unit) : '—',
    basis: basisOf(metric),
    changeApproximate: comparison ? formatNumber(comparison.change.replace(/^-/, '')).approximate : false,
  };
}

/** The metric's clause: its sentence template with the figure put in, or label and figure. */
function clause(metric: MetricSummary): string {
  const value = formatQuantity(metric.value, metric.unit, { grouping: false }).text;
  if (metric.sentence) return metric.sentence.replace(SENTENCE_VALUE, value);
  const note = noteOf(metric);
  return `${metric.label}${note ? `（${note}）` : ''}${value}`;
}

/** The clause with its comparison: "…1300人次，较上期增加250人次，增长23.8%". */
function clauseWithComparison(metric: MetricSummary): string {
  const comparison = metric.comparison;
  if (!comparison) return clause(metric);
  const basis = basisOf(metric);
  const change = describeChange(comparison.change, comparison.changeRate, metric.unit);
  const against = change === '与上期持平' ? change : `较上期${change}`;
  return `${clause(metric)}，${basis ? `其中${basis}` : ''}${against}`;
}

/** The first units by name, then "等N个单位" when there are more than NAMED_CONTRIBUTORS of them. */
function joinNames(names: string[], total: number): string {
  if (total <= NAMED_CONTRIBUTORS) return names.join('、');
  return `${names.slice(0, NAMED_CONTRIBUTORS).join('、')}等${prose(total)}个单位`;
}

function endSentence(text: string): string {
  return /[。！？；：…」”]$/.test(text) ? text : `${text}。`;
}

/** Each theme's reported figures; a theme's headline figures, else its first reported one, lead the overview. */
function headlineMetrics(themes: ThemeSummary[], metrics: Map<string, MetricSummary>): MetricSummary[] {
  return themes.flatMap((theme) => {
    const reported = theme.metrics.flatMap((id) => {
      const metric = metrics.get(id);
      return metric && isReported(metric) ? [metric] : [];
    });
    const headline = reported.filter((metric) => metric.headline);
    return headline.length > 0 ? headline : reported.slice(0, 1);
  });
}

/**
 * The 附注 under the date line (GB/T 9704 7.3.6: in brackets, two characters in), saying only what applies:
 * how 万/亿 are written when a figure is scaled, and what "约" and the bracketed exact values mean when one
 * is rounded. A document of small figures needs no note at all.
 */
function roundingNote(themes: ThemeContent[]): string | null {
  const shown = themes.flatMap((theme) =>
    theme.figures.flatMap((figure) => [figure.value, ...(figure.previous ? [figure.previous] : [])]),
  );
  if (!shown.some((q) => /[万亿]$/.test(q.number.text))) return null;
  const rounded =
    shown.some((q) => q.approximate) || themes.some((t) => t.figures.some((f) => f.changeApproximate));
  return (
    '（注：数值满1万的以“万”为单位、满1亿的以“亿”为单位，至多保留两位小数' +
    (rounded ? '；标“约”的数值经四舍五入，表中括号内为精确值。）' : '。）')
  );
}

export function buildContent(doc: SummaryDocument): DocumentContent {
  const isDistrict = doc.scope === DISTRICT_SCOPE;
  const timeZone = doc.timeZone;
  const previousPeriodTitle = safePeriodTitle(doc.provenance.previousPeriod);
  const metricsById = new Map(doc.metrics.map((m) => [m.metric, m]));
  const names = new Map(doc.departments.map((d) => [d.departmentId, d.name]));
  const coverage = doc.coverage;
  const lastWeek = coverage.weeksElapsed[coverage.weeksElapsed.length - 1];
  const editorial = isDistrict ? doc.editorial : null;

  const subtitle = doc.toDate
    ? // No brackets inside: the renderers put the whole line in （）, and a bracket in a bracket is marked.
      `数据截至${lastWeek ? formatDekad(lastWeek, timeZone) : '本期开始'}，${formatInstant(doc.generatedAt, timeZone)}生成；本期尚未结束，数据将随后续周报更新`
    : null;

  // A theme is shown when something in it was reported; a department's document shows only its own.
  const shownThemes = doc.themes.filter(
    (theme) =>
      theme.highlights.length > 0 ||
      theme.metrics.some((id) => {
        const metric = metricsById.get(id);
        return metric !== undefined && isReported(metric);
      }) ||
      (editorial?.themes?.[theme.theme] ?? '') !== '',
  );
  const themeNames = shownThemes.map((t) => t.title);

  const onTimeRate = formatRate(ratio(coverage.onTimeReports, coverage.expectedReports));
  const missingCount = coverage.missingReports;
  const who = isDistrict ? `全区${prose(doc.departments.length)}个单位` : '本单位';
  const allOnTime =
    coverage.expectedReports > 0 && coverage.onTimeReports === coverage.expectedReports && missingCount === 0;
  // A count of zero is not said ("逾期0份", "未报0份"): a reviewer would strike it out.
  const received =
    coverage.lateReports === 0
      ? coverage.submittedReports > 0
        ? '均按时报送'
        : ''
      : `其中按时${prose(coverage.onTimeReports)}份、逾期${prose(coverage.lateReports)}份`;
  const coverageSentence = allOnTime
    ? `${who}本期应报周报${prose(coverage.expectedReports)}份，全部按时报送。`
    : `${who}本期应报周报${prose(coverage.expectedReports)}份，` +
      [
        `实报${prose(coverage.submittedReports)}份`,
        received,
        missingCount > 0 ? `未报${prose(missingCount)}份` : '',
        `按时报送率${onTimeRate}`,
      ]
        .filter(Boolean)
        .join('，') +
      '。';

  const headline = headlineMetrics(shownThemes, metricsById).map(clause);
  const focus = themeNames.length > 0 ? `围绕${themeNames.join('、')}等方面扎实开展工作` : '';
  let generatedOverview: string[];
  if (isDistrict) {
    generatedOverview = [
      headline.length > 0 || focus
        ? endSentence(`${doc.periodTitle}，全区各单位${[focus, ...headline].filter(Boolean).join('，')}`)
        : `${doc.periodTitle}，全区各单位尚未报送可汇总的工作数据。`,
    ];
  } else {
    generatedOverview = [
      headline.length > 0 || focus
        ? endSentence(
            `${doc.periodTitle}，${doc.scopeName}${[focus, ...headline].filter(Boolean).join('，')}`,
          )
        : `${doc.periodTitle}，${doc.scopeName}尚未报送可汇总的工作数据。`,
      coverageSentence,
    ];
  }
  const overview = editorial?.overview ? paragraphs(editorial.overview) : generatedOverview;

  const compared = doc.metrics.some((metric) => metric.comparison !== null && isReported(metric));
  const previous = doc.previousCoverage;
  // A department's comparison is with itself: "同口径" and "units that reported in both" are the district's.
  const basisClause = isDistrict
    ? `文中“较上期”均与${previousPeriodTitle}同口径比较，只计两期均报送该项数据的单位；`
    : `文中“较上期”均与本单位${previousPeriodTitle}比较；本单位`;
  const comparisonNote = compared
    ? basisClause +
      `${previousPeriodTitle}应报周报${prose(previous.expectedReports)}份，实报${prose(previous.submittedReports)}份` +
      `${previous.submittedReports < previous.expectedReports ? '，上期数据不完整，比较仅供参考' : ''}。`
    : null;

  const themes: ThemeContent[] = shownThemes.map((theme, index) => {
    const reported = theme.metrics.flatMap((id) => {
      const metric = metricsById.get(id);
      return metric && isReported(metric) ? [metric] : [];
    });
    // The document names the first contributors in roster order and counts them all: a district of
    // thousands lists only a bounded number of highlights, but every unit that sent one is counted.
    const units = theme.namedContributors.map((d) => names.get(d.departmentId) ?? d.name);
    const generated: string[] = [];
    const figures = reported.map(clauseWithComparison);
    const unitsSentence =
      isDistrict && theme.contributors > 0
        ? `${joinNames(units, theme.contributors)}报送了这方面的工作亮点。`
        : '';
    if (figures.length > 0) generated.push(`${doc.periodTitle}，${figures.join('；')}。${unitsSentence}`);
    else if (unitsSentence) generated.push(unitsSentence);
    const editorialLead = editorial?.themes?.[theme.theme];
    const rows = reported.map(figureRow);
    return {
      id: theme.theme,
      heading: `${chineseOrdinal(index + 2)}、${theme.displayTitle ?? theme.title}`,
      title: theme.title,
      lead: editorialLead ? paragraphs(editorialLead) : generated,
      figures: rows,
      showTable: rows.length > 1 || rows.some((row) => row.value.approximate),
      compared: rows.some((row) => row.previous !== null),
      highlights: theme.highlights.map((h) => ({
        title: h.title.trim(),
        detail: h.detail?.trim() ? h.detail.trim() : null,
        source: isDistrict
          ? `${h.departmentName}，${formatDekad(h.week, timeZone)}`
          : formatDekad(h.week, timeZone),
      })),
    };
  });

  const nextSteps = editorial?.nextSteps
    ? {
        heading: `${chineseOrdinal(themes.length + 2)}、下一步工作打算`,
        paragraphs: paragraphs(editorial.nextSteps),
      }
    : null;

  const coverageRow = (c: SummaryDocument['coverage']['byDepartment'][number]): CoverageRow => ({
    name: c.name,
    expected: count(c.expected),
    submitted: count(c.submitted),
    onTime: count(c.onTime),
    late: count(c.late),
    missing: count(c.missing),
    onTimeRate: formatRate(c.onTimeRate),
  });

  // A district too large for the grid is too large for a row per unit on paper as well: a Word table of
  // thousands of rows is hundreds of pages nobody reads, and the docx package holds all of it in memory
  // (a 10,000-unit appendix does not render in the function's heap). Its documents keep the totals and
  // the units that most need attention; every unit's row is in the workbook and the JSON.
  const large = coverage.grid === null;
  const ranked = large
    ? doc.rankings.onTime.filter((r) => r.onTimeRate !== null).slice(-APPENDIX_RANKING_ROWS)
    : doc.rankings.onTime;
  const appendix: Appendix | null = isDistrict
    ? {
        label: '附件',
        title: '各单位周报报送情况',
        coverageSentence: large
          ? `${coverageSentence}各单位逐一报送情况见同期Excel汇总表“报送情况”工作表。`
          : coverageSentence,
        coverageCaption: large ? '全区周报报送合计' : '各单位周报报送统计',
        coverageRows: large ? [] : byDepartmentName(doc, coverage.byDepartment).map(coverageRow),
        coverageTotal: {
          name: '合计',
          expected: count(coverage.expectedReports),
          submitted: count(coverage.submittedReports),
          onTime: count(coverage.onTimeReports),
          late: count(coverage.lateReports),
          missing: count(missingCount),
          onTimeRate,
        },
        rankingHeading: large ? `周报按时报送排名（后${prose(ranked.length)}位）` : '周报按时报送排名',
        onTimeRanking: ranked.map((r) => ({
          rank: count(r.rank),
          name: r.name,
          rate: formatRate(r.onTimeRate),
          onTime: count(r.onTime),
          expected: count(r.expected),
        })),
        heatmapCaption: coverage.grid === null ? '图2\u3000逐周报送情况' : '图2\u3000各单位逐周报送情况',
        weeklyCoverage:
          coverage.grid === null
            ? coverage.weeks.map((row) => ({
                week: formatWeek(row.week),
                dekad: formatDekad(row.week, timeZone),
                onTime: count(row.onTime),
                late: count(row.late),
                missing: count(row.missing),
              }))
            : null,
      }
    : null;

  // 图1 is the district's: a unit's own monthly columns say little its figures do not, and a district
  // of hundreds of units would pay for hundreds of charts.
  const charted = isDistrict && doc.metrics.some((m) => m.aggregate === 'sum' && isReported(m));

  return {
    isDistrict,
    title: `${doc.scopeName}${doc.periodTitle}工作成效${isDistrict ? '汇总' : ''}`,
    orgLine: isDistrict ? null : doc.orgName,
    subtitle,
    overviewHeading: '一、总体情况',
    overview,
    comparisonNote,
    trendCaption: charted ? '图1\u3000主要数据按月走势' : null,
    themes,
    nextSteps,
    signature: {
      issuer: isDistrict ? doc.orgName : doc.scopeName,
      date: formatDate(doc.generatedAt, timeZone),
    },
    appendix,
    attachmentNote: appendix ? `${appendix.label}：${appendix.title}` : null,
    roundingNote: roundingNote(themes),
    changeHeading: isDistrict ? '较上期（同口径）' : '较上期',
    provenance: doc.provenance.note,
    previousPeriodTitle,
  };
}
