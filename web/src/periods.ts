/**
 * The periods a reviewer looks at (weeks, quarters, half-years, years), named in words and offered as
 * choices, and the `?period=` of the links that messages carry (shared/use-cases/notifications.ts builds
 * them as the app's address with `?period=<period>`). Calendar rules are the API's own (calendar.ts).
 */
import {
  isPeriod,
  periodKind,
  periodOf,
  periodTitle,
  previousPeriod,
  weekDates,
  type PeriodKind,
} from '../../shared/domain/calendar';

export { isPeriod, periodKind };

/** "2023年上半年", "2023年第一季度", "2023年", and for a week its dates too: "2023年第10周（3月6日—3月12日）". */
export function periodName(period: string): string {
  if (!isPeriod(period)) return period;
  return periodKind(period) === 'week'
    ? `${periodTitle(period)}（${weekDates(period)}）`
    : periodTitle(period);
}

const SUMMARY_NAMES: Record<PeriodKind, string> = {
  week: '本周周晒',
  quarter: '季度汇总',
  half: '半年汇总',
  year: '年度汇总',
};

/** What the period's summary is called: a week's is the weekly showcase (周晒). */
export function summaryName(period: string): string {
  return isPeriod(period) ? SUMMARY_NAMES[periodKind(period)] : '汇总';
}

/**
 * The heading over the district document's preview: a week's district document is the weekly showcase
 * itself, the other periods' is the district's review of that period.
 */
export function previewName(period: string): string {
  if (isPeriod(period) && periodKind(period) === 'week') return '本周周晒预览';
  return `区级${summaryName(period)}预览`;
}

export interface PeriodChoice {
  value: string;
  label: string;
}

/**
 * The periods offered in the picker, newest kind first: the week just ended and the one before, then
 * the running and the previous quarter, half-year and year. Any other period can still be typed.
 */
export function periodChoices(now: Date, timeZone: string): PeriodChoice[] {
  const lastWeek = previousPeriod(periodOf(now, timeZone, 'week'));
  const periods = [lastWeek, previousPeriod(lastWeek)];
  for (const kind of ['quarter', 'half', 'year'] as const) {
    const current = periodOf(now, timeZone, kind);
    periods.push(current, previousPeriod(current));
  }
  return periods.map((value) => ({ value, label: periodName(value) }));
}

/** The period a link asks for (`?period=2023-W10`), if it is one the API accepts. */
export function periodFromSearch(search: string): string | undefined {
  const value = new URLSearchParams(search).get('period')?.trim();
  return value && isPeriod(value) ? value : undefined;
}

/** The address with `?period=` set to the period shown, so it can be bookmarked and shared. */
export function searchWithPeriod(search: string, period: string): string {
  const params = new URLSearchParams(search);
  params.set('period', period);
  return `?${params.toString()}`;
}
