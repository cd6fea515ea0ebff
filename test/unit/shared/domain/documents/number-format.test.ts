import {
  chineseOrdinal,
  describeChange,
  formatChange,
  formatExact,
  formatNumber,
  formatQuantity,
  formatRate,
  formatWeek,
  ratio,
} from '../../../../../shared/domain/documents/number-format';

describe('formatNumber', () => {
  it.each([
    ['644', '644'],
    ['1300', '1,300'],
    ['12.5', '12.5'],
    ['9999.50', '9,999.50'],
    ['68000', '6.8万'],
    ['150000', '15万'],
    ['3142000', '314.2万'],
    ['250000000', '2.5亿'],
    ['1000000000000', '10,000亿'],
    ['0', '0'],
  ])('renders %s as %s', (value, text) => {
    expect(formatNumber(value)).toEqual(expect.objectContaining({ text, approximate: false }));
  });

  it('should mark a figure that 万 rounds with 约 and keep its exact value', () => {
    expect(formatNumber('3142156')).toEqual({ text: '约314.22万', exact: '3,142,156', approximate: true });
    expect(formatNumber('136686')).toEqual({ text: '约13.67万', exact: '136,686', approximate: true });
  });

  it('should switch to 亿 when rounding to 万 would reach 10000万', () => {
    expect(formatNumber('99999999')).toEqual(expect.objectContaining({ text: '约1亿', approximate: true }));
  });

  it('should print negative figures with a typeset minus sign', () => {
    expect(formatNumber('-300').text).toBe('−300');
    expect(formatNumber('-68000').text).toBe('−6.8万');
  });

  it('should refuse a value that is not a decimal number', () => {
    expect(() => formatNumber('12abc')).toThrow(RangeError);
  });
});

describe('formatQuantity', () => {
  it('should append the unit after the 万/亿 figure', () => {
    expect(formatQuantity('68000', '人').text).toBe('6.8万人');
    expect(formatQuantity('3142000', '元').text).toBe('314.2万元');
    expect(formatQuantity('1300', '人次').text).toBe('1,300人次');
    expect(formatQuantity('150000', '小时').text).toBe('15万小时');
    expect(formatQuantity('250000000', '元').text).toBe('2.5亿元');
    expect(formatQuantity('136686', '平方米').exact).toBe('136,686平方米');
  });
});

describe('formatChange', () => {
  it('should sign changes and name no change 持平', () => {
    expect(formatChange('1200')).toEqual(expect.objectContaining({ text: '+1,200', direction: 'up' }));
    expect(formatChange('-300')).toEqual(expect.objectContaining({ text: '−300', direction: 'down' }));
    expect(formatChange('0')).toEqual(expect.objectContaining({ text: '持平', direction: 'flat' }));
    expect(formatChange('30000').text).toBe('+3万');
  });

  it('renders a missing previous value as an em dash', () => {
    expect(formatChange(null)).toEqual(expect.objectContaining({ text: '—', direction: 'none' }));
  });

  it('should keep 约 in front of the sign of a rounded change', () => {
    expect(formatChange('38686')).toEqual(
      expect.objectContaining({ text: '约+3.87万', exact: '+38,686', approximate: true }),
    );
  });
});

describe('formatRate', () => {
  it('should show a four-place rate as a percentage with one decimal, rounding half up', () => {
    expect(formatRate('0.9615')).toBe('96.2%');
    expect(formatRate('1.0000')).toBe('100.0%');
    expect(formatRate('0.0005')).toBe('0.1%');
    expect(formatRate(null)).toBe('—');
  });

  it('should compute ratios with decimal arithmetic and null for an empty whole', () => {
    expect(ratio(25, 26)).toBe('0.9615');
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('small helpers', () => {
  it('should group exact values and name weeks and sections the Chinese way', () => {
    expect(formatExact('3142000')).toBe('3,142,000');
    expect(formatWeek('2023-W04')).toBe('第4周');
    expect(formatWeek('2023-W23')).toBe('第23周');
    expect([1, 4, 10, 12, 20, 23].map(chineseOrdinal)).toEqual(['一', '四', '十', '十二', '二十', '二十三']);
  });
});

describe('describeChange', () => {
  it('words a change the official way, without thousands separators', () => {
    expect(describeChange('250', '0.2381', '人次')).toBe('增加250人次，增长23.8%');
    expect(describeChange('-1300', '-0.1100', '人次')).toBe('减少1300人次，下降11%');
    expect(describeChange('0', '0.0000', '名')).toBe('与上期持平');
  });

  it('gives the amount alone when there is no rate, and 万 for large amounts', () => {
    expect(describeChange('7', null, '个')).toBe('增加7个');
    expect(describeChange('3115000', '124.6000', '元')).toBe('增加311.5万元，增长12460%');
  });
});

describe('ratio', () => {
  it('rounds half-up once, from the exact quotient', () => {
    // 1/8 = 0.125 exactly → 0.1250; 2/3 → 0.6667; 0/5 → 0.0000.
    expect(ratio(1, 8)).toBe('0.1250');
    expect(ratio(2, 3)).toBe('0.6667');
    expect(ratio(0, 5)).toBe('0.0000');
    expect(ratio(3, 0)).toBeNull();
  });
});

describe('formatQuantity without grouping', () => {
  it('writes prose figures without thousands separators, keeping 万/亿', () => {
    expect(formatQuantity('1300', '人次', { grouping: false }).text).toBe('1300人次');
    expect(formatQuantity('68000', '人', { grouping: false }).text).toBe('6.8万人');
  });
});
