/**
 * Exact decimal arithmetic for every figure the project stores or publishes.
 *
 * Figures are money, head counts and hours: a binary float turns 0.1 + 0.2 into 0.30000000000000004 and
 * rounds integers beyond 2^53, so no figure is ever a `number`. They travel as plain decimal strings
 * ("12.5", "-3", "0") and are computed with one configured decimal.js clone, shared by ingestion (unit
 * conversion of 万/亿 inputs) and aggregation.
 */
import Decimal from 'decimal.js';

/**
 * Significant digits kept by every operation. Addition and multiplication only round when a result has
 * more digits than this, and their cost depends on the digits actually present, not on this setting, so
 * it is set far beyond any realistic sum (a value with 30 integer and 30 fraction digits, summed a
 * million times, still has fewer than 70) rather than near it.
 */
export const DECIMAL_PRECISION = 200;

/**
 * The project's decimal class. Use it (never a bare `decimal.js` import) so that every computation has the
 * same precision and rounding; its instances are ordinary `Decimal`s.
 */
export const ExactDecimal = Decimal.clone({
  precision: DECIMAL_PRECISION,
  // Half-up is how people round by hand, and what the published rates promise.
  rounding: Decimal.ROUND_HALF_UP,
  // Exponent notation never appears in toString() either, should anyone use it instead of toDecimalString.
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type ExactDecimal = Decimal;

/** A plain decimal: optional minus, digits, optional fraction. No exponent, hex, spaces, NaN or Infinity. */
export const DECIMAL_STRING_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING_PATTERN.test(value);
}

/**
 * Parses a stored decimal string. decimal.js alone would also accept "1e3", "0x1f", "Infinity" and "NaN";
 * none of those is a valid stored figure, so they are rejected here rather than summed.
 */
export function parseDecimal(value: string): ExactDecimal {
  if (!isDecimalString(value)) throw new RangeError(`Not a plain decimal string: ${JSON.stringify(value)}`);
  return new ExactDecimal(value);
}

/** The published form: no exponent, no trailing fraction zeros ("12.50" → "12.5"), "0" for any zero. */
export function toDecimalString(value: Decimal): string {
  if (value.isZero()) return '0'; // also folds -0, which would otherwise surface as a confusing "-0"
  return value.toFixed();
}

/** Normalises a decimal string to its published form ("012.50" → "12.5"). */
export function normalizeDecimalString(value: string): string {
  return toDecimalString(parseDecimal(value));
}

export const ZERO: ExactDecimal = new ExactDecimal(0);

export function sumDecimals(values: Iterable<Decimal>): ExactDecimal {
  let total: ExactDecimal = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** The largest value; undefined for no values, because "the max of nothing" is not zero. */
export function maxDecimal(values: Iterable<Decimal>): ExactDecimal | undefined {
  let max: ExactDecimal | undefined;
  for (const value of values) if (max === undefined || value.greaterThan(max)) max = value;
  return max;
}

/**
 * numerator / denominator rounded half-up to four places, as "0.9615" or "1.0000".
 *
 * Dividing first and rounding after would round twice (once to the precision, once to four places), which
 * can land on the wrong side of a half. Integer division of (2·10⁴·n + d) by 2d is floor(10⁴·n/d + ½),
 * exactly half-up, with no intermediate rounding at all.
 */
export function ratioToFourPlaces(numerator: Decimal.Value, denominator: Decimal.Value): string {
  const n = new ExactDecimal(numerator);
  const d = new ExactDecimal(denominator);
  if (!d.greaterThan(0))
    throw new RangeError(`The denominator of a ratio must be positive, got ${d.toFixed()}`);
  if (n.isNegative() && !n.isZero())
    throw new RangeError(`The numerator of a ratio must not be negative, got ${n.toFixed()}`);
  const scaled = n.times(20000).plus(d).dividedToIntegerBy(d.times(2));
  return scaled.dividedBy(10000).toFixed(4);
}
