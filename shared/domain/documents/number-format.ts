/**
 * Numbers as Chinese official documents print them: 万 and 亿 from ten thousand up; below that the exact
 * figure, with thousands grouping in tables and without it in prose ("1300人次", as official prose writes it).
 *
 * Every figure in a summary is an exact decimal string, and all arithmetic here is decimal.js, so no figure
 * ever passes through a binary float. Scaling to 万/亿 keeps at most two decimals; when that rounding changes
 * the value the text starts with "约" and `approximate` is set, so a renderer can print the exact figure next
 * to it (HTML: a `title` attribute and a small note; Markdown and DOCX: the exact value in parentheses). A
 * rounded figure is therefore never shown without saying so.
 */
import { ExactDecimal, ratioToFourPlaces } from '../decimal';

const WAN = new ExactDecimal(10_000);
const YI = new ExactDecimal(100_000_000);
const SCALED_DECIMALS = 2;
/** The minus sign of typeset text (U+2212), not the hyphen. */
export const MINUS = '−';
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

export interface FormattedNumber {
  /** What the document shows: "1,300", "6.8万", "约13.67万". */
  text: string;
  /** The exact value with grouping: "136,686". */
  exact: string;
  /** True when `text` is rounded, i.e. differs in value from `exact`. */
  approximate: boolean;
}

function groupInteger(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Groups a non-negative plain decimal string, keeping its decimals as given ("12345.50" → "12,345.50"). */
function groupDecimal(plain: string, grouping = true): string {
  if (!grouping) return plain;
  const [integer = '0', fraction] = plain.split('.');
  return fraction === undefined ? groupInteger(integer) : `${groupInteger(integer)}.${fraction}`;
}

/** The magnitude of a decimal string as plain digits, as given when it is plain ("12.50" stays "12.50"). */
function plainMagnitude(value: string, decimal: ExactDecimal): string {
  if (PLAIN_DECIMAL.test(value)) return value.startsWith('-') ? value.slice(1) : value;
  return decimal.abs().toFixed();
}

function parse(value: string): ExactDecimal {
  try {
    return new ExactDecimal(value);
  } catch (cause) {
    throw new RangeError(`Not a decimal number: ${value}`, { cause });
  }
}

/** The exact value with thousands grouping and a typeset minus sign: "3,142,000", "−300", "12.5". */
export function formatExact(value: string): string {
  const decimal = parse(value);
  const sign = decimal.isNegative() && !decimal.isZero() ? MINUS : '';
  return sign + groupDecimal(plainMagnitude(value, decimal));
}

/**
 * A figure for the page: below 10,000 exact and grouped; from 10,000 in 万, from 100,000,000 in 亿, with at
 * most two decimals (trailing zeros trimmed) and "约" when that rounds. 68000 → "6.8万", 250000000 → "2.5亿",
 * 136686 → "约13.67万".
 */
export function formatNumber(value: string, options: { grouping?: boolean } = {}): FormattedNumber {
  const grouping = options.grouping ?? true;
  const decimal = parse(value);
  const magnitude = decimal.abs();
  const sign = decimal.isNegative() && !decimal.isZero() ? MINUS : '';
  const exact = sign + groupDecimal(plainMagnitude(value, decimal), grouping);
  if (magnitude.lessThan(WAN)) return { text: exact, exact, approximate: false };

  let unit = '万';
  let scaled = magnitude.dividedBy(WAN).toDecimalPlaces(SCALED_DECIMALS, ExactDecimal.ROUND_HALF_UP);
  // 99,999,999 rounds to 10000万, which reads better as 1亿.
  if (magnitude.greaterThanOrEqualTo(YI) || scaled.greaterThanOrEqualTo(WAN)) {
    unit = '亿';
    scaled = magnitude.dividedBy(YI).toDecimalPlaces(SCALED_DECIMALS, ExactDecimal.ROUND_HALF_UP);
  }
  const approximate = !scaled.times(unit === '亿' ? YI : WAN).equals(magnitude);
  const text = `${approximate ? '约' : ''}${sign}${groupDecimal(scaled.toFixed(), grouping)}${unit}`;
  return { text, exact, approximate };
}

export interface FormattedQuantity extends FormattedNumber {
  /** The number alone ("6.8万"), which holds no report text, and the unit alone (which does). */
  number: FormattedNumber;
  unit: string;
}

/** A figure with its unit: "6.8万人", "1,300人次", "2.5亿元". */
export function formatQuantity(
  value: string,
  unit: string,
  options: { grouping?: boolean } = {},
): FormattedQuantity {
  const number = formatNumber(value, options);
  return {
    text: number.text + unit,
    exact: number.exact + unit,
    approximate: number.approximate,
    number,
    unit,
  };
}

export type ChangeDirection = 'up' | 'down' | 'flat' | 'none';

export interface FormattedChange extends FormattedNumber {
  direction: ChangeDirection;
}

/**
 * A change against the previous period: "+1,200", "−300", "+3万", "持平"; "—" when there is nothing to
 * compare with (the previous value is null).
 */
export function formatChange(change: string | null): FormattedChange {
  if (change === null) return { text: '—', exact: '—', approximate: false, direction: 'none' };
  const decimal = parse(change);
  if (decimal.isZero()) return { text: '持平', exact: '持平', approximate: false, direction: 'flat' };
  const magnitude = formatNumber(decimal.abs().toFixed());
  const sign = decimal.isNegative() ? MINUS : '+';
  const text = magnitude.approximate
    ? `约${sign}${magnitude.text.replace(/^约/, '')}`
    : `${sign}${magnitude.text}`;
  return {
    text,
    exact: sign + magnitude.exact,
    approximate: magnitude.approximate,
    direction: decimal.isNegative() ? 'down' : 'up',
  };
}

/** A ratio such as onTimeRate "0.9615" as a percentage with one decimal: "96.2%"; null → "—". */
export function formatRate(rate: string | null): string {
  if (rate === null) return '—';
  return `${parse(rate).times(100).toFixed(1, ExactDecimal.ROUND_HALF_UP)}%`;
}

/** part / whole as a rate string with four places ("0.9615"), null when the whole is zero. */
export function ratio(part: number | string, whole: number | string): string | null {
  if (new ExactDecimal(whole).isZero()) return null;
  return ratioToFourPlaces(part, whole);
}

/**
 * A like-for-like change the way official prose words it: "增加250人次，增长23.8%", "减少130人次，下降11%",
 * "与上期持平" ("与上周持平" where the previous period is a week); without a rate (a zero base) only the
 * amount. `change` and `changeRate` as in Comparison.
 */
export function describeChange(
  change: string,
  changeRate: string | null,
  unit: string,
  previousName = '上期',
): string {
  const decimal = parse(change);
  if (decimal.isZero()) return `与${previousName}持平`;
  const amount = formatQuantity(decimal.abs().toFixed(), unit, { grouping: false }).text;
  const up = !decimal.isNegative();
  const rate = changeRate === null ? '' : `，${up ? '增长' : '下降'}${formatPercent(changeRate)}`;
  return `${up ? '增加' : '减少'}${amount}${rate}`;
}

/** The magnitude of a four-place fraction as a percentage with at most one decimal: "0.2381" → "23.8%". */
function formatPercent(rate: string): string {
  const percent = parse(rate).abs().times(100).toDecimalPlaces(1, ExactDecimal.ROUND_HALF_UP);
  return `${percent.toFixed()}%`;
}

/** Whether a decimal string is zero ("0", "0.00"). */
export function isZero(value: string): boolean {
  return parse(value).isZero();
}

/** Compares two decimal strings by value. */
export function compareDecimal(a: string, b: string): number {
  return parse(a).comparedTo(parse(b));
}

/** value / max as a fraction in [0, 1] with four places, for chart geometry; 0 when max is zero. */
export function fractionOf(value: string, max: string): ExactDecimal {
  const denominator = parse(max);
  if (denominator.isZero()) return new ExactDecimal(0);
  return ExactDecimal.max(0, ExactDecimal.min(1, parse(value).dividedBy(denominator))).toDecimalPlaces(4);
}

/** "2023-W23" → "第23周". */
export function formatWeek(week: string): string {
  const match = /^\d{4}-W(\d{2})$/.exec(week);
  return match?.[1] === undefined ? week : `第${match[1].replace(/^0/, '')}周`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → "一", 12 → "十二", 23 → "二十三": section numbers of an official document (1..99). */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensText = tens === 0 ? '' : `${tens === 1 ? '' : DIGITS[tens]}十`;
  return tensText + (ones === 0 ? '' : (DIGITS[ones] ?? ''));
}
