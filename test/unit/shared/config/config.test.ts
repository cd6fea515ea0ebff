import { loadConfig } from '../../../../shared/config/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalog } from '../../../../shared/domain/catalog';
import { deadlineOf } from '../../../../shared/domain/calendar';
import { ZONE_TABLE_RANGE } from '../../../../shared/domain/zone';

const dir = mkdtempSync(join(tmpdir(), 'showcase-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function zoneFile(content: unknown): string {
  const file = join(dir, `time-zone-${++files}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('loadConfig', () => {
  it('should hand out the table name without validating the rest of the environment', () => {
    const config = loadConfig({ TABLE_NAME: 'reports', DUE_TIME: 'noon' });
    expect(config.tableName()).toBe('reports');
  });

  it('should name every bad variable when a parsed setting is first read', () => {
    const config = loadConfig({ TABLE_NAME: 'reports', DUE_TIME: 'noon', DUE_WEEKDAY: '9' });
    expect(() => config.deadline).toThrow(/DUE_WEEKDAY: .*; DUE_TIME: must be HH:mm/);
    expect(() => config.orgName).toThrow(/Invalid environment/);
  });

  it('should apply the defaults and read the flags', () => {
    const config = loadConfig({ S3_FORCE_PATH_STYLE: 'true' });
    expect(config.deadline).toEqual({ timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' });
    expect(config.orgName).toBe('张湾区委组织部');
    expect(config.s3ForcePathStyle).toBe(true);
    expect(config.catalog).toBe(defaultCatalog);
  });

  it('should say which resource variable a function was deployed without', () => {
    const config = loadConfig({});
    expect(() => config.bucketName()).toThrow('BUCKET_NAME environment variable is not set');
    expect(() => config.generatorFunctionName()).toThrow(
      'GENERATOR_FUNCTION_NAME environment variable is not set',
    );
  });

  it('should refuse an unknown time zone where the deadline is read, and only there', () => {
    const config = loadConfig({ TIME_ZONE: 'Mars/Olympus_Mons', ORG_NAME: '区委组织部' });
    // Settings that do not depend on the zone stay readable: checking it computes the zone's offsets.
    expect(config.orgName).toBe('区委组织部');
    expect(() => config.deadline).toThrow(
      'Invalid environment: TIME_ZONE: must be an IANA time zone such as Asia/Shanghai',
    );
  });

  it('should take the zone’s offsets from TIME_ZONE_FILE when the synth shipped them, without asking ICU', () => {
    // A zone ICU does not know: only the file can give its offsets.
    const file = zoneFile({
      zone: 'Test/Shipped',
      ...ZONE_TABLE_RANGE,
      offsets: [[ZONE_TABLE_RANGE.from, 90]],
    });
    const config = loadConfig({ TIME_ZONE: 'Test/Shipped', TIME_ZONE_FILE: file });
    expect(config.deadline).toEqual({ timeZone: 'Test/Shipped', weekday: 1, time: '12:00' });
    expect(deadlineOf('2023-W23', config.deadline).toISO()).toBe('2023-06-12T12:00:00.000+01:30');
  });

  it('should refuse a TIME_ZONE_FILE computed for another zone, or one that is no table', () => {
    const file = zoneFile({
      zone: 'Europe/Berlin',
      ...ZONE_TABLE_RANGE,
      offsets: [[ZONE_TABLE_RANGE.from, 60]],
    });
    expect(() => loadConfig({ TIME_ZONE: 'Asia/Shanghai', TIME_ZONE_FILE: file }).deadline).toThrow(
      `Invalid environment: TIME_ZONE_FILE: ${file} holds the offsets of Europe/Berlin, not of TIME_ZONE Asia/Shanghai`,
    );
    const broken = zoneFile({ zone: 'Asia/Shanghai', offsets: [] });
    expect(() => loadConfig({ TIME_ZONE_FILE: broken }).deadline).toThrow(`${broken}: not a time zone table`);
  });

  it('should still refuse a malformed setting on the first read of any setting', () => {
    const config = loadConfig({ DUE_TIME: '25:00' });
    expect(() => config.orgName).toThrow('DUE_TIME: must be HH:mm');
  });
});
