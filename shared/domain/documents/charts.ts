/**
 * The two charts of the documents: 图1, the monthly trend of the leading figures, and 图2, the department ×
 * week coverage heat map. Plain SVG strings with no script, no external reference and every
 * piece of report text escaped; geometry is computed with decimal.js like every other figure.
 */
import { byDepartmentName } from './display-order';
import { ExactDecimal } from '../decimal';
import type { MetricSummary, SummaryDocument, WeekStatus } from '../summary';
import { escapeHtml } from './escape';
import { dekadOfWeek } from '../calendar';
import { toDecimalString } from '../decimal';
import { compareDecimal, formatQuantity, formatWeek, fractionOf, isZero } from './number-format';

export const TREND_CHART_ID = 'chart-monthly-trend';
export const HEATMAP_CHART_ID = 'chart-coverage-heatmap';

const TREND_METRIC_COUNT = 4;

/**
 * The figures worth a trend: `sum` metrics only (monthly sums of a `latest` or `max` figure mean nothing),
 * headline ones first, then the largest; at most four, in catalog order so that the chart follows the text.
 */
export function trendMetrics(doc: SummaryDocument, count = TREND_METRIC_COUNT): MetricSummary[] {
  return doc.metrics
    .map((metric, index) => ({ metric, index }))
    .filter(({ metric }) => metric.aggregate === 'sum' && !isZero(metric.value) && metric.weekly.length > 0)
    .sort(
      (a, b) =>
        Number(b.metric.headline) - Number(a.metric.headline) ||
        compareDecimal(b.metric.value, a.metric.value) ||
        a.index - b.index,
    )
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map(({ metric }) => metric);
}

/** One month of a trend: "3月" and the sum of the weeks whose Thursday falls in it. */
export interface MonthPoint {
  label: string;
  value: string;
}

/** A figure's weekly values summed by month (a week belongs to the month of its Thursday), in order. */
export function monthlySeries(metric: MetricSummary, timeZone: string): MonthPoint[] {
  const months: { label: string; total: ExactDecimal }[] = [];
  for (const point of metric.weekly) {
    let label: string;
    try {
      label = `${dekadOfWeek(point.week, timeZone).month}月`;
    } catch {
      label = point.week;
    }
    const last = months[months.length - 1];
    const value = new ExactDecimal(point.value);
    if (last && last.label === label) last.total = last.total.plus(value);
    else months.push({ label, total: value });
  }
  return months.map(({ label, total }) => ({ label, value: toDecimalString(total) }));
}

/**
 * The top of a value axis: the smallest 1, 2 or 5 × 10ⁿ at or above the peak, so the ticks (0, ½, top)
 * are round numbers a reader can take in at a glance.
 */
export function axisTop(peak: string): string {
  const value = new ExactDecimal(peak);
  if (!value.greaterThan(0)) return '1';
  let power = new ExactDecimal(10).toPower(Math.max(0, value.toFixed(0).length - 1));
  while (power.greaterThan(value)) power = power.dividedBy(10);
  for (;;) {
    for (const step of [1, 2, 5]) {
      const top = power.times(step);
      if (top.greaterThanOrEqualTo(value)) return toDecimalString(top);
    }
    power = power.times(10);
  }
}

function px(value: string | number | ExactDecimal): string {
  return new ExactDecimal(value).toDecimalPlaces(1).toFixed();
}

/** Cuts a label to `max` characters (not UTF-16 units) so it fits its column; the full text goes in a tooltip. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const TREND = {
  width: 720,
  columns: 2,
  panelWidth: 340,
  gap: 40,
  left: 52,
  panelHeight: 170,
  titleHeight: 24,
  plotHeight: 100,
  colours: ['#9b1c1c', '#1f5f99', '#3a7d44', '#b5522b'],
};

/** The trend panels' data, shared by the SVG and the Word chart so that 图1 is the same figure in both. */
export interface TrendPanel {
  metric: MetricSummary;
  months: MonthPoint[];
  /** The top of the value axis, shared by every panel in the same unit, in the catalog unit. */
  top: string;
  /** The panel's values are drawn in 万 of the unit when the axis reaches 10万, so labels stay short. */
  scale: { divisor: string; unit: string };
  /** The panel's colour ("#9b1c1c"), the same in the SVG and the Word chart. */
  colour: string;
}

const WAN_SCALE_FROM = new ExactDecimal(100000);

/** A value in the panel's scale, at most two decimals: a label on a chart, not a figure to cite. */
export function scaledValue(value: string, panel: Pick<TrendPanel, 'scale'>): string {
  return toDecimalString(
    new ExactDecimal(value).dividedBy(panel.scale.divisor).toDecimalPlaces(2, ExactDecimal.ROUND_HALF_UP),
  );
}

export function trendPanels(doc: SummaryDocument): TrendPanel[] {
  const metrics = trendMetrics(doc);
  const panels = metrics.map((metric) => ({ metric, months: monthlySeries(metric, doc.timeZone) }));
  const peakByUnit = new Map<string, string>();
  for (const { metric, months } of panels) {
    for (const month of months) {
      const current = peakByUnit.get(metric.unit);
      if (current === undefined || compareDecimal(month.value, current) > 0)
        peakByUnit.set(metric.unit, month.value);
    }
  }
  return panels.map((panel, index) => {
    const top = axisTop(peakByUnit.get(panel.metric.unit) ?? '0');
    const wan = new ExactDecimal(top).greaterThanOrEqualTo(WAN_SCALE_FROM);
    return {
      ...panel,
      top,
      scale: wan
        ? { divisor: '10000', unit: `万${panel.metric.unit}` }
        : { divisor: '1', unit: panel.metric.unit },
      colour: TREND.colours[index % TREND.colours.length] ?? '#9b1c1c',
    };
  });
}

/**
 * Small multiples, one panel per figure: monthly columns with the value printed on each, a labelled value
 * axis (0, half, top), and one scale for every panel in the same unit, so equal heights mean equal amounts.
 */
export function renderTrendChart(doc: SummaryDocument): string {
  const panels = trendPanels(doc);
  const label = `按月走势：${panels.map((p) => p.metric.label).join('、') || '暂无数据'}`;
  const rows = Math.max(1, Math.ceil(panels.length / TREND.columns));
  const height = rows * TREND.panelHeight;
  const parts: string[] = [
    `<svg id="${TREND_CHART_ID}" class="chart" viewBox="0 0 ${TREND.width} ${height}" role="img" aria-label="${escapeHtml(label)}">`,
    `<title>${escapeHtml(label)}</title>`,
  ];
  if (panels.length === 0) {
    parts.push(
      `<text x="${TREND.width / 2}" y="50" text-anchor="middle" class="muted">本期暂无可绘制的数据</text>`,
    );
  }
  panels.forEach((panel, index) => {
    const colour = panel.colour;
    const originX = (index % TREND.columns) * (TREND.panelWidth + TREND.gap);
    const originY = Math.floor(index / TREND.columns) * TREND.panelHeight;
    const plotLeft = originX + TREND.left;
    const plotWidth = new ExactDecimal(TREND.panelWidth - TREND.left);
    const baseline = originY + TREND.titleHeight + 12 + TREND.plotHeight;
    const total = formatQuantity(panel.metric.value, panel.metric.unit, { grouping: false });
    parts.push(
      `<g class="panel">`,
      `<text x="${originX}" y="${originY + 15}" class="panel-title"><tspan fill="${colour}" font-weight="bold">${escapeHtml(truncate(panel.metric.label, 14))}</tspan><tspan class="muted">（合计${escapeHtml(total.text)}）</tspan></text>`,
    );
    const top = new ExactDecimal(panel.top);
    for (const fraction of [0, 0.5, 1]) {
      const y = new ExactDecimal(baseline).minus(new ExactDecimal(TREND.plotHeight).times(fraction));
      const tick = scaledValue(toDecimalString(top.times(fraction)), panel);
      parts.push(
        `<line x1="${plotLeft}" y1="${px(y)}" x2="${originX + TREND.panelWidth}" y2="${px(y)}" stroke="${fraction === 0 ? '#999' : '#e2e2e2'}" stroke-width="0.8"/>`,
        `<text x="${plotLeft - 5}" y="${px(y.plus(3))}" text-anchor="end" class="axis">${escapeHtml(tick)}</text>`,
      );
    }
    parts.push(
      `<text x="${plotLeft - 5}" y="${originY + TREND.titleHeight + 4}" text-anchor="end" class="axis">${escapeHtml(truncate(panel.scale.unit, 5))}</text>`,
    );
    const column = panel.months.length === 0 ? plotWidth : plotWidth.dividedBy(panel.months.length);
    const barWidth = column.times(0.6);
    panel.months.forEach((month, i) => {
      const barHeight = fractionOf(month.value, panel.top).times(TREND.plotHeight);
      const x = column.times(i).plus(plotLeft).plus(column.minus(barWidth).dividedBy(2));
      const centre = column.times(i).plus(plotLeft).plus(column.dividedBy(2));
      const shown = scaledValue(month.value, panel);
      parts.push(
        `<rect x="${px(x)}" y="${px(new ExactDecimal(baseline).minus(barHeight))}" width="${px(barWidth)}" height="${px(barHeight)}" fill="${colour}"><title>${escapeHtml(`${month.label}：${formatQuantity(month.value, panel.metric.unit).exact}`)}</title></rect>`,
        `<text x="${px(centre)}" y="${px(new ExactDecimal(baseline).minus(barHeight).minus(3))}" text-anchor="middle" class="value">${escapeHtml(shown)}</text>`,
        `<text x="${px(centre)}" y="${baseline + 13}" text-anchor="middle" class="axis">${escapeHtml(month.label)}</text>`,
      );
    });
    parts.push(`</g>`);
  });
  parts.push(`</svg>`);
  return parts.join('\n');
}

export const STATUS_STYLE: Record<WeekStatus, { label: string; fill: string; mark: string }> = {
  'on-time': { label: '按时', fill: '#4a9a6a', mark: '' },
  late: { label: '逾期', fill: '#e3a33b', mark: '迟' },
  missing: { label: '未报', fill: '#c0392b', mark: '缺' },
  'not-expected': { label: '无需报送', fill: '#e4e4e4', mark: '' },
  'not-due': { label: '未到期', fill: '#ffffff', mark: '' },
};

const STATUS_ORDER: WeekStatus[] = ['on-time', 'late', 'missing', 'not-expected', 'not-due'];

const HEAT = { labelWidth: 150, cell: 20, gap: 2, top: 22, right: 6, legendHeight: 34 };

/** A run of consecutive weeks in one month (by their Thursdays): "3月", from column `start`, `count` wide. */
export interface MonthSpan {
  label: string;
  start: number;
  count: number;
}

/**
 * The weeks grouped by the month their Thursday falls in, for headings over week columns. A week that
 * cannot be read heads its own column with "第N周".
 */
export function monthSpans(weeks: string[], timeZone: string): MonthSpan[] {
  const spans: MonthSpan[] = [];
  weeks.forEach((week, i) => {
    let label: string;
    try {
      label = `${dekadOfWeek(week, timeZone).month}月`;
    } catch {
      label = formatWeek(week);
    }
    const last = spans[spans.length - 1];
    if (last && last.label === label) last.count += 1;
    else spans.push({ label, start: i, count: 1 });
  });
  return spans;
}

/**
 * Rows of departments, columns of weeks, one coloured cell per department-week; marks keep it legible in
 * grey. A district without the grid (more than GRID_DEPARTMENTS_MAX units) gets the same columns as one
 * stacked bar per week of how many units were on time, late, missing.
 */
export function renderCoverageHeatmap(doc: SummaryDocument): string {
  if (doc.coverage.grid === null) return renderWeeklyCoverage(doc);
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
  // Columns are headed by month, as readers date things, not by ISO week number (the tooltip keeps it).
  for (const span of monthSpans(weeks, doc.timeZone)) {
    const x = HEAT.labelWidth + span.start * step;
    const centre = x + (span.count * step - HEAT.gap) / 2;
    parts.push(
      `<line x1="${x}" y1="${HEAT.top - 18}" x2="${x}" y2="${HEAT.top - 3}" stroke="#999" stroke-width="1"/>`,
      `<text x="${centre}" y="${HEAT.top - 7}" text-anchor="middle" class="axis">${escapeHtml(span.label)}</text>`,
    );
  }
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
  parts.push(...statusLegend(HEAT.labelWidth, legendY, { marks: true }));
  parts.push(
    `<text x="${HEAT.labelWidth - 8}" y="${legendY + 11}" text-anchor="end" class="axis">图例</text>`,
    `</svg>`,
  );
  return parts.filter((p) => p !== '').join('\n');
}

const WEEKLY = { height: 160, labelWidth: 150, top: 22, right: 6, legendHeight: 34 };

/** One column per week, its segments the units' statuses that week, in the heat map's colours. */
function renderWeeklyCoverage(doc: SummaryDocument): string {
  const weeks = doc.coverage.weeks;
  const units = doc.coverage.byDepartment.length;
  const step = HEAT.cell + HEAT.gap;
  const width = WEEKLY.labelWidth + Math.max(weeks.length, 10) * step + WEEKLY.right;
  const height = WEEKLY.top + WEEKLY.height + WEEKLY.legendHeight;
  const label = '逐周报送情况';
  const parts: string[] = [
    `<svg id="${HEATMAP_CHART_ID}" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
  ];
  for (const span of monthSpans(
    weeks.map((w) => w.week),
    doc.timeZone,
  )) {
    const x = WEEKLY.labelWidth + span.start * step;
    const centre = x + (span.count * step - HEAT.gap) / 2;
    parts.push(
      `<line x1="${x}" y1="${WEEKLY.top - 18}" x2="${x}" y2="${WEEKLY.top - 3}" stroke="#999" stroke-width="1"/>`,
      `<text x="${centre}" y="${WEEKLY.top - 7}" text-anchor="middle" class="axis">${escapeHtml(span.label)}</text>`,
    );
  }
  const bottom = WEEKLY.top + WEEKLY.height;
  parts.push(
    `<text x="${WEEKLY.labelWidth - 8}" y="${WEEKLY.top + 10}" text-anchor="end" class="axis">${units}个单位</text>`,
    `<text x="${WEEKLY.labelWidth - 8}" y="${bottom}" text-anchor="end" class="axis">0</text>`,
  );
  weeks.forEach((row, i) => {
    const x = WEEKLY.labelWidth + i * step;
    let y = bottom;
    const segments: [WeekStatus, number][] = [
      ['on-time', row.onTime],
      ['late', row.late],
      ['missing', row.missing],
      ['not-expected', row.notExpected],
      ['not-due', row.notDue],
    ];
    const tip = escapeHtml(
      `${formatWeek(row.week)}：按时${row.onTime}，逾期${row.late}，未报${row.missing}` +
        (row.notDue > 0 ? `，未到期${row.notDue}` : ''),
    );
    for (const [status, count] of segments) {
      if (count === 0 || units === 0) continue;
      const h = (WEEKLY.height * count) / units;
      y -= h;
      const stroke = status === 'not-due' ? ' stroke="#aaa" stroke-dasharray="2 2"' : '';
      parts.push(
        `<rect x="${x}" y="${px(y)}" width="${HEAT.cell}" height="${px(h)}" fill="${STATUS_STYLE[status].fill}"${stroke}><title>${tip}</title></rect>`,
      );
    }
  });
  parts.push(...statusLegend(WEEKLY.labelWidth, bottom + 12, { marks: false }));
  parts.push(`</svg>`);
  return parts.join('\n');
}

/**
 * The legend under the report-status charts: a swatch and a label per status, 96 px apart from `left`.
 * The heat map's cells carry marks (缺, 迟), so its swatches carry them too; the weekly columns have none.
 */
function statusLegend(left: number, y: number, { marks }: { marks: boolean }): string[] {
  return STATUS_ORDER.flatMap((status, i) => {
    const style = STATUS_STYLE[status];
    const x = left + i * 96;
    const stroke = status === 'not-due' ? ' stroke="#aaa" stroke-dasharray="2 2"' : '';
    return [
      `<rect x="${x}" y="${y}" width="14" height="14" rx="2" fill="${style.fill}"${stroke}/>`,
      ...(marks
        ? [
            style.mark
              ? `<text x="${x + 7}" y="${y + 11}" text-anchor="middle" class="cell-mark small">${style.mark}</text>`
              : '',
          ]
        : []),
      `<text x="${x + 19}" y="${y + 11}" class="legend">${style.label}</text>`,
    ];
  });
}
