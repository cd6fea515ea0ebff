/**
 * The summary as one self-contained, printable HTML page: inline CSS and inline SVG only, no script, no
 * request for anything (fonts come from the reader's machine), A4 print rules. Every piece of report text
 * goes through escapeHtml.
 */
import type { SummaryDocument } from '../summary';
import { renderCoverageHeatmap, renderTrendChart } from './charts';
import { buildContent, type CoverageRow, type FigureRow } from './content';
import { escapeHtml as h } from './escape';
import type { FormattedChange, FormattedNumber } from './number-format';

const SERIF = `"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", serif`;
const SANS = `"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "微软雅黑", "SimHei", "黑体", sans-serif`;

const CSS = `
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #f3f1ec; }
body { margin: 0; font-family: ${SERIF}; font-size: 11pt; line-height: 1.75; color: #1a1a1a; }
.page { max-width: 210mm; margin: 0 auto; padding: 16mm 16mm 14mm; background: #fff; }
.masthead { text-align: center; border-bottom: 2px solid #b71c1c; padding-bottom: 4mm; margin-bottom: 5mm; }
.org { margin: 0 0 2mm; color: #b71c1c; font-family: ${SANS}; font-weight: 700; letter-spacing: 0.3em; font-size: 12pt; }
h1 { margin: 0; font-size: 20pt; line-height: 1.4; font-weight: 700; }
.subtitle { margin: 2mm 0 0; font-size: 10pt; color: #555; font-family: ${SANS}; }
h2, h3 { font-family: ${SANS}; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 14pt; margin: 7mm 0 2.5mm; padding-left: 2.5mm; border-left: 4px solid #b71c1c; line-height: 1.4; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; color: #333; }
p { margin: 0 0 2mm; text-indent: 2em; }
p.plain, figcaption, .notes p { text-indent: 0; }
.headline { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; list-style: none; padding: 0; margin: 3mm 0; }
.headline li { border: 1px solid #e2d6d0; background: #fbf7f4; border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; page-break-inside: avoid; }
.headline .value { display: block; font-family: ${SANS}; font-size: 17pt; font-weight: 700; color: #9b1c1c; line-height: 1.3; }
.headline .label { display: block; font-size: 9.5pt; color: #444; line-height: 1.4; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-family: ${SANS}; font-size: 9.5pt; line-height: 1.45; break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bdb5ad; padding: 1.2mm 2mm; vertical-align: top; }
th { background: #efe9e4; font-weight: 700; text-align: center; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { word-break: break-all; }
tr.total td { font-weight: 700; background: #faf7f4; }
.note { color: #777; font-size: 8.5pt; }
.exact { display: block; color: #777; font-size: 8pt; }
.up { color: #a3251d; }
.down { color: #1f5f99; }
.flat, .none { color: #666; }
ul.highlights { margin: 1mm 0 3mm; padding-left: 1.4em; }
ul.highlights li { margin-bottom: 1.5mm; break-inside: avoid; page-break-inside: avoid; }
ul.highlights .who { color: #666; font-size: 9.5pt; font-family: ${SANS}; white-space: nowrap; }
.empty { color: #777; text-indent: 0; }
.theme, .block { break-inside: auto; }
figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-family: ${SANS}; font-size: 9.5pt; color: #444; margin-top: 1mm; text-align: center; }
svg.chart { display: block; width: 100%; height: auto; font-family: ${SANS}; }
svg .panel-title { font-size: 12px; }
svg .muted { fill: #666; }
svg .axis { font-size: 9px; fill: #555; }
svg .row-label { font-size: 11px; fill: #222; }
svg .legend { font-size: 11px; fill: #333; }
svg .cell-mark { font-size: 10px; fill: #fff; font-weight: 700; }
svg .cell-mark.small { font-size: 9px; }
.two-col { display: grid; grid-template-columns: 3fr 2fr; gap: 4mm; align-items: start; }
.notes { margin-top: 6mm; border-top: 1px solid #ccc; padding-top: 2mm; font-size: 8.5pt; color: #555; font-family: ${SANS}; line-height: 1.6; }
@media print {
  html { background: #fff; }
  .page { max-width: none; padding: 0; margin: 0; }
  .headline li { background: #fff; }
}
`;

/** Escaped text with a report's own line breaks kept. */
function lines(text: string): string {
  return h(text).replace(/\r\n?|\n/g, '<br>');
}

/** A figure with its exact value kept: in a tooltip always, and printed beneath when the text is rounded. */
function figureHtml(figure: FormattedNumber): string {
  const exactNote = figure.approximate ? `<span class="exact">（${h(figure.exact)}）</span>` : '';
  return `<span class="fig" title="${h(figure.exact)}">${h(figure.text)}</span>${exactNote}`;
}

const ARROWS: Record<FormattedChange['direction'], string> = { up: '↑ ', down: '↓ ', flat: '', none: '' };

function changeHtml(change: FormattedChange): string {
  const exactNote = change.approximate ? `<span class="exact">（${h(change.exact)}）</span>` : '';
  return `<span class="${change.direction}" title="${h(change.exact)}">${ARROWS[change.direction]}${h(change.text)}</span>${exactNote}`;
}

function labelHtml(figure: FigureRow): string {
  return `${h(figure.label)}${figure.note ? ` <span class="note">（${h(figure.note)}）</span>` : ''}`;
}

function figuresTable(figures: FigureRow[], previousPeriodTitle: string): string {
  if (figures.length === 0) return `<p class="empty">本期暂无该方面的统计数据。</p>`;
  const rows = figures.map(
    (f) =>
      `<tr><td>${labelHtml(f)}</td><td class="num">${figureHtml(f.value)}</td>` +
      `<td class="num">${f.previous ? figureHtml(f.previous) : '—'}</td><td class="num">${changeHtml(f.change)}</td></tr>`,
  );
  return [
    `<table class="figures">`,
    `<colgroup><col style="width:46%"><col style="width:19%"><col style="width:19%"><col style="width:16%"></colgroup>`,
    `<thead><tr><th>指标</th><th class="num">本期</th><th class="num">上期（${h(previousPeriodTitle)}）</th><th class="num">较上期</th></tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join('\n');
}

function coverageRowHtml(row: CoverageRow, className = ''): string {
  const cells = [row.expected, row.submitted, row.onTime, row.late, row.missing, row.onTimeRate]
    .map((c) => `<td class="num">${h(c)}</td>`)
    .join('');
  return `<tr${className ? ` class="${className}"` : ''}><td class="name">${h(row.name)}</td>${cells}</tr>`;
}

export function renderHtml(doc: SummaryDocument): string {
  const c = buildContent(doc);
  const out: string[] = [];
  out.push(
    `<!DOCTYPE html>`,
    `<html lang="zh-CN">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="Showcase">`,
    `<title>${h(c.title)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<main class="page">`,
    `<header class="masthead">`,
    c.orgLine ? `<p class="org">${h(c.orgLine)}</p>` : '',
    `<h1>${h(c.title)}</h1>`,
    c.subtitle ? `<p class="subtitle">${h(c.subtitle)}</p>` : '',
    `</header>`,
  );

  out.push(`<section class="block" id="overview">`, `<h2>总体情况</h2>`, `<p>${h(c.overview)}</p>`);
  if (c.headlineFigures.length > 0) {
    out.push(
      `<ul class="headline">`,
      ...c.headlineFigures.map(
        (f) =>
          `<li><span class="value" title="${h(f.value.exact)}">${h(f.value.text)}</span><span class="label">${h(f.label)}</span></li>`,
      ),
      `</ul>`,
    );
  } else {
    out.push(`<p class="empty">本期暂无统计数据。</p>`);
  }
  out.push(
    `<p>${h(c.coverageSentence)}</p>`,
    `<figure>`,
    renderTrendChart(doc),
    `<figcaption>图1 ${h(c.trendHeading)}</figcaption>`,
    `</figure>`,
    `</section>`,
  );

  for (const theme of c.themes) {
    out.push(
      `<section class="theme" id="theme-${h(theme.id)}">`,
      `<h2>${h(theme.heading)}</h2>`,
      `<h3>主要数据</h3>`,
      figuresTable(theme.figures, c.previousPeriodTitle),
      `<h3>工作亮点</h3>`,
    );
    if (theme.highlights.length === 0) {
      out.push(`<p class="empty">本期暂无报送的工作亮点。</p>`);
    } else {
      out.push(
        `<ul class="highlights">`,
        ...theme.highlights.map(
          (hl) =>
            `<li><strong>${lines(hl.title)}</strong>${hl.detail ? `：${lines(hl.detail)}` : ''}` +
            ` <span class="who">——${h(hl.departmentName)}，${h(hl.weekLabel)}</span></li>`,
        ),
        `</ul>`,
      );
    }
    out.push(`</section>`);
  }

  out.push(
    `<section class="block" id="ranking">`,
    `<h2>${h(c.rankingHeading)}</h2>`,
    `<div class="two-col">`,
    `<table class="ranking"><thead><tr><th class="num">名次</th><th>单位</th><th class="num">按时率</th><th class="num">按时/应报</th></tr></thead><tbody>`,
    ...c.onTimeRanking.map(
      (r) =>
        `<tr><td class="num">${h(r.rank)}</td><td class="name">${h(r.name)}</td><td class="num">${h(r.rate)}</td><td class="num">${h(r.onTime)}/${h(r.expected)}</td></tr>`,
    ),
    `</tbody></table>`,
    `<table class="ranking"><thead><tr><th class="num">名次</th><th>单位</th><th class="num">亮点数</th></tr></thead><tbody>`,
    ...c.highlightRanking.map(
      (r) =>
        `<tr><td class="num">${h(r.rank)}</td><td class="name">${h(r.name)}</td><td class="num">${h(r.highlights)}</td></tr>`,
    ),
    `</tbody></table>`,
    `</div>`,
    `</section>`,
  );

  out.push(
    `<section class="block" id="coverage">`,
    `<h2>${h(c.coverageHeading)}</h2>`,
    `<table class="coverage"><thead><tr><th>单位</th><th class="num">应报</th><th class="num">已报</th><th class="num">按时</th><th class="num">逾期</th><th class="num">未报</th><th class="num">按时率</th></tr></thead><tbody>`,
    ...c.coverageRows.map((r) => coverageRowHtml(r)),
    coverageRowHtml(c.coverageTotal, 'total'),
    `</tbody></table>`,
    `<figure>`,
    renderCoverageHeatmap(doc),
    `<figcaption>图2 各单位逐周报送情况</figcaption>`,
    `</figure>`,
    `</section>`,
  );

  out.push(
    `<footer class="notes">`,
    `<p>${h(c.provenance)}</p>`,
    `<p>${h(c.roundingNote)}</p>`,
    `</footer>`,
    `</main>`,
    `</body>`,
    `</html>`,
  );
  return `${out.filter((line) => line !== '').join('\n')}\n`;
}
