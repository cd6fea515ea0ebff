import { periodPageUrl } from '../../../shared/use-cases/notifications';
import {
  periodChoices,
  periodFromSearch,
  periodName,
  previewName,
  searchWithPeriod,
  summaryName,
} from '../../../web/src/periods';

describe('the periods the reviewer picks', () => {
  it('names every kind of period in words, a week with its dates', () => {
    expect(periodName('2023-H1')).toBe('2023年上半年');
    expect(periodName('2023-H2')).toBe('2023年下半年');
    expect(periodName('2023-Q1')).toBe('2023年第一季度');
    expect(periodName('2023')).toBe('2023年');
    expect(periodName('2023-W10')).toBe('2023年第10周（3月6日—3月12日）');
    expect(periodName('2020-W53')).toBe('2020年第53周（12月28日—2021年1月3日）');
  });

  it("calls a week's summary the weekly showcase and the others by their kind", () => {
    expect(summaryName('2023-W10')).toBe('本周周晒');
    expect(summaryName('2023-Q3')).toBe('季度汇总');
    expect(summaryName('2023-H1')).toBe('半年汇总');
    expect(summaryName('2023')).toBe('年度汇总');
  });

  it('heads the preview by what the district document is: the showcase for a week, the review otherwise', () => {
    expect(previewName('2023-W10')).toBe('本周周晒预览');
    expect(previewName('2023-Q3')).toBe('区级季度汇总预览');
    expect(previewName('2023-H1')).toBe('区级半年汇总预览');
    expect(previewName('2023')).toBe('区级年度汇总预览');
  });

  it('offers the last two weeks and the running and previous quarter, half-year and year', () => {
    // Wednesday 2023-05-10 in Shanghai: the week 2023-W19 is running.
    const choices = periodChoices(new Date('2023-05-10T04:00:00Z'), 'Asia/Shanghai');
    expect(choices.map((choice) => choice.value)).toEqual([
      '2023-W18',
      '2023-W17',
      '2023-Q2',
      '2023-Q1',
      '2023-H1',
      '2022-H2',
      '2023',
      '2022',
    ]);
    expect(choices[2]).toEqual({ value: '2023-Q2', label: '2023年第二季度' });
  });

  it('opens the period a message links to, as notifications build the link', () => {
    for (const period of ['2023-W10', '2023-Q1', '2023-H1', '2023']) {
      const link = new URL(periodPageUrl('https://showcase.example.gov.cn/', period));
      expect(periodFromSearch(link.search)).toBe(period);
    }
  });

  it('ignores a ?period= the API would refuse', () => {
    expect(periodFromSearch('?period=2023-H3')).toBeUndefined();
    expect(periodFromSearch('?period=2023-W54')).toBeUndefined();
    expect(periodFromSearch('?period=1999')).toBeUndefined();
    expect(periodFromSearch('')).toBeUndefined();
  });

  it('writes the period shown into the address, keeping other parameters', () => {
    expect(searchWithPeriod('', '2023-Q1')).toBe('?period=2023-Q1');
    expect(searchWithPeriod('?period=2023-H1&lang=zh', '2023')).toBe('?period=2023&lang=zh');
  });
});
