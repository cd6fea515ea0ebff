/**
 * The summary as GitHub-flavoured Markdown: the same sections in the same order as the HTML page and the
 * Word document, GFM tables for figures, ranking and coverage, and compact tables in place of the two
 * charts. Report and editorial text goes through escapeMarkdown / escapeMarkdownCell, so the only raw HTML
 * in the output is the `<br>` they emit for line breaks. A rounded figure carries its exact value.
 */
import type { SummaryDocument, WeekStatus } from '../summary';
import { scaledValue, trendPanels } from './charts';
import { type CoverageRow, type FigureRow } from './content';
import { contentOf } from './content-once';
import { byDepartmentName } from './display-order';
import { escapeMarkdown as md, escapeMarkdownCell as cell } from './escape';
import { formatQuantity, formatWeek, type FormattedQuantity } from './number-format';

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

function figureRows(figures: FigureRow[], compared: boolean): string[][] {
  return figures.map((f) => [
    cell(f.label) + (f.note ? `（${cell(f.note)}）` : ''),
    figure(f.value),
    ...(compared
      ? [f.previous ? figure(f.previous) : '—', cell(f.change) + (f.basis ? `（${cell(f.basis)}）` : '')]
      : []),
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
  const c = contentOf(doc);
  let tableNumber = 0;
  const caption = (text: string): string => `**表${++tableNumber}\u3000${md(text)}**`;
  const out: string[] = [];
  if (c.orgLine) out.push(`**${md(c.orgLine)}**`, '');
  out.push(`# ${md(c.title)}`, '');
  if (c.subtitle) out.push(`> ${md(c.subtitle)}`, '');

  out.push(`## ${md(c.overviewHeading)}`, '');
  for (const paragraph of c.overview) out.push(md(paragraph), '');
  if (c.comparisonNote) out.push(md(c.comparisonNote), '');
  const panels = c.trendCaption ? trendPanels(doc) : [];
  if (c.trendCaption && panels.length > 0) {
    const months = panels[0]?.months.map((month) => month.label) ?? [];
    out.push(
      `**${md(c.trendCaption)}**`,
      '',
      ...table(
        ['指标', ...months.map(cell), '合计'],
        ['left', ...months.map(() => 'right' as const), 'right'],
        panels.map((panel) => [
          `${cell(panel.metric.label)}（${cell(panel.scale.unit)}）`,
          ...panel.months.map((month) => scaledValue(month.value, panel)),
          figure(formatQuantity(panel.metric.value, panel.metric.unit)),
        ]),
      ),
      '',
    );
  }

  for (const theme of c.themes) {
    out.push(`## ${md(theme.heading)}`, '');
    for (const paragraph of theme.lead) out.push(md(paragraph), '');
    for (const hl of theme.highlights) {
      const title = /[。！？；：]$/.test(hl.title) ? hl.title : `${hl.title}。`;
      out.push(`**${md(title)}**${hl.detail ? md(hl.detail) : ''}（${md(hl.source)}）`, '');
    }
    if (theme.showTable) {
      out.push(
        caption(`${theme.title}主要数据`),
        '',
        ...(theme.compared
          ? table(
              ['指标', '本期', `上期（${cell(c.previousPeriodTitle)}）`, md(c.changeHeading)],
              ['left', 'right', 'right', 'left'],
              figureRows(theme.figures, true),
            )
          : table(['指标', '本期'], ['left', 'right'], figureRows(theme.figures, false))),
        '',
      );
    }
  }

  if (c.nextSteps) {
    out.push(`## ${md(c.nextSteps.heading)}`, '');
    for (const paragraph of c.nextSteps.paragraphs) out.push(md(paragraph), '');
  }

  // Markdown cannot right-align without raw HTML; the issuer and date close the text on lines of their own.
  if (c.attachmentNote) out.push(md(c.attachmentNote), '');
  out.push(md(c.signature.issuer), '', md(c.signature.date), '');
  if (c.roundingNote) out.push(md(c.roundingNote), '');

  if (c.appendix) {
    const a = c.appendix;
    out.push('---', '', `**${md(a.label)}**`, '', `## ${md(a.title)}`, '', md(a.coverageSentence), '');
    out.push(
      caption(a.coverageCaption),
      '',
      ...table(
        ['单位', '应报', '已报', '按时', '逾期', '未报', '按时率'],
        ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
        [
          ...a.coverageRows.map((r) => coverageCells(r)),
          ...(a.coverageRows.length > 1 ? [coverageCells(a.coverageTotal, true)] : []),
        ],
      ),
      '',
      caption(a.rankingHeading),
      '',
      ...table(
        ['名次', '单位', '按时报送率', '按时/应报'],
        ['right', 'left', 'right', 'right'],
        a.onTimeRanking.map((r) => [r.rank, cell(r.name), r.rate, `${r.onTime}/${r.expected}`]),
      ),
      '',
    );
    const names = new Map(doc.coverage.byDepartment.map((d) => [d.departmentId, d.name]));
    const gridWeeks = doc.coverage.grid?.[0]?.weeks ?? [];
    if (a.weeklyCoverage) {
      out.push(
        `**${md(a.heatmapCaption)}**`,
        '',
        ...table(
          ['周次', '时间', '按时', '逾期', '未报'],
          ['left', 'left', 'right', 'right', 'right'],
          a.weeklyCoverage.map((row) => [row.week, row.dekad, row.onTime, row.late, row.missing]),
        ),
        '',
      );
    } else if (doc.coverage.grid && gridWeeks.length > 0) {
      const first = gridWeeks[0];
      const last = gridWeeks[gridWeeks.length - 1];
      const span = first && last ? `${formatWeek(first.week)}至${formatWeek(last.week)}` : '逐周';
      out.push(
        `**${md(a.heatmapCaption)}**`,
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
        '图例：● 按时 ◐ 逾期 ✕ 未报 · 无需报送 ○ 未到期',
        '',
      );
    }
  }

  return out.join('\n');
}
