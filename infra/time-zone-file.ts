/**
 * The time zone's offsets as a file, computed at synth for every bundle to ship: the functions that
 * compute deadlines would otherwise build an Intl.DateTimeFormat (about 10 ms of CPU at every cold start)
 * or carry luxon to learn them (shared/domain/zone.ts says why a table). The zone's rules only change
 * with the runtime's time-zone data, and a deployment takes the build machine's.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeZoneTable } from '../shared/domain/zone-table';

/**
 * Writes the zone's table and returns the file's path. Named by the content's hash, like the OpenAPI
 * file, so that every synth of the same zone finds the same file and the bundles' asset hashes stay put.
 */
export function timeZoneFile(zone: string): string {
  const json = JSON.stringify(computeZoneTable(zone));
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `showcase-time-zone-${hash}.json`);
  writeFileSync(path, json);
  return path;
}
