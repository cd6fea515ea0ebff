import { loadConfig } from '../../../../shared/config/config';
import { defaultCatalog } from '../../../../shared/domain/catalog';

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
    // Settings that do not depend on the zone stay readable: checking it costs ICU's zone data.
    expect(config.orgName).toBe('区委组织部');
    expect(() => config.deadline).toThrow(
      'Invalid environment: TIME_ZONE: must be an IANA time zone such as Asia/Shanghai',
    );
  });

  it('should still refuse a malformed setting on the first read of any setting', () => {
    const config = loadConfig({ DUE_TIME: '25:00' });
    expect(() => config.orgName).toThrow('DUE_TIME: must be HH:mm');
  });
});
