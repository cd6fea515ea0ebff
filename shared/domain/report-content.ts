/**
 * Turns the items of a submitted report into the stored form: checked against the catalog, text checked
 * and normalised by the rules of text.ts, every metric value converted exactly into the catalog's unit.
 * The HTTP schema applies the same text rules first; they are applied here again for callers that do not
 * come through HTTP (imports).
 */
import { createHash } from 'node:crypto';
import type { ErrorDetail } from '../errors/app-error';
import type { CatalogIndex } from './catalog';
import { ExactDecimal } from './decimal';
import type { ReportItem, StoredMetricValue } from './report';
import { checkText, normaliseText, type TextRule } from './text';

export const TITLE_RULE: TextRule = { max: 200, required: true };
export const DETAIL_RULE: TextRule = { max: 5000 };

export const MAX_SIGNIFICANT_DIGITS = 18;
/** Values are counts and money: anything at or above 10²⁰ in the catalog unit is a typo, not a figure. */
const MAX_VALUE = new ExactDecimal('1e20');
/** Nor is anything finer than 10⁻¹⁸ of the catalog unit. */
export const MAX_DECIMAL_PLACES = 18;
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const UNIT_PREFIXES: Record<string, string> = { 万: '1e4', 亿: '1e8' };

export interface SubmittedMetric {
  metric: string;
  value: string;
  unit?: string;
}

export interface SubmittedItem {
  theme: string;
  title: string;
  detail?: string;
  /** Absent means not highlighted. */
  highlight?: boolean;
  /** Absent means no counted results. */
  metrics?: SubmittedMetric[];
}

export type ContentResult = { ok: true; items: ReportItem[] } | { ok: false; faults: ErrorDetail[] };

export function acceptedUnits(unit: string): string[] {
  return [unit, `万${unit}`, `亿${unit}`];
}

/** The value in the catalog unit as a plain decimal string, or a reason it cannot be accepted. */
export function convertValue(
  text: string,
  given: string | undefined,
  catalogUnit: string,
): string | { fault: string } {
  if (!DECIMAL_TEXT.test(text)) return { fault: 'must be a finite decimal number' };
  const value = new ExactDecimal(text);
  if (value.isNegative() && !value.isZero()) return { fault: 'must not be negative' };
  // decimal.js turns an exponent beyond its range ("1e-999999999999999999999") into zero; the number
  // written is not zero but far finer than any stored figure.
  if (value.isZero() && /[1-9]/.test(text.split(/[eE]/)[0]!)) {
    return { fault: `must have at most ${MAX_DECIMAL_PLACES} decimal places in ${catalogUnit}` };
  }
  let factor = '1';
  if (given !== undefined && given !== catalogUnit) {
    const prefix = given.slice(0, 1);
    if (given.slice(1) !== catalogUnit || !UNIT_PREFIXES[prefix]) {
      return { fault: `unit ${given} is not accepted; use one of ${acceptedUnits(catalogUnit).join(', ')}` };
    }
    factor = UNIT_PREFIXES[prefix];
  }
  const converted = value.abs().times(factor);
  // Magnitude first: "1e999" is too large, not over-precise.
  if (!converted.isFinite() || converted.gte(MAX_VALUE)) {
    return { fault: `must be less than 10^20 ${catalogUnit}` };
  }
  // Trailing zeros of an integer do not count: "1000000000000000000" is 1e18, one digit like 1e18
  // itself, and like "1e15" 万人次; a value is as precise as its digits up to the last non-zero one.
  if (value.sd() > MAX_SIGNIFICANT_DIGITS) {
    return { fault: `must have at most ${MAX_SIGNIFICANT_DIGITS} significant digits` };
  }
  // "1e-100000" has one significant digit but a hundred thousand characters as a plain decimal: an
  // item too large for the table, and a typo in any case.
  if (converted.decimalPlaces() > MAX_DECIMAL_PLACES) {
    return { fault: `must have at most ${MAX_DECIMAL_PLACES} decimal places in ${catalogUnit}` };
  }
  return converted.toFixed();
}

export function normaliseItems(items: SubmittedItem[], catalog: CatalogIndex): ContentResult {
  const faults: ErrorDetail[] = [];
  const normalised = items.map((item, itemIndex): ReportItem => {
    const at = `body.items.${itemIndex}`;
    if (!catalog.themes.has(item.theme)) {
      faults.push({ field: `${at}.theme`, message: `unknown theme ${item.theme}` });
    }
    const titleFault = checkText(item.title, TITLE_RULE);
    if (titleFault) faults.push({ field: `${at}.title`, message: titleFault });
    const detailFault = item.detail === undefined ? undefined : checkText(item.detail, DETAIL_RULE);
    if (detailFault) faults.push({ field: `${at}.detail`, message: detailFault });
    const seen = new Set<string>();
    const metrics = (item.metrics ?? []).flatMap((metric, metricIndex): StoredMetricValue[] => {
      const field = `${at}.metrics.${metricIndex}`;
      const definition = catalog.metrics.get(metric.metric);
      if (!definition) {
        faults.push({ field: `${field}.metric`, message: `unknown metric ${metric.metric}` });
        return [];
      }
      if (definition.theme !== item.theme) {
        faults.push({
          field: `${field}.metric`,
          message: `metric ${metric.metric} belongs to theme ${definition.theme}, not ${item.theme}`,
        });
      }
      if (seen.has(metric.metric)) {
        faults.push({
          field: `${field}.metric`,
          message: `metric ${metric.metric} appears twice in this item`,
        });
      }
      seen.add(metric.metric);
      const unit = metric.unit?.normalize('NFC');
      const converted = convertValue(metric.value, unit, definition.unit);
      if (typeof converted !== 'string') {
        const onUnit = converted.fault.startsWith('unit');
        faults.push({
          field: `${field}.${onUnit ? 'unit' : 'value'}`,
          message: `${metric.metric}: ${converted.fault}`,
        });
        return [];
      }
      return [{ metric: metric.metric, value: converted, unit: definition.unit }];
    });
    return {
      theme: item.theme,
      title: normaliseText(item.title),
      ...(item.detail !== undefined ? { detail: normaliseText(item.detail) } : {}),
      highlight: item.highlight ?? false,
      metrics,
    };
  });
  return faults.length > 0 ? { ok: false, faults } : { ok: true, items: normalised };
}

/** sha256 of the canonical stored content: equal hashes mean an identical resubmission. */
export function contentHash(items: ReportItem[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex');
}
