/**
 * A time zone as a table of its offsets from UTC, and local wall time converted through it.
 *
 * Why a table and not Intl or luxon: the API functions compute deadlines in the district's zone on
 * nearly every cold start, and the first `Intl.DateTimeFormat` a process builds costs about 10 ms of
 * CPU (ICU's formatter machinery, whatever the zone), luxon 3–7 ms more plus compiling its 70 KB.
 * The offsets of one zone over the years the API accepts are a few hundred numbers: the synth computes
 * them once for the configured zone (infra/time-zone-file.ts) and ships them beside every bundle, and
 * looking an instant up in them is plain arithmetic. From the sources (tests, the local stack) a zone
 * nobody registered is computed on first use from the runtime's ICU (zone-table.ts), as luxon would.
 *
 * Why not the TZ environment variable and `Date`'s local time: TZ is process-wide, and the local
 * stack runs every handler in one process, next to tests that use several zones.
 *
 * Local times that do not exist or exist twice (around a DST transition) resolve as luxon resolves them:
 * a time in a gap moves forward by the gap's length (02:30 on the night clocks jump from 02:00 to
 * 03:00 is 03:30), and a time that occurs twice is the first of the two (the offset before the
 * transition). test/unit/shared/domain/zone.test.ts holds every week's deadline equal to luxon's.
 */

/** The instants a table covers: from 1970 to the end of 2100, around the years the API accepts. */
export const ZONE_TABLE_RANGE = { from: Date.UTC(1970, 0, 1), until: Date.UTC(2101, 0, 1) } as const;

/** One zone's offsets over a bounded range of instants: the form shipped beside the bundles. */
export interface ZoneTable {
  /** The IANA name the table was computed for. */
  readonly zone: string;
  /** The first instant covered, in milliseconds since the epoch. */
  readonly from: number;
  /** The first instant no longer covered. */
  readonly until: number;
  /**
   * `[instant, offset]`: from that instant (ms since the epoch) the zone is `offset` minutes ahead of
   * UTC; ascending, the first at `from`, each offset different from the one before.
   */
  readonly offsets: readonly (readonly [number, number])[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The zone's offset from UTC, in minutes, at the instant. */
export function offsetAt(table: ZoneTable, instant: number): number {
  return table.offsets[entryAt(table, instant)]![1];
}

function outside(table: ZoneTable, what: string): RangeError {
  const year = (instant: number) => new Date(instant).getUTCFullYear();
  return new RangeError(
    `${what} lies outside the years ${table.zone}'s table of offsets covers, ` +
      `${year(table.from)} to ${year(table.until - 1)}`,
  );
}

/** Index of the entry in force at the instant (binary search); refuses an instant outside the table. */
function entryAt(table: ZoneTable, instant: number): number {
  if (!(instant >= table.from && instant < table.until)) {
    throw outside(table, Number.isFinite(instant) ? new Date(instant).toISOString() : String(instant));
  }
  let low = 0;
  let high = table.offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (table.offsets[middle]![0] <= instant) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The instant at which the zone's clocks show the local wall time `local` (given as milliseconds
 * since the epoch as if the wall time were UTC, e.g. `Date.UTC(2023, 5, 12, 12, 0)`). A time that
 * occurs twice is the first of the two; a time in a gap is moved forward by the gap's length.
 */
export function instantOfLocal(table: ZoneTable, local: number): number {
  // Any offset that could apply is in force within a day of the wall time read as UTC (offsets lie
  // within ±18 h); look at every offset from a day before to a day after.
  if (!(local - DAY >= table.from && local + DAY < table.until)) {
    throw outside(table, `${new Date(local).toISOString().slice(0, 16).replace('T', ' ')} (local time)`);
  }
  const first = entryAt(table, local - DAY);
  const last = entryAt(table, local + DAY);
  let found: number | undefined;
  for (let i = first; i <= last; i++) {
    const offset = table.offsets[i]![1];
    const instant = local - offset * MINUTE;
    if (offsetAt(table, instant) === offset && (found === undefined || instant < found)) found = instant;
  }
  if (found !== undefined) return found;
  // In a gap: clocks jumped over this time at a transition. Read it with the offset before the
  // jump, which lands as far after the transition as the time lies after its start.
  for (let i = Math.max(first, 1); i <= last; i++) {
    const [at, after] = table.offsets[i]!;
    const before = table.offsets[i - 1]![1];
    if (local >= at + before * MINUTE && local < at + after * MINUTE) return local - before * MINUTE;
  }
  throw new RangeError(`No instant of ${table.zone} shows ${new Date(local).toISOString().slice(0, 19)}`);
}

/**
 * An instant with the zone's wall time at it: what deadlines and week starts are. Immutable; the
 * fields are the local calendar date and time (month 1–12, weekday 1–7 Monday to Sunday).
 */
export class ZonedTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;

  constructor(
    /** Milliseconds since the epoch. */
    readonly instant: number,
    /** Minutes ahead of UTC at that instant. */
    readonly offset: number,
    /** Whether the zone is UTC itself, which ISO 8601 writes as "Z" (luxon did). */
    private readonly utc = false,
  ) {
    const local = new Date(instant + offset * MINUTE);
    this.year = local.getUTCFullYear();
    this.month = local.getUTCMonth() + 1;
    this.day = local.getUTCDate();
    this.weekday = local.getUTCDay() || 7;
    this.hour = local.getUTCHours();
    this.minute = local.getUTCMinutes();
    this.second = local.getUTCSeconds();
    this.millisecond = local.getUTCMilliseconds();
  }

  toMillis(): number {
    return this.instant;
  }

  /** "2023-06-12" */
  toISODate(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  /** "2023-06-12T12:00:00.000+08:00", as luxon's `toISO()` wrote it. */
  toISO(): string {
    const time = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}.${pad(this.millisecond, 3)}`;
    return `${this.toISODate()}T${time}${this.utc ? 'Z' : isoOffset(this.offset)}`;
  }

  /** "12:00" */
  toHourMinute(): string {
    return `${pad(this.hour)}:${pad(this.minute)}`;
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function isoOffset(offset: number): string {
  const hours = Math.trunc(Math.abs(offset) / 60);
  const minutes = Math.trunc(Math.abs(offset) % 60);
  return `${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}`;
}

/** Names luxon (and ISO 8601's "Z") treat as UTC itself rather than as a zone that is at +00:00. */
const isUtc = (zone: string) => ['utc', 'gmt'].includes(zone.toLowerCase());

/** The instant, as the zone's wall time at it. */
export function zonedTime(table: ZoneTable, instant: number): ZonedTime {
  return new ZonedTime(instant, offsetAt(table, instant), isUtc(table.zone));
}

/** The local wall time (year, month 1–12, day, hour, minute) in the zone, as an instant. */
export function zonedTimeOfLocal(
  table: ZoneTable,
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
): ZonedTime {
  const wall = new Date(0);
  wall.setUTCFullYear(local.year, local.month - 1, local.day);
  wall.setUTCHours(local.hour ?? 0, local.minute ?? 0, 0, 0);
  return zonedTime(table, instantOfLocal(table, wall.getTime()));
}
