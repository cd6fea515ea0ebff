/** Weeks and half-years for the pages, by the same calendar code the API uses. */
import { periodOfWeek, weekOf, weeksOfPeriod } from '../../shared/domain/calendar';

export { periodOfWeek, weeksOfPeriod };

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The week a clerk reports by default: the one that has just ended, in the browser's time zone. */
export function weekJustEnded(now: Date = new Date()): string {
  return weekOf(new Date(now.getTime() - WEEK_MS), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** The running week, which may already be reported (its report counts, it is not yet due). */
export function currentWeek(now: Date = new Date()): string {
  return weekOf(now, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** "2023-W07" → "2023年第7周". */
export function weekTitle(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  return match ? `${match[1]}年第${Number(match[2])}周` : week;
}

/** "2023-01-09T12:00:00.000+08:00" → "1月9日 12:00", in the zone the API gave. */
export function dueText(iso: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${Number(match[1])}月${Number(match[2])}日 ${match[3]}` : iso;
}
