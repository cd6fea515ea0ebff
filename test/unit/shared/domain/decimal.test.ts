import {
  ExactDecimal,
  isDecimalString,
  maxDecimal,
  normalizeDecimalString,
  parseDecimal,
  ratioToFourPlaces,
  sumDecimals,
  toDecimalString,
} from '../../../../shared/domain/decimal';

const decimals = (...values: string[]) => values.map(parseDecimal);

describe('parseDecimal', () => {
  it.each(['0', '12', '12.5', '-3.25', '007', '0.000'])('accepts the plain decimal %j', (text) => {
    expect(isDecimalString(text)).toBe(true);
    expect(() => parseDecimal(text)).not.toThrow();
  });

  it.each(['1e3', '0x1f', 'Infinity', 'NaN', ' 1', '1.', '.5', '+1', '', '1,000'])('rejects %j', (text) => {
    expect(isDecimalString(text)).toBe(false);
    expect(() => parseDecimal(text)).toThrow(RangeError);
  });
});

describe('toDecimalString', () => {
  it('drops trailing fraction zeros', () => {
    expect(toDecimalString(parseDecimal('12.50'))).toBe('12.5');
    expect(toDecimalString(parseDecimal('12.000'))).toBe('12');
  });

  it('writes every zero as "0"', () => {
    expect(toDecimalString(parseDecimal('0.000'))).toBe('0');
    expect(toDecimalString(parseDecimal('-0'))).toBe('0');
    expect(toDecimalString(parseDecimal('1').minus(parseDecimal('1')))).toBe('0');
  });

  it('never uses exponent notation, however large or small the value', () => {
    expect(toDecimalString(new ExactDecimal('1e40'))).toBe('1' + '0'.repeat(40));
    expect(toDecimalString(new ExactDecimal('1e-30'))).toBe('0.' + '0'.repeat(29) + '1');
  });

  it('normalises a decimal string', () => {
    expect(normalizeDecimalString('007.10')).toBe('7.1');
  });
});

describe('sumDecimals', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(toDecimalString(sumDecimals(decimals('0.1', '0.2')))).toBe('0.3');
  });

  it('adds a thousand 0.1s to exactly 100', () => {
    expect(toDecimalString(sumDecimals(Array.from({ length: 1000 }, () => parseDecimal('0.1'))))).toBe('100');
  });

  it('keeps integers beyond 2^53 exact', () => {
    expect(toDecimalString(sumDecimals(decimals('999999999999999999', '1')))).toBe('1000000000000000000');
  });

  it('keeps a large integer part and a long fraction together without rounding', () => {
    const sum = sumDecimals(decimals('123456789012345678901234567890', '0.000000000000000000000000000001'));
    expect(toDecimalString(sum)).toBe('123456789012345678901234567890.000000000000000000000000000001');
  });

  it('gives zero for nothing', () => {
    expect(toDecimalString(sumDecimals([]))).toBe('0');
  });
});

describe('maxDecimal', () => {
  it('compares by value, not as text', () => {
    expect(toDecimalString(maxDecimal(decimals('9', '10', '-11', '9.99')) ?? parseDecimal('0'))).toBe('10');
  });

  it('has no maximum for nothing', () => {
    expect(maxDecimal([])).toBeUndefined();
  });
});

describe('ratioToFourPlaces', () => {
  it('gives four places, padded', () => {
    expect(ratioToFourPlaces(25, 26)).toBe('0.9615');
    expect(ratioToFourPlaces(26, 26)).toBe('1.0000');
    expect(ratioToFourPlaces(0, 7)).toBe('0.0000');
    expect(ratioToFourPlaces(1, 2)).toBe('0.5000');
  });

  it('rounds an exact half up', () => {
    expect(ratioToFourPlaces(1, 32)).toBe('0.0313'); // 0.03125
    expect(ratioToFourPlaces(3, 32)).toBe('0.0938'); // 0.09375
    expect(ratioToFourPlaces(1, 160000)).toBe('0.0000'); // 0.00000625
    expect(ratioToFourPlaces(1, 20000)).toBe('0.0001'); // 0.00005
  });

  it('rounds below a half down', () => {
    expect(ratioToFourPlaces(1, 3)).toBe('0.3333');
    expect(ratioToFourPlaces(2, 3)).toBe('0.6667');
  });

  it('refuses a zero denominator and a negative numerator', () => {
    expect(() => ratioToFourPlaces(1, 0)).toThrow(RangeError);
    expect(() => ratioToFourPlaces(-1, 2)).toThrow(RangeError);
  });
});
