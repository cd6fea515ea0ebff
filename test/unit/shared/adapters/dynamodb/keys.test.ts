import { keys, WEEK_HEADS_INDEX, withoutKeys } from '../../../../../shared/adapters/dynamodb/keys';
import {
  formatPeriod,
  formatWeek,
  MAX_YEAR,
  MIN_YEAR,
  weeksInIsoYear,
  weeksOfPeriod,
  type PeriodParts,
} from '../../../../../shared/domain/calendar';

/** Every period of every kind whose year lies in the calendar's range. */
function everyPeriod(): string[] {
  const periods: PeriodParts[] = [];
  for (let year = MIN_YEAR; year <= MAX_YEAR; year += 1) {
    periods.push({ kind: 'year', year }, { kind: 'half', year, half: 1 }, { kind: 'half', year, half: 2 });
    for (const quarter of [1, 2, 3, 4] as const) periods.push({ kind: 'quarter', year, quarter });
    for (let weekNumber = 1; weekNumber <= weeksInIsoYear(year); weekNumber += 1) {
      periods.push({ kind: 'week', weekYear: year, weekNumber });
    }
  }
  return periods.map(formatPeriod);
}

/** Every week of an ISO week-year: everything one index partition can hold. */
function weeksOfWeekYear(year: number): string[] {
  return Array.from({ length: weeksInIsoYear(year) }, (_, i) =>
    formatWeek({ weekYear: year, weekNumber: i + 1 }),
  );
}

describe('the week heads index', () => {
  test('It should put every week of any period in one partition, and its range should hold exactly those weeks', () => {
    const periods = everyPeriod();
    // 100 years of 4 quarters, 2 halves, a year and 52 or 53 weeks; 2004, 2009, 2015, 2020 have 53.
    expect(periods).toContain('2020-W53');
    expect(periods.length).toBeGreaterThan(100 * 59);
    for (const period of periods) {
      const weeks = weeksOfPeriod(period);
      const partitions = new Set(weeks.map((week) => keys.weekHeadsPartition(week)));
      expect([period, partitions.size]).toEqual([period, 1]);
      const year = Number([...partitions][0]!.slice('HEADS#'.length));
      const { from, to } = keys.weekHeadsRange(weeks[0]!, weeks[weeks.length - 1]!);
      // Ids made of the characters ID_PATTERN allows, from its lowest ('-') to its highest ('z').
      for (const departmentId of ['0', 'zzzzzzzz', '0-'.padEnd(64, '-')]) {
        const inRange = weeksOfWeekYear(year).filter((week) => {
          const sortKey = keys.weekHeadsIndexKeys(departmentId, week)[WEEK_HEADS_INDEX.sortKey]!;
          return sortKey >= from && sortKey <= to;
        });
        expect([period, inRange]).toEqual([period, weeks]);
      }
    }
  });

  test('It should key a head by its week-year, week and department', () => {
    expect(keys.weekHeadsIndexKeys('qwb', '2021-W01')).toEqual({
      weekHeadsPk: 'HEADS#2021',
      weekHeadsSk: '2021-W01#qwb',
    });
    // 2021-W01 begins on Monday 2021-01-04; 2020-W53 ends on Sunday 2021-01-03 and stays in 2020.
    expect(keys.weekHeadsPartition('2020-W53')).toBe('HEADS#2020');
  });

  test('It should read the week and the department back from the sort key it wrote', () => {
    for (const [departmentId, week] of [
      ['qwb', '2023-W01'],
      ['a-very-long-department-id-9', '2020-W53'],
    ] as const) {
      const { weekHeadsSk } = keys.weekHeadsIndexKeys(departmentId, week);
      expect(keys.weekHeadOf(weekHeadsSk)).toEqual({ week, departmentId });
    }
  });

  test('It should strip the index attributes along with the table keys', () => {
    const head = {
      pk: 'REPORT#qwb',
      sk: 'HEAD#2023-W01',
      ...keys.weekHeadsIndexKeys('qwb', '2023-W01'),
      week: 'x',
    };
    expect(withoutKeys(head)).toEqual({ week: 'x' });
  });
});
