/**
 * The two inline SVG charts of the HTML document: the weekly trend of the leading figures and the
 * department × week coverage heat map. Plain SVG strings with no script, no external reference and every
 * piece of report text escaped; geometry is computed with decimal.js like every other figure.
 */
import { byDepartmentName } from './display-order';
import Decimal from 'decimal.js';
import type { MetricSummary, SummaryDocument, WeekStatus } from '../summary';
import { escapeHtml } from './escape';
import { compareDecimal, formatQuantity, formatWeek, fractionOf, isZero } from './number-format';

export const TREND_CHART_ID = 'chart-weekly-trend';
export const HEATMAP_CHART_ID = 'chart-coverage-heatmap';

const TREND_METRIC_COUNT = 3;

/**
 * The figures worth a trend line: the `sum` metrics with the largest values (weekly sums of a `latest` or
 * `max` figure mean nothing), in descending order, ties in catalog order.
 */
export function trendMetrics(doc: SummaryDocument, count = TREND_METRIC_COUNT): MetricSummary[] {
  return doc.metrics
    .map((metric, index) => ({ metric, index }))
    .filter(({ metric }) => metric.aggregate === 'sum' && !isZero(metric.value) && metric.weekly.length > 0)
    .sort((a, b) => compareDecimal(b.metric.value, a.metric.value) || a.index - b.index)
    .slice(0, count)
    .map(({ metric }) => metric);
}

/** The largest weekly value of a series and the week it fell in (the first such week). */
export function weeklyPeak(metric: MetricSummary): { week: string; value: string } | undefined {
  let peak: { week: string; value: string } | undefined;
  for (const point of metric.weekly) {
    if (peak === undefined || compareDecimal(point.value, peak.value) > 0) peak = point;
  }
  return peak;
}

function px(value: Decimal.Value): string {
  return new Decimal(value).toDecimalPlaces(1).toFixed();
}

/** Cuts a label to `max` characters (not UTF-16 units) so it fits its column; the full text goes in a tooltip. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const TREND = {
  width: 720,
  left: 40,
  right: 12,
  top: 6,
  panelHeight: 96,
  titleHeight: 22,
  barArea: 56,
  axisHeight: 26,
  colours: ['#1f5f99', '#b5522b', '#3a7d44'],
};

/**
 * Small multiples, one panel per figure, each scaled to its own peak so a figure in 元 does not flatten one
 * in 人次; the panel title gives the total and the peak so the scale is never implied.
 */
export function renderTrendChart(doc: SummaryDocument): string {
  const metrics = trendMetrics(doc);
  const label = `周度趋势：${metrics.map((m) => m.label).join('、') || '暂无数据'}`;
  const weeks = metrics[0]?.weekly.map((p) => p.week) ?? [];
  const plotWidth = new Decimal(TREND.width - TREND.left - TREND.right);
  const height = TREND.top + Math.max(1, metrics.length) * TREND.panelHeight + TREND.axisHeight;
  const parts: string[] = [];
  parts.push(
    `<svg id="${TREND_CHART_ID}" class="chart" viewBox="0 0 ${TREND.width} ${height}" role="img" aria-label="${escapeHtml(label)}">`,
    `<title>${escapeHtml(label)}</title>`,
  );
  if (metrics.length === 0) {
    parts.push(
      `<text x="${TREND.width / 2}" y="50" text-anchor="middle" class="muted">本期暂无可绘制的周度数据</text>`,
    );
  }
  const column = weeks.length === 0 ? plotWidth : plotWidth.dividedBy(weeks.length);
  const barWidth = column.times(0.7);
  metrics.forEach((metric, index) => {
    const colour = TREND.colours[index % TREND.colours.length] ?? '#1f5f99';
    const top = TREND.top + index * TREND.panelHeight;
    const baseline = top + TREND.titleHeight + TREND.barArea;
    const peak = weeklyPeak(metric);
    const total = formatQuantity(metric.value, metric.unit);
    const peakText = peak
      ? `，单周最高 ${formatQuantity(peak.value, metric.unit).text}（${formatWeek(peak.week)}）`
      : '';
    parts.push(
      `<g class="panel">`,
      `<text x="${TREND.left}" y="${top + 15}" class="panel-title"><tspan fill="${colour}" font-weight="bold">■ ${escapeHtml(metric.label)}</tspan><tspan class="muted"> 合计 ${escapeHtml(total.text)}${escapeHtml(peakText)}</tspan></text>`,
      `<line x1="${TREND.left}" y1="${baseline}" x2="${TREND.width - TREND.right}" y2="${baseline}" stroke="#999" stroke-width="0.8"/>`,
      `<line x1="${TREND.left}" y1="${baseline - TREND.barArea}" x2="${TREND.width - TREND.right}" y2="${baseline - TREND.barArea}" stroke="#ddd" stroke-width="0.6" stroke-dasharray="3 3"/>`,
      `<text x="${TREND.left - 4}" y="${baseline - TREND.barArea + 4}" text-anchor="end" class="axis">峰值</text>`,
      `<text x="${TREND.left - 4}" y="${baseline + 3}" text-anchor="end" class="axis">0</text>`,
    );
    metric.weekly.forEach((point, i) => {
      if (isZero(point.value) || peak === undefined) return;
      const barHeight = fractionOf(point.value, peak.value).times(TREND.barArea);
      const x = column.times(i).plus(TREND.left).plus(column.minus(barWidth).dividedBy(2));
      parts.push(
        `<rect x="${px(x)}" y="${px(new Decimal(baseline).minus(barHeight))}" width="${px(barWidth)}" height="${px(barHeight)}" fill="${colour}"><title>${escapeHtml(`${formatWeek(point.week)}:${formatQuantity(point.value, metric.unit).exact}`)}</title></rect>`,
      );
    });
    parts.push(`</g>`);
  });
  const axisY = TREND.top + Math.max(1, metrics.length) * TREND.panelHeight + 4;
  weeks.forEach((week, i) => {
    const x = column.times(i).plus(TREND.left).plus(column.dividedBy(2));
    parts.push(
      `<text x="${px(x)}" y="${axisY + 8}" text-anchor="middle" class="axis">${escapeHtml(formatWeek(week).replace(/[第周]/g, ''))}</text>`,
    );
  });
  if (weeks.length > 0) {
    parts.push(
      `<text x="${TREND.width - TREND.right}" y="${axisY + 21}" text-anchor="end" class="axis">周次（各图按自身峰值缩放）</text>`,
    );
  }
  parts.push(`</svg>`);
  return parts.join('\n');
}

export const STATUS_STYLE: Record<WeekStatus, { label: string; fill: string; mark: string }> = {
  'on-time': { label: '按时报送', fill: '#4a9a6a', mark: '' },
  late: { label: '逾期报送', fill: '#e3a33b', mark: '迟' },
  missing: { label: '未报送', fill: '#c0392b', mark: '缺' },
  'not-expected': { label: '无需报送', fill: '#e4e4e4', mark: '' },
  'not-due': { label: '尚未到期', fill: '#ffffff', mark: '' },
};

const STATUS_ORDER: WeekStatus[] = ['on-time', 'late', 'missing', 'not-expected', 'not-due'];

const HEAT = { labelWidth: 150, cell: 20, gap: 2, top: 22, right: 6, legendHeight: 34 };

/** Rows of departments, columns of weeks, one coloured cell per department-week; marks keep it legible in grey. */
export function renderCoverageHeatmap(doc: SummaryDocument): string {
  const names = new Map(doc.departments.map((d) => [d.departmentId, d.name]));
  for (const c of doc.coverage.byDepartment) names.set(c.departmentId, c.name);
  const rows = byDepartmentName(doc, doc.coverage.grid);
  const weeks = rows[0]?.weeks.map((w) => w.week) ?? [];
  const step = HEAT.cell + HEAT.gap;
  const width = HEAT.labelWidth + Math.max(weeks.length, 10) * step + HEAT.right;
  const gridHeight = Math.max(rows.length, 1) * step;
  const height = HEAT.top + gridHeight + HEAT.legendHeight;
  const label = '各单位逐周报送情况热力图';
  const parts: string[] = [
    `<svg id="${HEATMAP_CHART_ID}" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
  ];
  weeks.forEach((week, i) => {
    const x = HEAT.labelWidth + i * step + HEAT.cell / 2;
    parts.push(
      `<text x="${x}" y="${HEAT.top - 7}" text-anchor="middle" class="axis">${escapeHtml(formatWeek(week).replace(/[第周]/g, ''))}</text>`,
    );
  });
  if (rows.length === 0) {
    parts.push(`<text x="${HEAT.labelWidth}" y="${HEAT.top + 14}" class="muted">暂无报送记录</text>`);
  }
  rows.forEach((row, r) => {
    const y = HEAT.top + r * step;
    const name = names.get(row.departmentId) ?? row.departmentId;
    parts.push(
      `<text x="${HEAT.labelWidth - 8}" y="${y + 14}" text-anchor="end" class="row-label"><title>${escapeHtml(name)}</title>${escapeHtml(truncate(name, 9))}</text>`,
    );
    row.weeks.forEach((cell, i) => {
      const style = STATUS_STYLE[cell.status];
      const x = HEAT.labelWidth + i * step;
      const stroke = cell.status === 'not-due' ? ' stroke="#aaa" stroke-dasharray="2 2"' : '';
      parts.push(
        `<rect x="${x}" y="${y}" width="${HEAT.cell}" height="${HEAT.cell}" rx="2" fill="${style.fill}"${stroke}><title>${escapeHtml(`${name} ${formatWeek(cell.week)}:${style.label}`)}</title></rect>`,
      );
      if (style.mark) {
        parts.push(
          `<text x="${x + HEAT.cell / 2}" y="${y + 14}" text-anchor="middle" class="cell-mark">${style.mark}</text>`,
        );
      }
    });
  });
  const legendY = HEAT.top + gridHeight + 12;
  STATUS_ORDER.forEach((status, i) => {
    const style = STATUS_STYLE[status];
    const x = HEAT.labelWidth + i * 96;
    const stroke = status === 'not-due' ? ' stroke="#aaa" stroke-dasharray="2 2"' : '';
    parts.push(
      `<rect x="${x}" y="${legendY}" width="14" height="14" rx="2" fill="${style.fill}"${stroke}/>`,
      style.mark
        ? `<text x="${x + 7}" y="${legendY + 11}" text-anchor="middle" class="cell-mark small">${style.mark}</text>`
        : '',
      `<text x="${x + 19}" y="${legendY + 11}" class="legend">${style.label}</text>`,
    );
  });
  parts.push(
    `<text x="${HEAT.labelWidth - 8}" y="${legendY + 11}" text-anchor="end" class="axis">图例</text>`,
    `</svg>`,
  );
  return parts.filter((p) => p !== '').join('\n');
}
