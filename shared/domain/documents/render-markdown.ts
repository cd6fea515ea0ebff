/**
 * The summary as GitHub-flavoured Markdown: the same sections as the HTML page, GFM tables for figures,
 * rankings and coverage, and compact tables in place of the two charts. Report text goes through
 * escapeMarkdown / escapeMarkdownCell, so the only raw HTML in the output is the `<br>` they emit for line
 * breaks. A rounded figure carries its exact value in parentheses.
 */
import { byDepartmentName } from './display-order';
import type { SummaryDocument, WeekStatus } from '../summary';
import { trendMetrics, weeklyPeak } from './charts';
import { buildContent, type CoverageRow, type FigureRow } from './content';
import { escapeMarkdown as md, escapeMarkdownCell as cell } from './escape';
import { formatQuantity, formatWeek, isZero, type FormattedQuantity } from './number-format';

/**
 * A figure in Markdown. The number is our own text (digits, ",", ".", 约, 万, 亿) and needs no escaping;
 * the unit comes from the catalog and does. A rounded figure is followed by its exact value.
 */
function figure(q: FormattedQuantity): string {
  const text = q.number.text + cell(q.unit);
  return q.approximate ? `${text}（${q.number.exact}${cell(q.unit)}）` : text;
}

function table(header: string[], align: ('left' | 'right')[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const rule = align.map((a) => (a === 'right' ? '---:' : ':---'));
  return [line(header), line(rule), ...rows.map(line)];
}

const ARROWS = { up: '↑ ', down: '↓ ', flat: '', none: '' } as const;

function figureRows(figures: FigureRow[]): string[][] {
  return figures.map((f) => [
    cell(f.label) + (f.note ? `（${cell(f.note)}）` : ''),
    figure(f.value),
    f.previous ? figure(f.previous) : '—',
    // Generated text only (sign, digits, 万/亿, 持平), so nothing to escape.
    `${ARROWS[f.change.direction]}${f.change.approximate ? `${f.change.text}（${f.change.exact}）` : f.change.text}`,
  ]);
}

function coverageCells(row: CoverageRow, bold = false): string[] {
  // Counts and rates are generated text; only the department name needs escaping.
  const cells = [
    cell(row.name),
    row.expected,
    row.submitted,
    row.onTime,
    row.late,
    row.missing,
    row.onTimeRate,
  ];
  return bold ? cells.map((c) => `**${c}**`) : cells;
}

/** One character per week, so a department's half-year fits in one table cell. */
const STATUS_MARK: Record<WeekStatus, string> = {
  'on-time': '●',
  late: '◐',
  missing: '✕',
  'not-expected': '·',
  'not-due': '○',
};

export function renderMarkdown(doc: SummaryDocument): string {
  const c = buildContent(doc);
  const out: string[] = [];
  if (c.orgLine) out.push(`**${md(c.orgLine)}**`, '');
  out.push(`# ${md(c.title)}`, '');
  if (c.subtitle) out.push(`> ${md(c.subtitle)}`, '');

  out.push('## 总体情况', '', md(c.overview), '');
  if (c.headlineFigures.length > 0) {
    out.push(
      ...table(
        ['主要数据', '本期'],
        ['left', 'right'],
        c.headlineFigures.map((f) => [cell(f.label), figure(f.value)]),
      ),
      '',
    );
  }
  out.push(md(c.coverageSentence), '');

  for (const theme of c.themes) {
    out.push(`## ${md(theme.heading)}`, '', '### 主要数据', '');
    if (theme.figures.length === 0) {
      out.push('本期暂无该方面的统计数据。', '');
    } else {
      out.push(
        ...table(
          ['指标', '本期', `上期（${cell(c.previousPeriodTitle)}）`, '较上期'],
          ['left', 'right', 'right', 'right'],
          figureRows(theme.figures),
        ),
        '',
      );
    }
    out.push('### 工作亮点', '');
    if (theme.highlights.length === 0) {
      out.push('本期暂无报送的工作亮点。', '');
    } else {
      for (const hl of theme.highlights) {
        const detail = hl.detail ? `：${md(hl.detail)}` : '';
        out.push(`- **${md(hl.title)}**${detail} ——${md(hl.departmentName)}，${md(hl.weekLabel)}`);
      }
      out.push('');
    }
  }

  out.push(`## ${md(c.rankingHeading)}`, '');
  out.push(
    ...table(
      ['名次', '单位', '按时率', '按时/应报'],
      ['right', 'left', 'right', 'right'],
      c.onTimeRanking.map((r) => [r.rank, cell(r.name), r.rate, `${r.onTime}/${r.expected}`]),
    ),
    '',
    '### 工作亮点报送数量',
    '',
    ...table(
      ['名次', '单位', '亮点数'],
      ['right', 'left', 'right'],
      c.highlightRanking.map((r) => [r.rank, cell(r.name), r.highlights]),
    ),
    '',
  );

  out.push(`## ${md(c.coverageHeading)}`, '');
  out.push(
    ...table(
      ['单位', '应报', '已报', '按时', '逾期', '未报', '按时率'],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      [...c.coverageRows.map((r) => coverageCells(r)), coverageCells(c.coverageTotal, true)],
    ),
    '',
  );

  const names = new Map(doc.coverage.byDepartment.map((d) => [d.departmentId, d.name]));
  const gridWeeks = doc.coverage.grid[0]?.weeks ?? [];
  if (gridWeeks.length > 0) {
    const first = gridWeeks[0];
    const last = gridWeeks[gridWeeks.length - 1];
    const span = first && last ? `${formatWeek(first.week)}至${formatWeek(last.week)}` : '逐周';
    out.push(
      '### 逐周报送情况',
      '',
      ...table(
        ['单位', cell(span)],
        ['left', 'left'],
        byDepartmentName(doc, doc.coverage.grid).map((row) => [
          cell(names.get(row.departmentId) ?? row.departmentId),
          `\`${row.weeks.map((w) => STATUS_MARK[w.status]).join('')}\``,
        ]),
      ),
      '',
      '图例：● 按时报送 ◐ 逾期报送 ✕ 未报送 · 无需报送 ○ 尚未到期',
      '',
    );
  }

  const trend = trendMetrics(doc);
  if (trend.length > 0) {
    out.push(`### ${md(c.trendHeading)}`, '');
    out.push(
      ...table(
        ['指标', '合计', '单周最高', '有数据的周数'],
        ['left', 'right', 'right', 'right'],
        trend.map((m) => {
          const peak = weeklyPeak(m);
          const reportedWeeks = m.weekly.filter((p) => !isZero(p.value)).length;
          return [
            cell(m.label),
            figure(formatQuantity(m.value, m.unit)),
            peak ? `${cell(formatWeek(peak.week))}：${figure(formatQuantity(peak.value, m.unit))}` : '—',
            String(reportedWeeks),
          ];
        }),
      ),
      '',
    );
  }

  out.push('---', '', md(c.provenance), '', md(c.roundingNote), '');
  return out.join('\n');
}
