/**
 * ISO weeks, half-year periods and report deadlines.
 *
 * Week arithmetic is Luxon's (ISO week-numbering years, time zones from Intl); this module only states
 * the project's rules on top of it: a week belongs to the half-year that holds its Thursday, and a
 * report is due at a configured weekday and time of the week after it, in the deployment's time zone.
 */
import { DateTime } from 'luxon';

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
export type Period = string; // "2023-H1"

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
  if (weekNumber < 1) return undefined;
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: 'UTC' });
  // Luxon rolls week 53 of a 52-week year over into the next year; such a week does not exist.
  if (!monday.isValid || monday.weekYear !== weekYear || monday.weekNumber !== weekNumber) return undefined;
  return { weekYear, weekNumber };
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

/** Monday 00:00 of the week in the given zone. */
export function weekStart(week: IsoWeek, timeZone: string): DateTime {
  const { weekYear, weekNumber } = requireWeek(week);
  return DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: timeZone }).startOf('day');
}

/** The instant the week is over: the following Monday 00:00 in the given zone. */
export function weekEnd(week: IsoWeek, timeZone: string): DateTime {
  return weekStart(week, timeZone).plus({ weeks: 1 });
}

export function weekOf(instant: Date, timeZone: string): IsoWeek {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return formatWeek({ weekYear: local.weekYear, weekNumber: local.weekNumber });
}

export function nextWeek(week: IsoWeek): IsoWeek {
  const monday = weekStart(week, 'UTC').plus({ weeks: 1 });
  return formatWeek({ weekYear: monday.weekYear, weekNumber: monday.weekNumber });
}

export function previousWeek(week: IsoWeek): IsoWeek {
  const monday = weekStart(week, 'UTC').minus({ weeks: 1 });
  return formatWeek({ weekYear: monday.weekYear, weekNumber: monday.weekNumber });
}

/** Compares two valid weeks; the zero-padded form sorts as text. */
export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function deadlineOf(week: IsoWeek, deadline: Deadline): DateTime {
  const [hour, minute] = deadline.time.split(':').map(Number);
  return weekEnd(week, deadline.timeZone)
    .plus({ days: deadline.weekday - 1 })
    .set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
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

export interface PeriodParts {
  year: number;
  half: 1 | 2;
}

/** Parses "2023-H1"; undefined for anything else or a year outside MIN_YEAR..MAX_YEAR. */
export function parsePeriod(period: string): PeriodParts | undefined {
  const parts = periodParts(period);
  return parts && inYearRange(parts.year) ? parts : undefined;
}

function periodParts(period: string): PeriodParts | undefined {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) return undefined;
  return { year: Number(match[1]), half: match[2] === '1' ? 1 : 2 };
}

export function isPeriod(period: string): boolean {
  return parsePeriod(period) !== undefined;
}

function requirePeriod(period: Period): PeriodParts {
  const parts = periodParts(period);
  if (!parts) throw new RangeError(`Not a half-year period: ${period}`);
  return parts;
}

/** The half-year that holds the week's Thursday. */
export function periodOfWeek(week: IsoWeek): Period {
  const thursday = weekStart(week, 'UTC').plus({ days: 3 });
  return `${thursday.year}-H${thursday.month <= 6 ? 1 : 2}`;
}

/** The half-year that holds the calendar date of the instant in the given zone. */
export function periodOf(instant: Date, timeZone: string): Period {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.year}-H${local.month <= 6 ? 1 : 2}`;
}

/** Every week of the period, in order. */
export function weeksOfPeriod(period: Period): IsoWeek[] {
  const { year, half } = requirePeriod(period);
  const firstDay = DateTime.fromObject({ year, month: half === 1 ? 1 : 7, day: 1 }, { zone: 'UTC' });
  // The first week whose Thursday is on or after the first day of the half-year.
  let week = weekOf(firstDay.toJSDate(), 'UTC');
  if (periodOfWeek(week) !== period) week = nextWeek(week);
  const weeks: IsoWeek[] = [];
  while (periodOfWeek(week) === period) {
    weeks.push(week);
    week = nextWeek(week);
  }
  return weeks;
}

export function previousPeriod(period: Period): Period {
  const { year, half } = requirePeriod(period);
  return half === 2 ? `${year}-H1` : `${year - 1}-H2`;
}

export function comparePeriods(a: Period, b: Period): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2023年上半年": how the period is named in titles and file names. */
export function periodTitle(period: Period): string {
  const { year, half } = requirePeriod(period);
  return `${year}年${half === 1 ? '上' : '下'}半年`;
}
