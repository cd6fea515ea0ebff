/**
 * The zone tables against luxon, which computed the deadlines before them: every week's deadline, start
 * and end over the years the API accepts, in zones with and without DST, with half- and quarter-hour
 * offsets, with transitions at midnight, and at local times that fall into the gaps and overlaps of
 * their transitions.
 */
import { DateTime } from 'luxon';
import {
  deadlineOf,
  formatWeek,
  weekEnd,
  weekOf,
  weekStart,
  weeksInIsoYear,
  periodOf,
  type Deadline,
} from '../../../../shared/domain/calendar';
import {
  instantOfLocal,
  offsetAt,
  ZONE_TABLE_RANGE,
  zonedTime,
  type ZoneTable,
} from '../../../../shared/domain/zone';
import {
  computeZoneTable,
  parseZoneTable,
  registerZoneTable,
  zoneTable,
} from '../../../../shared/domain/zone-table';

const ZONES = [
  'Asia/Shanghai', // the default: DST in 1986–1991 only
  'Europe/Berlin', // DST, transitions at 02:00/03:00 local
  'America/New_York', // DST, transitions at 02:00 local, rules changed in 2007
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45 since 1986
  'Australia/Lord_Howe', // a half-hour DST
  'America/Santiago', // transitions at midnight
  'UTC',
];

/** The deadline as calendar.ts computed it with luxon before the tables. */
function luxonDeadline(week: string, deadline: Deadline): DateTime {
  const [weekYear, weekNumber] = week.split('-W').map(Number);
  const [hour, minute] = deadline.time.split(':').map(Number);
  return DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: deadline.timeZone })
    .startOf('day')
    .plus({ weeks: 1 })
    .plus({ days: deadline.weekday - 1 })
    .set({ hour, minute, second: 0, millisecond: 0 });
}

const luxonWeekStart = (week: string, zone: string) => {
  const [weekYear, weekNumber] = week.split('-W').map(Number);
  return DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone }).startOf('day');
};

function weeksOfYears(from: number, to: number): string[] {
  const weeks: string[] = [];
  for (let year = from; year <= to; year++) {
    for (let week = 1; week <= weeksInIsoYear(year); week++)
      weeks.push(formatWeek({ weekYear: year, weekNumber: week }));
  }
  return weeks;
}
const WEEKS = weeksOfYears(2000, 2099);
/** Fewer years where luxon is asked several times a week (it is the slow side of these tests). */
const WEEKS_TO_2039 = weeksOfYears(2000, 2039);
const DST_ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];

/** Deadlines on the nights of transitions and at midnight. */
const TRANSITION_NIGHT_TIMES: [weekday: number, time: string][] = [
  [7, '02:30'], // in the spring gap and the autumn overlap of Europe and North America
  [7, '00:00'], // Santiago's clocks skip or repeat the hour around Sunday midnight
  [6, '23:30'],
  [1, '00:00'],
];

function deadlineDifferences(timeZone: string, times: [number, string][], weeks: string[]): string[] {
  const differences: string[] = [];
  for (const [weekday, time] of times) {
    const deadline = { timeZone, weekday, time };
    for (const week of weeks) {
      const expected = luxonDeadline(week, deadline);
      const actual = deadlineOf(week, deadline);
      if (actual.toISO() !== expected.toISO() || actual.toMillis() !== expected.toMillis()) {
        differences.push(`${week} ${weekday} ${time}: ${actual.toISO()} ≠ luxon ${expected.toISO()}`);
      }
    }
  }
  return differences;
}

describe('deadlines from the zone tables', () => {
  it.each(ZONES)('should equal luxon for every week of 2000–2099 in %s (Monday 12:00)', (timeZone) => {
    expect(deadlineDifferences(timeZone, [[1, '12:00']], WEEKS)).toEqual([]);
  });

  it.each(DST_ZONES)('should equal luxon on the nights of transitions in %s, 2000–2039', (timeZone) => {
    expect(deadlineDifferences(timeZone, TRANSITION_NIGHT_TIMES, WEEKS_TO_2039)).toEqual([]);
  });

  it.each(ZONES)('should start and end every week of 2000–2039 where luxon did in %s', (timeZone) => {
    const differences: string[] = [];
    for (const week of WEEKS_TO_2039) {
      const expected = luxonWeekStart(week, timeZone);
      if (weekStart(week, timeZone).toISO() !== expected.toISO()) differences.push(`${week} start`);
      if (weekEnd(week, timeZone).toMillis() !== expected.plus({ weeks: 1 }).toMillis())
        differences.push(`${week} end`);
    }
    expect(differences).toEqual([]);
  });

  it('should move a deadline in a DST gap forward by the gap, and take the first of two equal local times', () => {
    const sundayHalfPastTwo = { timeZone: 'Europe/Berlin', weekday: 7, time: '02:30' };
    // 2023-03-26: clocks jump from 02:00 to 03:00; 2023-10-29: they go back from 03:00 to 02:00.
    expect(deadlineOf('2023-W11', sundayHalfPastTwo).toISO()).toBe('2023-03-26T03:30:00.000+02:00');
    expect(deadlineOf('2023-W42', sundayHalfPastTwo).toISO()).toBe('2023-10-29T02:30:00.000+02:00');
  });
});

describe('instants read in the zone tables', () => {
  it.each(ZONES)('should give luxon’s offset, week and half-year around every transition of %s', (zone) => {
    const table = zoneTable(zone);
    const differences: string[] = [];
    const instants = table.offsets.flatMap(([at]) => [at - 1, at, at + 1]).filter((at) => at >= table.from);
    for (let at = Date.UTC(2000, 0, 1); at < Date.UTC(2100, 0, 1); at += 997 * 3_600_000) instants.push(at);
    for (const at of instants) {
      const local = DateTime.fromMillis(at, { zone });
      if (offsetAt(table, at) !== local.offset) differences.push(`${at} offset`);
      const date = new Date(at);
      if (weekOf(date, zone) !== `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`) {
        differences.push(`${date.toISOString()} week`);
      }
      if (periodOf(date, zone) !== `${local.year}-H${local.month <= 6 ? 1 : 2}`)
        differences.push(`${at} half`);
      if (zonedTime(table, at).toISO() !== local.toISO()) differences.push(`${date.toISOString()} ISO`);
    }
    expect(differences).toEqual([]);
  });

  it('should refuse an instant outside the years its table covers, naming them', () => {
    expect(() => deadlineOf('2101-W10', { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' })).toThrow(
      new RangeError(
        "2101-03-14 12:00 (local time) lies outside the years Asia/Shanghai's table of offsets covers, 1970 to 2100",
      ),
    );
    expect(() => weekOf(new Date('1969-12-31T23:00:00Z'), 'UTC')).toThrow(RangeError);
  });
});

describe('zone tables', () => {
  it('should cover 1970 to the end of 2100 with the zone’s changes of offset only', () => {
    const table = computeZoneTable('Asia/Shanghai');
    expect([table.from, table.until]).toEqual([ZONE_TABLE_RANGE.from, ZONE_TABLE_RANGE.until]);
    // China kept DST from 1986 to 1991: six springs and six autumns around a +08:00 that never changed since.
    expect(table.offsets).toHaveLength(13);
    expect(table.offsets[0]).toEqual([ZONE_TABLE_RANGE.from, 480]);
    expect(table.offsets[1]).toEqual([Date.UTC(1986, 4, 3, 18), 540]); // 1986-05-04 02:00 local
    expect(table.offsets.at(-1)).toEqual([Date.UTC(1991, 8, 14, 17), 480]);
  });

  it('should refuse a zone that does not exist', () => {
    expect(() => computeZoneTable('Mars/Olympus')).toThrow(new RangeError('Unknown time zone: Mars/Olympus'));
  });

  it('should use a registered table instead of computing one, so a deployed function never needs ICU', () => {
    const table: ZoneTable = {
      zone: 'Test/Ninety',
      ...ZONE_TABLE_RANGE,
      offsets: [[ZONE_TABLE_RANGE.from, 90]],
    };
    registerZoneTable(table);
    expect(zoneTable('Test/Ninety')).toBe(table);
    expect(weekStart('2023-W23', 'Test/Ninety').toISO()).toBe('2023-06-05T00:00:00.000+01:30');
  });

  it('should convert local times with the table alone', () => {
    const table: ZoneTable = {
      zone: 'Test/Jump',
      from: 0,
      until: Date.UTC(2000, 0, 1),
      offsets: [
        [0, 60],
        [Date.UTC(1990, 0, 1, 1), 120], // 02:00 local becomes 03:00
        [Date.UTC(1991, 0, 1, 1), 60], // 03:00 local becomes 02:00
      ],
    };
    expect(instantOfLocal(table, Date.UTC(1989, 11, 31, 12))).toBe(Date.UTC(1989, 11, 31, 11));
    expect(instantOfLocal(table, Date.UTC(1990, 0, 1, 2, 30))).toBe(Date.UTC(1990, 0, 1, 1, 30)); // gap: 03:30
    expect(instantOfLocal(table, Date.UTC(1991, 0, 1, 2, 30))).toBe(Date.UTC(1991, 0, 1, 0, 30)); // the first
    expect(instantOfLocal(table, Date.UTC(1991, 0, 1, 3, 30))).toBe(Date.UTC(1991, 0, 1, 2, 30));
  });

  it('should read back a table from its JSON and refuse one of another shape, naming the file', () => {
    const table = computeZoneTable('Europe/Berlin');
    expect(parseZoneTable(JSON.parse(JSON.stringify(table)), 'time-zone.json')).toEqual(table);
    const broken = { ...table, offsets: [...table.offsets].reverse() };
    expect(() => parseZoneTable(broken, 'time-zone.json')).toThrow(
      'time-zone.json: not a time zone table: offsets must be [instant, minutes] pairs, ascending from `from`',
    );
    expect(() => parseZoneTable({ ...table, zone: 3 }, 'f.json')).toThrow(
      'f.json: not a time zone table: zone',
    );
    expect(() => parseZoneTable([], 'f.json')).toThrow('f.json: not a time zone table');
  });
});
