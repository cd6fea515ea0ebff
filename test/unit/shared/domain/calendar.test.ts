import {
  comparePeriods,
  dekadOfWeek,
  compareWeeks,
  deadlineOf,
  formatWeek,
  hasEnded,
  hasStarted,
  isLate,
  isPeriod,
  isWeek,
  MAX_YEAR,
  MIN_YEAR,
  nextWeek,
  periodContainsWeek,
  periodKind,
  parsePeriod,
  parseWeek,
  periodOf,
  periodOfWeek,
  periodTitle,
  previousPeriod,
  previousWeek,
  weekEnd,
  weekOf,
  weekDates,
  weekStart,
  weeksInIsoYear,
  weeksOfPeriod,
} from '../../../../shared/domain/calendar';
import { DateTime } from 'luxon';
import type { Deadline } from '../../../../shared/domain/calendar';

const shanghaiMondayNoon: Deadline = { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' };

describe('parseWeek', () => {
  it('parses a zero-padded ISO week', () => {
    expect(parseWeek('2023-W23')).toEqual({ weekYear: 2023, weekNumber: 23 });
    expect(parseWeek('2023-W01')).toEqual({ weekYear: 2023, weekNumber: 1 });
  });

  it('accepts week 53 of a long ISO year', () => {
    expect(parseWeek('2020-W53')).toEqual({ weekYear: 2020, weekNumber: 53 });
    expect(parseWeek('2026-W53')).toEqual({ weekYear: 2026, weekNumber: 53 });
  });

  it('rejects week 53 of a 52-week year instead of rolling it over into the next year', () => {
    expect(parseWeek('2023-W53')).toBeUndefined();
    expect(isWeek('2023-W53')).toBe(false);
  });

  it.each(['2023-W54', '2023-W00', '23-W1', '2023-W1', '2023W23', '2023-w23', ' 2023-W23', '2023-W23 ', ''])(
    'rejects %j',
    (text) => {
      expect(parseWeek(text)).toBeUndefined();
    },
  );

  it('accepts the weeks of the years 2000 to 2099 only', () => {
    expect([MIN_YEAR, MAX_YEAR]).toEqual([2000, 2099]);
    expect(parseWeek('2000-W01')).toEqual({ weekYear: 2000, weekNumber: 1 });
    expect(parseWeek('2099-W53')).toEqual({ weekYear: 2099, weekNumber: 53 });
    for (const week of ['0000-W01', '1999-W52', '2100-W01', '9999-W52']) {
      expect(parseWeek(week)).toBeUndefined();
      expect(isWeek(week)).toBe(false);
    }
  });

  it('counts the weeks of every ISO year as luxon does, long years and century years included', () => {
    for (let year = 1900; year <= 2400; year++) {
      const expected = DateTime.fromObject(
        { weekYear: year, weekNumber: 1 },
        { zone: 'UTC' },
      ).weeksInWeekYear;
      expect([year, weeksInIsoYear(year)]).toEqual([year, expected]);
    }
  });

  it('formats parts back to the zero-padded form', () => {
    expect(formatWeek({ weekYear: 2023, weekNumber: 5 })).toBe('2023-W05');
  });
});

describe('weeksOfPeriod', () => {
  it('gives 2023-H1 as 2023-W01 to 2023-W26, in order', () => {
    const weeks = weeksOfPeriod('2023-H1');
    expect(weeks).toHaveLength(26);
    expect(weeks[0]).toBe('2023-W01');
    expect(weeks[25]).toBe('2023-W26');
    expect(weeks).toEqual([...weeks].sort(compareWeeks));
  });

  it('gives 2026-H1 as 2026-W01 to 2026-W26, W01 starting in December 2025', () => {
    const weeks = weeksOfPeriod('2026-H1');
    expect(weeks[0]).toBe('2026-W01');
    expect(weeks.at(-1)).toBe('2026-W26');
    expect(weeks).toHaveLength(26);
    expect(weekStart('2026-W01', 'UTC').toISODate()).toBe('2025-12-29');
  });

  it('ends a second half with week 53 in a long ISO year', () => {
    const weeks = weeksOfPeriod('2020-H2');
    expect(weeks[0]).toBe('2020-W27');
    expect(weeks.at(-1)).toBe('2020-W53');
    expect(weeks).toHaveLength(27);
  });

  it('puts a week whose Thursday falls in July into the second half (2021-H1 has 25 weeks)', () => {
    expect(weeksOfPeriod('2021-H1')).toHaveLength(25);
    expect(weeksOfPeriod('2021-H1').at(-1)).toBe('2021-W25');
    expect(weeksOfPeriod('2021-H2')[0]).toBe('2021-W26');
  });

  it('covers every week exactly once across consecutive halves', () => {
    const weeks = [...weeksOfPeriod('2020-H2'), ...weeksOfPeriod('2021-H1'), ...weeksOfPeriod('2021-H2')];
    for (let index = 1; index < weeks.length; index++) {
      expect(weeks[index]).toBe(nextWeek(weeks[index - 1] ?? ''));
    }
  });

  it('lists the weeks whose Thursday luxon puts in the period, for every quarter, half and year of 1900–2400', () => {
    // The reference: luxon's ISO weeks, each placed by the calendar month of its Thursday.
    const expected = new Map<string, string[]>();
    let monday = DateTime.fromObject({ weekYear: 1900, weekNumber: 1, weekday: 1 }, { zone: 'UTC' });
    while (monday.weekYear <= 2400) {
      const thursday = monday.plus({ days: 3 });
      const week = `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`;
      for (const period of [
        String(thursday.year),
        `${thursday.year}-H${thursday.month <= 6 ? 1 : 2}`,
        `${thursday.year}-Q${Math.ceil(thursday.month / 3)}`,
      ]) {
        expected.set(period, [...(expected.get(period) ?? []), week]);
      }
      monday = monday.plus({ weeks: 1 });
    }
    let periods = 0;
    for (let year = 1901; year < 2400; year++) {
      for (const period of [
        String(year),
        `${year}-H1`,
        `${year}-H2`,
        `${year}-Q1`,
        `${year}-Q2`,
        `${year}-Q3`,
        `${year}-Q4`,
      ]) {
        expect([period, weeksOfPeriod(period)]).toEqual([period, expected.get(period)]);
        periods++;
      }
    }
    expect(periods).toBe(499 * 7);
  });

  it('throws for something that is not a period', () => {
    expect(() => weeksOfPeriod('2023-H3')).toThrow(RangeError);
    expect(() => weeksOfPeriod('2023-Q5')).toThrow(RangeError);
  });
});

describe('periodOfWeek', () => {
  it('assigns a year-boundary week by its Thursday', () => {
    expect(periodOfWeek('2020-W53')).toBe('2020-H2'); // Thursday 2020-12-31
    expect(periodOfWeek('2021-W52')).toBe('2021-H2'); // Thursday 2021-12-30
    expect(periodOfWeek('2026-W01')).toBe('2026-H1'); // Thursday 2026-01-01, Monday in 2025
    expect(periodOfWeek('2025-W01')).toBe('2025-H1'); // Monday 2024-12-30
  });

  it('assigns a mid-year week by its Thursday', () => {
    expect(periodOfWeek('2023-W26')).toBe('2023-H1'); // Thursday 2023-06-29
    expect(periodOfWeek('2023-W27')).toBe('2023-H2');
    expect(periodOfWeek('2021-W26')).toBe('2021-H2'); // Thursday 2021-07-01
  });
});

describe('weeks and instants', () => {
  it('starts a week on Monday 00:00 and ends it on the next Monday 00:00 in the given zone', () => {
    expect(weekStart('2023-W23', 'Asia/Shanghai').toISO()).toBe('2023-06-05T00:00:00.000+08:00');
    expect(weekEnd('2023-W23', 'Asia/Shanghai').toISO()).toBe('2023-06-12T00:00:00.000+08:00');
  });

  it('answers the same week in another zone by that zone, however often either was asked before', () => {
    for (let i = 0; i < 3; i++) {
      expect(weekStart('2023-W23', 'Asia/Shanghai').toISO()).toBe('2023-06-05T00:00:00.000+08:00');
      expect(weekStart('2023-W23', 'UTC').toISO()).toBe('2023-06-05T00:00:00.000Z');
      expect(weekStart('2023-W23', 'America/New_York').toISO()).toBe('2023-06-05T00:00:00.000-04:00');
      expect(weekEnd('2023-W23', 'UTC').toISO()).toBe('2023-06-12T00:00:00.000Z');
    }
    expect(() => weekStart('2023-W54', 'UTC')).toThrow(RangeError);
  });

  it('ends a week at local midnight across a daylight-saving change', () => {
    expect(weekEnd('2023-W12', 'Europe/Berlin').toISO()).toBe('2023-03-27T00:00:00.000+02:00');
  });

  it('finds the week of an instant in the given zone', () => {
    // 2021-01-03T23:00Z is already Monday 2021-01-04 in Shanghai.
    expect(weekOf(new Date('2021-01-03T23:00:00Z'), 'Asia/Shanghai')).toBe('2021-W01');
    expect(weekOf(new Date('2021-01-03T23:00:00Z'), 'UTC')).toBe('2020-W53');
  });

  it('steps across year boundaries', () => {
    expect(nextWeek('2020-W53')).toBe('2021-W01');
    expect(previousWeek('2021-W01')).toBe('2020-W53');
    expect(nextWeek('2023-W52')).toBe('2024-W01');
  });

  it('says a week has ended exactly at the following Monday 00:00', () => {
    expect(hasEnded('2023-W23', new Date('2023-06-11T15:59:59.999Z'), 'Asia/Shanghai')).toBe(false);
    expect(hasEnded('2023-W23', new Date('2023-06-11T16:00:00.000Z'), 'Asia/Shanghai')).toBe(true);
  });

  it('says a week has started at its Monday 00:00', () => {
    expect(hasStarted('2023-W23', new Date('2023-06-04T15:59:59.999Z'), 'Asia/Shanghai')).toBe(false);
    expect(hasStarted('2023-W23', new Date('2023-06-04T16:00:00.000Z'), 'Asia/Shanghai')).toBe(true);
  });

  it('orders weeks as text', () => {
    expect(compareWeeks('2020-W53', '2021-W01')).toBeLessThan(0);
    expect(compareWeeks('2023-W10', '2023-W09')).toBeGreaterThan(0);
    expect(compareWeeks('2023-W10', '2023-W10')).toBe(0);
  });
});

describe('deadlines', () => {
  it('puts the 2023-W23 deadline at Monday 2023-06-12 12:00 in Shanghai', () => {
    expect(deadlineOf('2023-W23', shanghaiMondayNoon).toISO()).toBe('2023-06-12T12:00:00.000+08:00');
  });

  it('counts the weekday from the Monday after the week', () => {
    const sunday = { timeZone: 'Europe/Berlin', weekday: 7, time: '23:59' };
    expect(deadlineOf('2023-W12', sunday).toISO()).toBe('2023-04-02T23:59:00.000+02:00');
  });

  it('answers each deadline rule by its own zone, weekday and time, however often the week was asked before', () => {
    for (let i = 0; i < 3; i++) {
      expect(deadlineOf('2023-W23', shanghaiMondayNoon).toISO()).toBe('2023-06-12T12:00:00.000+08:00');
      expect(deadlineOf('2023-W23', { ...shanghaiMondayNoon, time: '09:30' }).toISO()).toBe(
        '2023-06-12T09:30:00.000+08:00',
      );
      expect(deadlineOf('2023-W23', { ...shanghaiMondayNoon, weekday: 3 }).toISO()).toBe(
        '2023-06-14T12:00:00.000+08:00',
      );
      expect(deadlineOf('2023-W23', { ...shanghaiMondayNoon, timeZone: 'UTC' }).toISO()).toBe(
        '2023-06-12T12:00:00.000Z',
      );
    }
  });

  it('keeps a submission exactly at the deadline on time and one millisecond later late', () => {
    expect(isLate('2023-W23', new Date('2023-06-12T04:00:00.000Z'), shanghaiMondayNoon)).toBe(false);
    expect(isLate('2023-W23', new Date('2023-06-12T04:00:00.001Z'), shanghaiMondayNoon)).toBe(true);
  });

  it('treats a submission during the week itself as on time', () => {
    expect(isLate('2023-W23', new Date('2023-06-07T02:00:00Z'), shanghaiMondayNoon)).toBe(false);
  });
});

describe('periods', () => {
  it('parses and rejects periods', () => {
    expect(parsePeriod('2023-H1')).toEqual({ kind: 'half', year: 2023, half: 1 });
    expect(parsePeriod('2023-H2')).toEqual({ kind: 'half', year: 2023, half: 2 });
    expect(isPeriod('2023-H3')).toBe(false);
    expect(isPeriod('23-H1')).toBe(false);
  });

  it('accepts the periods of the years 2000 to 2099 only', () => {
    expect(parsePeriod('2000-H1')).toEqual({ kind: 'half', year: 2000, half: 1 });
    expect(parsePeriod('2099-H2')).toEqual({ kind: 'half', year: 2099, half: 2 });
    expect(parsePeriod('2000-Q1')).toEqual({ kind: 'quarter', year: 2000, quarter: 1 });
    expect(parsePeriod('2099')).toEqual({ kind: 'year', year: 2099 });
    for (const period of [
      '0000-H1',
      '1999-H2',
      '2100-H1',
      '9999-H2',
      '1999-Q4',
      '2100-Q1',
      '1999',
      '2100',
      '2100-W01',
    ]) {
      expect(parsePeriod(period)).toBeUndefined();
      expect(isPeriod(period)).toBe(false);
    }
  });

  it('computes the weeks of the first and last accepted periods although their neighbours are out of range', () => {
    // 2000-01-01 falls in 1999-W52, and the week after 2099-W53 is 2100-W01.
    const first = weeksOfPeriod('2000-H1');
    expect([first[0], first[first.length - 1]]).toEqual(['2000-W01', '2000-W26']);
    const last = weeksOfPeriod('2099-H2');
    expect([last[0], last[last.length - 1]]).toEqual(['2099-W27', '2099-W53']);
    expect(previousPeriod('2000-H1')).toBe('1999-H2');
    expect(nextWeek('2099-W53')).toBe('2100-W01');
  });

  it('steps back to the previous half-year across years', () => {
    expect(previousPeriod('2023-H2')).toBe('2023-H1');
    expect(previousPeriod('2023-H1')).toBe('2022-H2');
  });

  it('orders periods', () => {
    expect(comparePeriods('2022-H2', '2023-H1')).toBeLessThan(0);
    expect(comparePeriods('2023-H2', '2023-H1')).toBeGreaterThan(0);
  });

  it('names a period in Chinese', () => {
    expect(periodTitle('2023-H1')).toBe('2023年上半年');
    expect(periodTitle('2024-H2')).toBe('2024年下半年');
  });

  it('finds the period of an instant by its local calendar date', () => {
    // 2023-06-30T16:00Z is already July 1st in Shanghai.
    expect(periodOf(new Date('2023-06-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2023-H2');
    expect(periodOf(new Date('2023-06-30T16:00:00Z'), 'UTC')).toBe('2023-H1');
  });
});

describe('periods of every kind', () => {
  it('parses weeks, quarters, half-years and years, and nothing else', () => {
    expect(parsePeriod('2023-W10')).toEqual({ kind: 'week', weekYear: 2023, weekNumber: 10 });
    expect(parsePeriod('2023-Q1')).toEqual({ kind: 'quarter', year: 2023, quarter: 1 });
    expect(parsePeriod('2023')).toEqual({ kind: 'year', year: 2023 });
    expect(periodKind('2023-Q4')).toBe('quarter');
    for (const text of [
      '2023-Q0',
      '2023-Q5',
      '2023-W53',
      '2023-H0',
      '23',
      '2023-',
      '2023-q1',
      ' 2023',
      '2023-Y',
    ])
      expect(isPeriod(text)).toBe(false);
  });

  it('gives a week period just that week', () => {
    expect(weeksOfPeriod('2023-W10')).toEqual(['2023-W10']);
  });

  it('gives 2023-Q1 as 2023-W01 to 2023-W13', () => {
    const weeks = weeksOfPeriod('2023-Q1');
    expect(weeks[0]).toBe('2023-W01');
    expect(weeks.at(-1)).toBe('2023-W13'); // Thursday 2023-03-30
    expect(weeks).toHaveLength(13);
    expect(weeksOfPeriod('2023-Q2')[0]).toBe('2023-W14'); // Thursday 2023-04-06
  });

  it('gives a quarter 14 weeks when five Thursdays of its last month fall in it (2020-Q4 ends with W53)', () => {
    const weeks = weeksOfPeriod('2020-Q4');
    expect(weeks[0]).toBe('2020-W40'); // Thursday 2020-10-01
    expect(weeks.at(-1)).toBe('2020-W53'); // Thursday 2020-12-31
    expect(weeks).toHaveLength(14);
  });

  it('starts a quarter with a week whose Monday is in the month before (2026-Q1 starts 2025-12-29)', () => {
    expect(weeksOfPeriod('2026-Q1')[0]).toBe('2026-W01');
    expect(periodOfWeek('2026-W01', 'quarter')).toBe('2026-Q1');
    expect(periodOfWeek('2026-W01', 'year')).toBe('2026');
    expect(periodOfWeek('2025-W52', 'quarter')).toBe('2025-Q4');
  });

  it('puts a week whose Thursday is the first day of a quarter into that quarter (2021-W26, Thursday 1 July)', () => {
    expect(periodOfWeek('2021-W26', 'quarter')).toBe('2021-Q3');
    expect(weeksOfPeriod('2021-Q2').at(-1)).toBe('2021-W25');
  });

  it('makes a year the ISO week-year: 52 or 53 weeks, and a year starting on Thursday has 53', () => {
    // 2015, 2020 and 2026 start on Thursday (2020 is also a leap year starting on Wednesday).
    expect(weeksOfPeriod('2015')).toHaveLength(53);
    expect(weeksOfPeriod('2026')).toHaveLength(53);
    expect(weeksOfPeriod('2026')[0]).toBe('2026-W01');
    expect(weeksOfPeriod('2026').at(-1)).toBe('2026-W53');
    expect(weeksOfPeriod('2020')).toHaveLength(53);
    expect(weeksOfPeriod('2023')).toHaveLength(52);
    expect(weeksOfPeriod('2023').at(-1)).toBe('2023-W52');
    // 2021-01-01 is a Friday: its week is the last of ISO year 2020.
    expect(periodOfWeek('2020-W53', 'year')).toBe('2020');
    expect(weeksOfPeriod('2021')[0]).toBe('2021-W01');
  });

  it('covers every week exactly once across consecutive periods of each kind', () => {
    for (const [first, count] of [
      ['2019-Q3', 8],
      ['2019-H2', 4],
      ['2019', 3],
    ] as const) {
      let period: string = first;
      const periods = [period];
      for (let index = 1; index < count; index++) {
        // Step forwards through the week after the period's last one.
        period = periodOfWeek(nextWeek(weeksOfPeriod(period).at(-1)!), periodKind(first));
        periods.push(period);
      }
      const weeks = periods.flatMap(weeksOfPeriod);
      for (let index = 1; index < weeks.length; index++)
        expect(weeks[index]).toBe(nextWeek(weeks[index - 1]!));
      for (let index = 1; index < periods.length; index++)
        expect(previousPeriod(periods[index]!)).toBe(periods[index - 1]);
    }
  });

  it('nests weeks in the quarter, half-year and year of their Thursday', () => {
    for (const week of weeksOfPeriod('2020')) {
      expect(periodContainsWeek('2020', week)).toBe(true);
      const quarter = periodOfWeek(week, 'quarter');
      const half = periodOfWeek(week, 'half');
      expect(weeksOfPeriod(quarter)).toContain(week);
      expect(weeksOfPeriod(half)).toContain(week);
      expect(Number(quarter.slice(-1)) <= 2).toBe(half.endsWith('H1'));
    }
    expect(periodContainsWeek('2021', '2020-W53')).toBe(false);
    expect(periodContainsWeek('2023-W10', '2023-W10')).toBe(true);
    expect(periodContainsWeek('2023-W10', '2023-W11')).toBe(false);
  });

  it('steps back to the previous period of the same kind across year ends', () => {
    expect(previousPeriod('2023-W01')).toBe('2022-W52');
    expect(previousPeriod('2021-W01')).toBe('2020-W53');
    expect(previousPeriod('2023-Q1')).toBe('2022-Q4');
    expect(previousPeriod('2023-Q3')).toBe('2023-Q2');
    expect(previousPeriod('2023')).toBe('2022');
  });

  it('finds the period of each kind of an instant by its local calendar date', () => {
    const newYearInShanghai = new Date('2022-12-31T16:30:00Z');
    expect(periodOf(newYearInShanghai, 'Asia/Shanghai', 'quarter')).toBe('2023-Q1');
    expect(periodOf(newYearInShanghai, 'UTC', 'quarter')).toBe('2022-Q4');
    expect(periodOf(newYearInShanghai, 'Asia/Shanghai', 'year')).toBe('2023');
    expect(periodOf(newYearInShanghai, 'Asia/Shanghai', 'week')).toBe('2022-W52'); // a Sunday
  });

  it('names every kind in Chinese', () => {
    expect(periodTitle('2023-Q1')).toBe('2023年第一季度');
    expect(periodTitle('2023-Q4')).toBe('2023年第四季度');
    expect(periodTitle('2023')).toBe('2023年');
    expect(periodTitle('2023-W10')).toBe('2023年第10周');
    expect(weekDates('2023-W10')).toBe('3月6日—3月12日');
    expect(weekDates('2026-W01')).toBe('12月29日—2026年1月4日');
  });
});

describe('dekadOfWeek', () => {
  it('reads a week as the month and 旬 of its Thursday', () => {
    // 2023-W09: Monday 27 February, Thursday 2 March.
    expect(dekadOfWeek('2023-W09', 'Asia/Shanghai')).toEqual({ year: 2023, month: 3, dekad: 1 });
    // 2023-W02: Thursday 12 January; 2023-W04: Thursday 26 January.
    expect(dekadOfWeek('2023-W02', 'Asia/Shanghai')).toEqual({ year: 2023, month: 1, dekad: 2 });
    expect(dekadOfWeek('2023-W04', 'Asia/Shanghai')).toEqual({ year: 2023, month: 1, dekad: 3 });
  });

  it('puts the 10th in 上旬, the 11th in 中旬 and the 21st in 下旬', () => {
    // Thursdays: 2023-W32 → 10 August, W19 → 11 May; 2023-W38 → 21 September, W12 → 23 March.
    expect(dekadOfWeek('2023-W32', 'UTC')).toEqual({ year: 2023, month: 8, dekad: 1 });
    expect(dekadOfWeek('2023-W19', 'UTC')).toEqual({ year: 2023, month: 5, dekad: 2 });
    expect(dekadOfWeek('2023-W38', 'UTC')).toEqual({ year: 2023, month: 9, dekad: 3 });
  });

  it('takes the year of the Thursday across a year boundary', () => {
    // 2020-W53: Thursday 31 December 2020.
    expect(dekadOfWeek('2020-W53', 'Asia/Shanghai')).toEqual({ year: 2020, month: 12, dekad: 3 });
    // 2021-W52 ends on 2 January 2022 but its Thursday is 30 December 2021.
    expect(dekadOfWeek('2021-W52', 'Asia/Shanghai')).toEqual({ year: 2021, month: 12, dekad: 3 });
  });

  it('refuses an unknown time zone', () => {
    expect(() => dekadOfWeek('2023-W09', 'Mars/Olympus')).toThrow(RangeError);
  });
});
