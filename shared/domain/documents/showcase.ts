/**
 * The weekly showcase (周晒): what a week's summary looks like in the work group, on a phone. Short on
 * purpose: the week's highlights by theme with their departments, the week's figures against the week
 * before (环比), and who reported on time, late or not at all. HTML and Markdown, both pure functions of
 * the week's SummaryDocument.
 */
import { periodTitle, weekDates } from '../calendar';
import type { SummaryDocument } from '../summary';
import { byDepartmentName } from './display-order';
import { escapeHtml as html, escapeMarkdown as md } from './escape';
import { describeChange, formatQuantity, isZero, type FormattedNumber } from './number-format';

export interface ShowcaseContent {
  title: string;
  subtitle: string;
  themes: { title: string; highlights: { title: string; departmentName: string }[] }[];
  /** Numbers are generated text (digits, 万/亿, 约, 持平); the label and the unit come from the catalog. */
  figures: {
    label: string;
    unit: string;
    value: FormattedNumber;
    previous: FormattedNumber | null;
    change: string;
  }[];
  onTime: string[];
  late: string[];
  missing: string[];
}

/**
 * A figure as documents show it, with its unit (escaped by the caller for its format): rounded to 万/亿
 * where that reads better, and then the exact value beside it.
 */
function figureText(value: FormattedNumber | null, unit: string): string {
  if (value === null) return '—';
  return value.approximate ? `${value.text}${unit}（${value.exact}${unit}）` : `${value.text}${unit}`;
}

/** What the change says when no department reported the figure in both weeks (the first week, a new unit). */
const NO_COMPARISON = '无同口径数据';

/** Everything the showcase shows, as text: both renderers only lay it out. */
export function showcaseContent(doc: SummaryDocument): ShowcaseContent {
  const week = doc.period;
  const labels = new Map(doc.metrics.map((metric) => [metric.metric, metric]));
  const names = (select: (row: SummaryDocument['coverage']['byDepartment'][number]) => boolean) =>
    byDepartmentName(doc, doc.coverage.byDepartment.filter(select)).map((row) => row.name);
  return {
    // No ASCII space inside a Chinese title.
    title: `${doc.scopeName}周晒`,
    subtitle: `${periodTitle(week)}（${weekDates(week)}）`,
    themes: doc.themes
      .filter((theme) => theme.highlights.length > 0)
      .map((theme) => ({
        title: theme.title,
        highlights: theme.highlights.map((highlight) => ({
          title: highlight.title,
          departmentName: highlight.departmentName,
        })),
      })),
    // Only what moved this week or the week before: a phone screen has no room for a row of zeros. The
    // comparison is like for like: the departments that reported the figure both weeks.
    figures: doc.metrics
      .filter(
        (metric) =>
          !isZero(metric.value) || (metric.comparison !== null && !isZero(metric.comparison.previous)),
      )
      .map((metric) => {
        const unit = labels.get(metric.metric)?.unit ?? '';
        const comparison = metric.comparison;
        return {
          label: metric.label,
          unit,
          value: formatQuantity(metric.value, unit).number,
          previous: comparison === null ? null : formatQuantity(comparison.previous, unit).number,
          // Worded as official documents word it ("增加30人次，增长71.4%"), never "+30".
          // No department reported the figure both weeks: say so rather than show a bare dash.
          change:
            comparison === null
              ? NO_COMPARISON
              : describeChange(comparison.change, comparison.changeRate, unit, '上周'),
        };
      }),
    onTime: names((row) => row.onTime > 0),
    late: names((row) => row.late > 0),
    missing: names((row) => row.missing > 0),
  };
}

export function renderShowcaseMarkdown(doc: SummaryDocument): string {
  const content = showcaseContent(doc);
  const lines = [`# ${md(content.title)}`, '', `**${md(content.subtitle)}**`, ''];
  lines.push('## 本周亮点', '');
  if (content.themes.length === 0) lines.push('本周没有报送亮点。', '');
  for (const theme of content.themes) {
    lines.push(`### ${md(theme.title)}`, '');
    for (const highlight of theme.highlights)
      lines.push(`- ${md(highlight.title)}（${md(highlight.departmentName)}）`);
    lines.push('');
  }
  lines.push('## 本周数据（环比上周）', '');
  if (content.figures.length === 0) lines.push('本周没有报送数据。', '');
  for (const figure of content.figures)
    lines.push(
      figure.previous === null
        ? `- ${md(figure.label)}：**${figureText(figure.value, md(figure.unit))}**（上周${NO_COMPARISON}）`
        : `- ${md(figure.label)}：**${figureText(figure.value, md(figure.unit))}**（上周 ${figureText(figure.previous, md(figure.unit))}，${figure.change}）`,
    );
  lines.push('', '## 报送情况', '');
  lines.push(`- 按时：${content.onTime.map(md).join('、') || '无'}`);
  lines.push(`- 逾期：${content.late.map(md).join('、') || '无'}`);
  lines.push(`- 未报：${content.missing.map(md).join('、') || '无'}`);
  return lines.join('\n') + '\n';
}

/**
 * The page: on a phone (under 30rem) the figures table turns into one block per figure, its label on a
 * line of its own and 本周/上周/环比 labelled below it; four columns at 360 px squeeze each label into
 * two or three characters a line.
 */
export function renderShowcaseHtml(doc: SummaryDocument): string {
  const content = showcaseContent(doc);
  const list = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const themes = content.themes.length
    ? content.themes
        .map(
          (theme) =>
            `<h3>${html(theme.title)}</h3>` +
            list(
              theme.highlights.map(
                (h) => `${html(h.title)}<span class="dept">${html(h.departmentName)}</span>`,
              ),
            ),
        )
        .join('')
    : '<p>本周没有报送亮点。</p>';
  const figures = content.figures.length
    ? `<table><thead><tr><th>指标</th><th>本周</th><th>上周</th><th>环比</th></tr></thead><tbody>${content.figures
        .map(
          (f) =>
            `<tr><td>${html(f.label)}</td><td data-label="本周">${html(figureText(f.value, f.unit))}</td><td data-label="上周">${html(figureText(f.previous, f.unit))}</td><td data-label="环比">${html(f.change)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>本周没有报送数据。</p>';
  const names = (items: string[]) => (items.length ? items.map(html).join('、') : '无');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(content.title)} ${html(content.subtitle)}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:40rem;padding:1rem;line-height:1.6;color:#1f2328}
h1{font-size:1.4rem;margin:0}h2{font-size:1.15rem;border-bottom:2px solid #c8102e;padding-bottom:.2rem;margin-top:1.5rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}ul{padding-left:1.2rem;margin:.3rem 0}.dept{color:#57606a;margin-left:.4em;font-size:.9em}
.dept::before{content:"— "}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #d0d7de;padding:.3rem;text-align:left}
td+td,th+th{text-align:right}.sub{color:#57606a;margin:.2rem 0 0}dt{font-weight:600}dd{margin:0 0 .4rem}
@media (max-width:30rem){table,tbody,tr,td{display:block}thead{display:none}tr{border-bottom:1px solid #d0d7de;padding:.4rem 0}
td,td+td{border:0;padding:0;text-align:left}td:first-child{font-weight:600}
td[data-label]{display:inline-block;margin-right:1em}td[data-label]::before{content:attr(data-label) " ";color:#57606a;font-size:.85em}
td[data-label="环比"]{display:block;margin:0}}
</style>
</head>
<body>
<header><h1>${html(content.title)}</h1><p class="sub">${html(content.subtitle)}</p></header>
<section><h2>本周亮点</h2>${themes}</section>
<section><h2>本周数据（环比上周）</h2>${figures}</section>
<section><h2>报送情况</h2><dl><dt>按时</dt><dd>${names(content.onTime)}</dd><dt>逾期</dt><dd>${names(content.late)}</dd><dt>未报</dt><dd>${names(content.missing)}</dd></dl></section>
</body>
</html>
`;
}
