/**
 * The summary as one self-contained, printable HTML page: inline CSS and inline SVG only, no script, no
 * request for anything (fonts come from the reader's machine), A4 print rules with page numbers "— 1 —".
 * Same sections in the same order as the Word document, in the same faces (title 小标宋, body 仿宋,
 * headings 黑体 and 楷体, each with the fallbacks a Linux or Mac reader has). Every piece of report or
 * editorial text goes through escapeHtml.
 */
import type { SummaryDocument } from '../summary';
import { renderCoverageHeatmap, renderTrendChart } from './charts';
import {
  type CoverageRow,
  type DocumentContent,
  type FigureRow,
  type HighlightItem,
  type ThemeContent,
} from './content';
import { contentOf } from './content-once';
import { escapeHtml as h } from './escape';
import type { FormattedNumber } from './number-format';

const TITLE_FACE = `"FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "STZhongsong", "华文中宋", "Noto Serif CJK SC", "Source Han Serif SC", serif`;
const BODY_FACE = `"FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC", serif`;
const HEI_FACE = `"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`;
const KAI_FACE = `"KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "华文楷体", "Noto Serif CJK SC", serif`;
const TABLE_FACE = `"SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif`;

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font-family: ${TABLE_FACE}; font-size: 14pt; } }
* { box-sizing: border-box; }
html { background: #f3f1ec; }
body { margin: 0; font-family: ${BODY_FACE}; font-size: 16pt; line-height: 28pt; color: #000; }
.page { max-width: 210mm; margin: 0 auto; padding: 30mm 26mm 30mm 28mm; background: #fff; }
.masthead { text-align: center; margin-bottom: 8mm; }
/* Centred as in the Word file: the general "p" rule would justify the organisation line to the left. */
.masthead p { text-indent: 0; text-align: center; }
.org { margin: 0 0 3mm; font-family: ${HEI_FACE}; font-size: 16pt; letter-spacing: 0.1em; }
h1 { margin: 0; font-family: ${TITLE_FACE}; font-size: 22pt; line-height: 1.5; font-weight: normal; }
.subtitle { margin: 3mm 0 0; font-family: ${KAI_FACE}; font-size: 14pt; line-height: 1.5; }
h2 { font-family: ${HEI_FACE}; font-size: 16pt; font-weight: normal; margin: 6mm 0 2mm; text-indent: 2em; break-after: avoid; page-break-after: avoid; }
h3 { font-family: ${KAI_FACE}; font-size: 16pt; font-weight: normal; margin: 3mm 0 1mm; text-indent: 2em; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.highlight strong { font-family: ${KAI_FACE}; font-weight: bold; }
p.highlight .who { font-family: ${KAI_FACE}; }
p.caption { text-indent: 0; text-align: center; font-family: ${HEI_FACE}; font-size: 12pt; line-height: 1.6; margin: 2mm 0 1mm; break-after: avoid; page-break-after: avoid; }
figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-family: ${HEI_FACE}; font-size: 12pt; text-align: center; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; font-family: ${TABLE_FACE}; font-size: 10.5pt; line-height: 1.5; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: 1mm 1.6mm; vertical-align: middle; }
th { font-family: ${HEI_FACE}; font-weight: normal; text-align: center; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { word-break: break-all; }
tr.total td { font-family: ${HEI_FACE}; }
.note { font-size: 9pt; }
.exact { display: block; color: #555; font-size: 8.5pt; }
.signature { margin-top: 10mm; text-align: right; text-indent: 0; padding-right: 4em; break-inside: avoid; page-break-inside: avoid; }
.signature p { text-indent: 0; text-align: right; }
.appendix { break-before: page; page-break-before: always; margin-top: 10mm; }
.appendix .attachment-label { font-family: ${HEI_FACE}; text-indent: 0; }
.appendix h2 { text-indent: 0; text-align: center; font-family: ${TITLE_FACE}; font-size: 22pt; line-height: 1.5; margin: 6mm 0 4mm; }
p.attachment-note { margin-top: 28pt; }
p.annotation { margin-top: 4mm; font-size: 12pt; line-height: 1.6; }
svg.chart { display: block; width: 100%; height: auto; font-family: ${HEI_FACE}; }
svg .panel-title { font-size: 13px; }
svg .muted { fill: #555; }
svg .axis { font-size: 10px; fill: #444; }
svg .value { font-size: 10px; fill: #111; }
svg .row-label { font-size: 11px; fill: #222; }
svg .legend { font-size: 11px; fill: #333; }
svg .cell-mark { font-size: 10px; fill: #fff; font-weight: 700; }
svg .cell-mark.small { font-size: 9px; }
@media print {
  html { background: #fff; }
  .page { max-width: none; padding: 0; margin: 0; }
}
`;

/**
 * " keep" for a table short enough to stay on one page, as the Word file keeps it; a longer one breaks
 * between rows, its header repeated.
 */
const KEEP_TOGETHER_ROWS = 16;
function keep(rows: number): string {
  return rows <= KEEP_TOGETHER_ROWS ? ' keep' : '';
}

/** Escaped text with its own line breaks kept. */
function lines(text: string): string {
  return h(text).replace(/\r\n?|\n/g, '<br>');
}

/** A figure with its exact value kept: in a tooltip always, and printed beneath when the text is rounded. */
function figureHtml(figure: FormattedNumber): string {
  const exactNote = figure.approximate ? `<span class="exact">（${h(figure.exact)}）</span>` : '';
  return `<span class="fig" title="${h(figure.exact)}">${h(figure.text)}</span>${exactNote}`;
}

function labelHtml(figure: FigureRow): string {
  return `${h(figure.label)}${figure.note ? `<span class="note">（${h(figure.note)}）</span>` : ''}`;
}

/** A theme's figures; the 上期 and 较上期 columns only when some figure has a comparison. */
function figuresTable(theme: ThemeContent, c: DocumentContent): string {
  const rows = theme.figures.map(
    (f) =>
      `<tr><td>${labelHtml(f)}</td><td class="num">${figureHtml(f.value)}</td>` +
      (theme.compared
        ? `<td class="num">${f.previous ? figureHtml(f.previous) : '—'}</td>` +
          `<td>${h(f.change)}${f.basis ? `<span class="note">（${h(f.basis)}）</span>` : ''}</td>`
        : '') +
      `</tr>`,
  );
  return [
    `<table class="figures${keep(theme.figures.length)}">`,
    theme.compared
      ? `<colgroup><col style="width:32%"><col style="width:15%"><col style="width:20%"><col style="width:33%"></colgroup>`
      : `<colgroup><col style="width:70%"><col style="width:30%"></colgroup>`,
    `<thead><tr><th>指标</th><th class="num">本期</th>` +
      (theme.compared
        ? `<th class="num">上期（${h(c.previousPeriodTitle)}）</th><th>${h(c.changeHeading)}</th>`
        : '') +
      `</tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join('\n');
}

function highlightHtml(hl: HighlightItem): string {
  const title = /[。！？；：]$/.test(hl.title) ? hl.title : `${hl.title}。`;
  return (
    `<p class="highlight"><strong>${lines(title)}</strong>${hl.detail ? lines(hl.detail) : ''}` +
    `<span class="who">（${h(hl.source)}）</span></p>`
  );
}

function coverageRowHtml(row: CoverageRow, className = ''): string {
  const cells = [row.expected, row.submitted, row.onTime, row.late, row.missing, row.onTimeRate]
    .map((c) => `<td class="num">${h(c)}</td>`)
    .join('');
  return `<tr${className ? ` class="${className}"` : ''}><td class="name">${h(row.name)}</td>${cells}</tr>`;
}

export function renderHtml(doc: SummaryDocument): string {
  const c = contentOf(doc);
  let tableNumber = 0;
  const caption = (text: string): string => `<p class="caption">表${++tableNumber}\u3000${h(text)}</p>`;
  const out: string[] = [];
  out.push(
    `<!DOCTYPE html>`,
    `<html lang="zh-CN">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="Showcase">`,
    `<meta name="description" content="${h(c.provenance)}">`,
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

  out.push(`<section id="overview">`, `<h2>${h(c.overviewHeading)}</h2>`);
  for (const paragraph of c.overview) out.push(`<p>${lines(paragraph)}</p>`);
  if (c.comparisonNote) out.push(`<p>${h(c.comparisonNote)}</p>`);
  if (c.trendCaption) {
    out.push(`<figure>`, renderTrendChart(doc), `<figcaption>${h(c.trendCaption)}</figcaption>`, `</figure>`);
  }
  out.push(`</section>`);

  for (const theme of c.themes) {
    out.push(`<section class="theme" id="theme-${h(theme.id)}">`, `<h2>${h(theme.heading)}</h2>`);
    for (const paragraph of theme.lead) out.push(`<p>${lines(paragraph)}</p>`);
    for (const hl of theme.highlights) out.push(highlightHtml(hl));
    if (theme.showTable) out.push(caption(`${theme.title}主要数据`), figuresTable(theme, c));
    out.push(`</section>`);
  }

  if (c.nextSteps) {
    out.push(`<section id="next-steps">`, `<h2>${h(c.nextSteps.heading)}</h2>`);
    for (const paragraph of c.nextSteps.paragraphs) out.push(`<p>${lines(paragraph)}</p>`);
    out.push(`</section>`);
  }

  // The 附件说明: a blank line under the text, two characters in (GB/T 9704 7.3.4).
  if (c.attachmentNote) out.push(`<p class="attachment-note">${h(c.attachmentNote)}</p>`);
  out.push(
    `<div class="signature">`,
    `<p>${h(c.signature.issuer)}</p>`,
    `<p>${h(c.signature.date)}</p>`,
    `</div>`,
    c.roundingNote ? `<p class="annotation">${h(c.roundingNote)}</p>` : '',
  );

  if (c.appendix) {
    const a = c.appendix;
    out.push(
      `<section class="appendix" id="appendix">`,
      `<p class="attachment-label">${h(a.label)}</p>`,
      `<h2>${h(a.title)}</h2>`,
      `<p>${h(a.coverageSentence)}</p>`,
      caption(a.coverageCaption),
      `<table class="coverage${keep(a.coverageRows.length + 1)}"><thead><tr><th>单位</th><th class="num">应报</th><th class="num">已报</th><th class="num">按时</th><th class="num">逾期</th><th class="num">未报</th><th class="num">按时率</th></tr></thead><tbody>`,
      ...a.coverageRows.map((r) => coverageRowHtml(r)),
      ...(a.coverageRows.length > 1 ? [coverageRowHtml(a.coverageTotal, 'total')] : []),
      `</tbody></table>`,
      caption(a.rankingHeading),
      `<table class="ranking${keep(a.onTimeRanking.length)}"><thead><tr><th class="num">名次</th><th>单位</th><th class="num">按时报送率</th><th class="num">按时/应报</th></tr></thead><tbody>`,
      ...a.onTimeRanking.map(
        (r) =>
          `<tr><td class="num">${h(r.rank)}</td><td class="name">${h(r.name)}</td><td class="num">${h(r.rate)}</td><td class="num">${h(r.onTime)}/${h(r.expected)}</td></tr>`,
      ),
      `</tbody></table>`,
      `<figure>`,
      renderCoverageHeatmap(doc),
      `<figcaption>${h(a.heatmapCaption)}</figcaption>`,
      `</figure>`,
      `</section>`,
    );
  }

  out.push(`</main>`, `</body>`, `</html>`);
  return `${out.filter((line) => line !== '').join('\n')}\n`;
}
