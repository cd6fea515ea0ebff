/**
 * Where a zone's table comes from: registered from the file the synth shipped (the deployed functions:
 * shared/config/config.ts registers it when the deadline is first read), or else computed here on
 * first use from the runtime's ICU through Intl, which is what luxon reads offsets from too.
 *
 * The computation is in every bundle that computes deadlines but never runs in a deployed function,
 * whose zone is registered before any deadline is asked for (an infra test runs the bundles with
 * Intl.DateTimeFormat trapped). It is plain code rather than a dynamic import because the calendar is
 * synchronous, and it is a few hundred bytes.
 */
import { ZONE_TABLE_RANGE, type ZoneTable } from './zone';

const tables = new Map<string, ZoneTable>();

/** Makes the table the one used for its zone in this process. */
export function registerZoneTable(table: ZoneTable): void {
  tables.set(table.zone, table);
}

/** The zone's table: the registered one, or one computed now (and kept). RangeError for an unknown zone. */
export function zoneTable(zone: string): ZoneTable {
  let table = tables.get(zone);
  if (!table) {
    table = computeZoneTable(zone);
    tables.set(zone, table);
  }
  return table;
}

/** en-US with a 23-hour clock: "month/day/year, hh:mm:ss". */
const WALL_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/**
 * How far apart the offsets are sampled. A change and its reversal within one week would be missed; we
 * know of no zone with one since 1970, and a shorter step costs the sources' computation as much more.
 */
const STEP = 7 * 86_400_000;

/**
 * The zone's offsets over ZONE_TABLE_RANGE, from Intl: sampled weekly, each change then narrowed down
 * to the second by bisection (transitions fall on whole seconds). RangeError for an unknown zone.
 */
export function computeZoneTable(
  zone: string,
  range: { from: number; until: number } = ZONE_TABLE_RANGE,
): ZoneTable {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(`Unknown time zone: ${zone}`);
  }
  // The wall time at the instant, read as UTC, minus the instant (whole seconds): how luxon reads an
  // offset. From the formatted text ("1/31/2023, 13:05:00") rather than formatToParts, which is four
  // times slower; every year of the range is AD, so the text needs no era.
  const offset = (instant: number): number => {
    const text = format.format(instant);
    const match = WALL_TIME.exec(text);
    if (!match) throw new Error(`Unexpected wall time from Intl for ${zone}: ${text}`);
    const [, month, day, year, hour, minute, second] = match.map(Number) as number[];
    const wall = new Date(0);
    wall.setUTCFullYear(year!, month! - 1, day!);
    wall.setUTCHours(hour! % 24, minute!, second!, 0);
    return (wall.getTime() - (instant - (((instant % 1000) + 1000) % 1000))) / 60_000;
  };

  const offsets: [number, number][] = [[range.from, offset(range.from)]];
  // The first second after `low` whose offset differs from `low`'s, given that `high`'s does.
  const firstChange = (low: number, high: number): number => {
    const before = offset(low);
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (offset(middle) === before) low = middle;
      else high = middle;
    }
    return high;
  };
  for (let low = range.from; low < range.until;) {
    const high = Math.min(low + STEP, range.until - 1000);
    if (high <= low) break;
    if (offset(high) === offsets[offsets.length - 1]![1]) {
      low = high;
      continue;
    }
    // Narrow down to the first change after `low`; a second change within the step is found next turn.
    const at = firstChange(low, high);
    offsets.push([at, offset(at)]);
    low = at;
  }
  return { zone, from: range.from, until: range.until, offsets };
}

/** A table read back from JSON (the shipped file), checked for the shape zone.ts relies on. */
export function parseZoneTable(value: unknown, source: string): ZoneTable {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a time zone table: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const { zone, from, until, offsets } = value as Record<string, unknown>;
  if (typeof zone !== 'string' || zone === '') return fail('zone must be a name');
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(until) || (from as number) >= (until as number)) {
    return fail('from and until must be instants, from before until');
  }
  if (!Array.isArray(offsets) || offsets.length === 0) return fail('offsets must be a non-empty list');
  let previous: number | undefined;
  for (const entry of offsets as unknown[]) {
    const ok =
      Array.isArray(entry) &&
      entry.length === 2 &&
      Number.isSafeInteger(entry[0]) &&
      Number.isFinite(entry[1]) &&
      (previous === undefined ? entry[0] === from : (entry[0] as number) > previous);
    if (!ok) return fail('offsets must be [instant, minutes] pairs, ascending from `from`');
    previous = (entry as number[])[0];
  }
  return value as ZoneTable;
}
