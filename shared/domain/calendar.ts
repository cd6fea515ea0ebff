/**
 * ISO weeks, periods (weeks, quarters, half-years, years) and report deadlines.
 *
 * Dates are plain ISO 8601 arithmetic on UTC dates; a time zone enters only where a week or a deadline
 * becomes an instant, through the zone's table of offsets (zone.ts). Neither luxon nor Intl is used:
 * the API functions that compute deadlines paid both at every cold start (README "Cold start"). The
 * project's rules: a week belongs to the quarter, half-year and year that hold its Thursday (so a year
 * is the ISO week-year), and a report is due at a configured weekday and time of the week after it, in
 * the deployment's time zone.
 */
import { zonedTime, zonedTimeOfLocal, type ZonedTime } from './zone';
import { zoneTable } from './zone-table';

export type { ZonedTime } from './zone';

export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
export const PERIOD_PATTERN = /^(\d{4})-H([12])$/;

/**
 * The years the API accepts in weeks and periods (ISO week-years for weeks). Reports are work of this
 * century; a year outside it is a typo, and far-off years (0000, 9999) are where date libraries give up.
 * Only input is bounded: arithmetic on valid weeks may step just outside (the week before 2000-W01).
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

const inYearRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

export type IsoWeek = string; // "2023-W23"
export type Period = string; // "2023-W10", "2023-Q1", "2023-H1" or "2023"

/** When a week's report is due: `weekday` 1..7 (Monday..Sunday) of the following week, at `time` (HH:mm). */
export interface Deadline {
  timeZone: string;
  weekday: number;
  time: string;
}

export interface WeekParts {
  weekYear: number;
  weekNumber: number;
}

/**
 * Parses "2023-W23"; undefined for anything that is not a week that exists (2023-W54, 2023-W00, 23-W1)
 * or whose week-year lies outside MIN_YEAR..MAX_YEAR.
 */
export function parseWeek(week: string): WeekParts | undefined {
  const parts = weekParts(week);
  return parts && inYearRange(parts.weekYear) ? parts : undefined;
}

function weekParts(week: string): WeekParts | undefined {
  const match = WEEK_PATTERN.exec(week);
  if (!match) return undefined;
  const weekYear = Number(match[1]);
  const weekNumber = Number(match[2]);
  if (weekNumber < 1 || weekNumber > weeksInIsoYear(weekYear)) return undefined;
  return { weekYear, weekNumber };
}

/**
 * 53 when the year starts on a Thursday, or on a Wednesday in a leap year (ISO 8601); otherwise 52.
 * Plain arithmetic rather than luxon on purpose: validating a week or a period in a request is all
 * that most API functions need of the calendar, and without luxon in that path their bundles leave
 * it out (npm run bench:cold, README "Cold start").
 */
export function weeksInIsoYear(year: number): 52 | 53 {
  const januaryFirst = new Date(0);
  januaryFirst.setUTCFullYear(year, 0, 1);
  const weekday = januaryFirst.getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return weekday === 4 || (leap && weekday === 3) ? 53 : 52;
}

export function isWeek(week: string): boolean {
  return parseWeek(week) !== undefined;
}

export function formatWeek(parts: WeekParts): IsoWeek {
  return `${parts.weekYear}-W${String(parts.weekNumber).padStart(2, '0')}`;
}

function requireWeek(week: IsoWeek): WeekParts {
  const parts = weekParts(week);
  if (!parts) throw new RangeError(`Not an ISO week: ${week}`);
  return parts;
}

/** A calendar date (month 1–12), read in UTC arithmetic: the days of ISO weeks need no zone. */
interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The date `days` after the given one (negative: before). */
function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(0);
  moved.setUTCFullYear(date.year, date.month - 1, date.day + days);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The Monday of an ISO week: week 1 is the one that holds 4 January. */
function mondayOf(parts: WeekParts): CalendarDate {
  const fourth = new Date(0);
  fourth.setUTCFullYear(parts.weekYear, 0, 4);
  const weekday = fourth.getUTCDay() || 7;
  return addDays({ year: parts.weekYear, month: 1, day: 4 }, (parts.weekNumber - 1) * 7 - (weekday - 1));
}

/** The ISO week that holds the date: the week-year and number of its Thursday. */
function weekOfDate(date: CalendarDate): IsoWeek {
  const day = new Date(0);
  day.setUTCFullYear(date.year, date.month - 1, date.day);
  const thursday = addDays(date, 4 - (day.getUTCDay() || 7));
  const yearStart = new Date(0);
  yearStart.setUTCFullYear(thursday.year, 0, 1);
  const thursdayTime = new Date(0);
  thursdayTime.setUTCFullYear(thursday.year, thursday.month - 1, thursday.day);
  const dayOfYear = Math.round((thursdayTime.getTime() - yearStart.getTime()) / 86_400_000) + 1;
  return formatWeek({ weekYear: thursday.year, weekNumber: Math.floor((dayOfYear - 1) / 7) + 1 });
}

/**
 * Monday 00:00 of the week in the given zone. Zone arithmetic goes through the zone's table of offsets
 * (zone.ts says why not luxon or Intl): where Monday 00:00 does not exist, the week starts when the
 * clocks jump past it.
 */
export function weekStart(week: IsoWeek, timeZone: string): ZonedTime {
  return zonedTimeOfLocal(zoneTable(timeZone), mondayOf(requireWeek(week)));
}

/** The instant the week is over: the following week's start in the given zone. */
export function weekEnd(week: IsoWeek, timeZone: string): ZonedTime {
  return zonedTimeOfLocal(zoneTable(timeZone), addDays(mondayOf(requireWeek(week)), 7));
}

export function weekOf(instant: Date, timeZone: string): IsoWeek {
  return weekOfDate(zonedTime(zoneTable(timeZone), instant.getTime()));
}

export function nextWeek(week: IsoWeek): IsoWeek {
  return weekOfDate(addDays(mondayOf(requireWeek(week)), 7));
}

export function previousWeek(week: IsoWeek): IsoWeek {
  return weekOfDate(addDays(mondayOf(requireWeek(week)), -7));
}

/** Compares two valid weeks; the zero-padded form sorts as text. */
export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * When the week's report is due: the deadline's weekday of the following week at its time, in its zone.
 * A time the zone's clocks skip that day (a DST jump) is moved forward by the jump; a time they show
 * twice is the first of the two (zone.ts), as luxon had it.
 */
export function deadlineOf(week: IsoWeek, deadline: Deadline): ZonedTime {
  const [hour, minute] = deadline.time.split(':').map(Number);
  const day = addDays(mondayOf(requireWeek(week)), 7 + deadline.weekday - 1);
  return zonedTimeOfLocal(zoneTable(deadline.timeZone), { ...day, hour: hour ?? 0, minute: minute ?? 0 });
}

export function isLate(week: IsoWeek, submittedAt: Date, deadline: Deadline): boolean {
  return submittedAt.getTime() > deadlineOf(week, deadline).toMillis();
}

export function hasStarted(week: IsoWeek, now: Date, timeZone: string): boolean {
  return weekStart(week, timeZone).toMillis() <= now.getTime();
}

export function hasEnded(week: IsoWeek, now: Date, timeZone: string): boolean {
  return weekEnd(week, timeZone).toMillis() <= now.getTime();
}

/**
 * The kinds of period a summary can cover. A week is the 周晒; a quarter, a half-year and a year are
 * made of the ISO weeks whose Thursday falls in them, so a year is the ISO week-year and every week
 * belongs to exactly one period of each kind.
 */
export type PeriodKind = 'week' | 'quarter' | 'half' | 'year';

export type PeriodParts =
  | { kind: 'week'; weekYear: number; weekNumber: number }
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'half'; year: number; half: 1 | 2 }
  | { kind: 'year'; year: number };

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
const YEAR_PATTERN = /^(\d{4})$/;

/**
 * Parses "2023-W10", "2023-Q1", "2023-H1" or "2023"; undefined for anything else or a year (a week's
 * ISO week-year) outside MIN_YEAR..MAX_YEAR.
 */
export function parsePeriod(period: string): PeriodParts | undefined {
  const parts = periodParts(period);
  if (!parts) return undefined;
  return inYearRange(parts.kind === 'week' ? parts.weekYear : parts.year) ? parts : undefined;
}

/** The parts of any well-formed period, whatever its year: arithmetic may step just outside the bounds. */
function periodParts(period: string): PeriodParts | undefined {
  const week = weekParts(period);
  if (week) return { kind: 'week', ...week };
  let match = PERIOD_PATTERN.exec(period);
  if (match) return { kind: 'half', year: Number(match[1]), half: match[2] === '1' ? 1 : 2 };
  match = QUARTER_PATTERN.exec(period);
  if (match) return { kind: 'quarter', year: Number(match[1]), quarter: Number(match[2]) as 1 | 2 | 3 | 4 };
  match = YEAR_PATTERN.exec(period);
  if (match) return { kind: 'year', year: Number(match[1]) };
  return undefined;
}

export function isPeriod(period: string): boolean {
  return parsePeriod(period) !== undefined;
}

function requirePeriod(period: Period): PeriodParts {
  const parts = periodParts(period);
  if (!parts) throw new RangeError(`Not a period: ${period}`);
  return parts;
}

export function periodKind(period: Period): PeriodKind {
  return requirePeriod(period).kind;
}

export function formatPeriod(parts: PeriodParts): Period {
  switch (parts.kind) {
    case 'week':
      return formatWeek(parts);
    case 'quarter':
      return `${parts.year}-Q${parts.quarter}`;
    case 'half':
      return `${parts.year}-H${parts.half}`;
    case 'year':
      return String(parts.year);
  }
}

/** The period of the given kind that holds this calendar date. */
function periodOfDate(date: CalendarDate, kind: Exclude<PeriodKind, 'week'>): Period {
  switch (kind) {
    case 'quarter':
      return formatPeriod({ kind, year: date.year, quarter: Math.ceil(date.month / 3) as 1 | 2 | 3 | 4 });
    case 'half':
      return formatPeriod({ kind, year: date.year, half: date.month <= 6 ? 1 : 2 });
    case 'year':
      return formatPeriod({ kind, year: date.year });
  }
}

/**
 * The period of the given kind (a half-year unless said otherwise) that holds the week's Thursday.
 * The half-year is what a stored revision records as its `period`.
 */
export function periodOfWeek(week: IsoWeek, kind: PeriodKind = 'half'): Period {
  if (kind === 'week') return formatWeek(requireWeek(week));
  return periodOfDate(addDays(mondayOf(requireWeek(week)), 3), kind);
}

/** Whether the week belongs to the period, by the Thursday rule for every kind. */
export function periodContainsWeek(period: Period, week: IsoWeek): boolean {
  return periodOfWeek(week, periodKind(period)) === period;
}

/**
 * The period of the given kind (a half-year unless said otherwise) that holds the calendar date of the
 * instant in the given zone. A week is the ISO week of that date.
 */
export function periodOf(instant: Date, timeZone: string, kind: PeriodKind = 'half'): Period {
  if (kind === 'week') return weekOf(instant, timeZone);
  return periodOfDate(zonedTime(zoneTable(timeZone), instant.getTime()), kind);
}

/**
 * Every week of the period, in order: one for a week, 13 or 14 for a quarter, 52 or 53 for a year.
 * The weeks whose Thursday lies in the period's months, stepped through in plain UTC date arithmetic
 * rather than luxon, like weeksInIsoYear: listing a period's reports needs nothing else of the calendar,
 * and without luxon in that path list-reports leaves it out (npm run bench:cold, README "Cold start").
 */
export function weeksOfPeriod(period: Period): IsoWeek[] {
  const parts = requirePeriod(period);
  if (parts.kind === 'week') return [formatWeek(parts)];
  const [firstMonth, months] =
    parts.kind === 'quarter'
      ? [(parts.quarter - 1) * 3, 3]
      : parts.kind === 'half'
        ? [(parts.half - 1) * 6, 6]
        : [0, 12];
  const day = new Date(0);
  day.setUTCFullYear(parts.year, firstMonth, 1);
  const end = new Date(0);
  end.setUTCFullYear(parts.year, firstMonth + months, 1);
  // The first Thursday on or after the period's first day (getUTCDay: Sunday 0 … Thursday 4).
  day.setUTCDate(1 + ((4 - day.getUTCDay() + 7) % 7));
  const weeks: IsoWeek[] = [];
  while (day < end) {
    // A Thursday's ISO week-year is its calendar year, and its week the (day of the year + 6) / 7th.
    const yearStart = new Date(0);
    yearStart.setUTCFullYear(day.getUTCFullYear(), 0, 1);
    const dayOfYear = Math.round((day.getTime() - yearStart.getTime()) / 86_400_000) + 1;
    weeks.push(formatWeek({ weekYear: day.getUTCFullYear(), weekNumber: Math.floor((dayOfYear + 6) / 7) }));
    day.setUTCDate(day.getUTCDate() + 7);
  }
  return weeks;
}

/** The period of the same kind just before this one (环比 compares with it). */
export function previousPeriod(period: Period): Period {
  const parts = requirePeriod(period);
  switch (parts.kind) {
    case 'week':
      return previousWeek(period);
    case 'quarter':
      return parts.quarter === 1
        ? formatPeriod({ kind: 'quarter', year: parts.year - 1, quarter: 4 })
        : formatPeriod({ kind: 'quarter', year: parts.year, quarter: (parts.quarter - 1) as 1 | 2 | 3 });
    case 'half':
      return parts.half === 2 ? `${parts.year}-H1` : `${parts.year - 1}-H2`;
    case 'year':
      return String(parts.year - 1);
  }
}

/** Orders periods of the same kind; their zero-padded forms sort as text. */
export function comparePeriods(a: Period, b: Period): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CHINESE_QUARTERS = ['一', '二', '三', '四'] as const;

/**
 * How the period is named in titles and file names: "2023年第10周", "2023年第一季度", "2023年上半年",
 * "2023年". A week's title leaves out its dates so that it stays a good file name; weekDates adds them.
 */
export function periodTitle(period: Period): string {
  const parts = requirePeriod(period);
  switch (parts.kind) {
    case 'week':
      return `${parts.weekYear}年第${parts.weekNumber}周`;
    case 'quarter':
      return `${parts.year}年第${CHINESE_QUARTERS[parts.quarter - 1]}季度`;
    case 'half':
      return `${parts.year}年${parts.half === 1 ? '上' : '下'}半年`;
    case 'year':
      return `${parts.year}年`;
  }
}

/** "3月6日—3月12日": a week's Monday to Sunday, for a week's title on screen. */
export function weekDates(week: IsoWeek): string {
  const monday = mondayOf(requireWeek(week));
  const sunday = addDays(monday, 6);
  const day = (date: CalendarDate) => `${date.month}月${date.day}日`;
  return `${day(monday)}—${monday.year === sunday.year ? '' : `${sunday.year}年`}${day(sunday)}`;
}

/** A third of a month: 上旬 days 1–10, 中旬 11–20, 下旬 21 to the month's end. */
export interface Dekad {
  year: number;
  month: number;
  dekad: 1 | 2 | 3;
}

/**
 * The month and 旬 a week is read as ("3月上旬"): the week's Thursday decides, as it decides the week's year,
 * taken as a calendar date in the deployment's time zone.
 */
export function dekadOfWeek(week: IsoWeek, timeZone: string): Dekad {
  // A week's Thursday is the same calendar date in every zone; the zone is still asked for, so that a
  // document made for an unknown one fails here rather than dating its highlights anyway.
  zoneTable(timeZone);
  const thursday = addDays(mondayOf(requireWeek(week)), 3);
  return {
    year: thursday.year,
    month: thursday.month,
    dekad: thursday.day <= 10 ? 1 : thursday.day <= 20 ? 2 : 3,
  };
}
