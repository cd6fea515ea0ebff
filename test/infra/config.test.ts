import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, PROJECT_ROOT } from '../../infra/app-builder';
import { ConfigError, CONFIG_KEYS, parseConfig } from '../../infra/config';
import { DEFAULTS, SUMMARY_BATCH } from '../../shared/config/names';
import { cdkJsonContext } from './helpers';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

describe('parseConfig', () => {
  it('should fall back to safe defaults when the context is empty', () => {
    const config = parseConfig({}, PROJECT_ROOT);
    expect(config).toMatchObject({
      stage: 'dev',
      timeZone: DEFAULTS.timeZone,
      orgName: DEFAULTS.orgName,
      dueWeekday: DEFAULTS.dueWeekday,
      dueTime: DEFAULTS.dueTime,
      corsOrigins: [],
      logLevel: 'INFO',
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.catalogPath).toBe(join(PROJECT_ROOT, 'shared/domain/default-catalog.json'));
  });

  it('should accept the defaults written in cdk.json and agree with the built-in ones', () => {
    const context = cdkJsonContext();
    expect(CONFIG_KEYS.filter((key) => !(key in context))).toEqual([]);
    expect(parseConfig(context, PROJECT_ROOT)).toEqual(parseConfig({}, PROJECT_ROOT));
  });

  it('should read numbers and origin lists given as strings on the command line', () => {
    const config = parseConfig(
      {
        throttlingRateLimit: '20',
        throttlingBurstLimit: '40',
        corsOrigins: 'https://a.example, https://b.example',
      },
      PROJECT_ROOT,
    );
    expect(config.throttlingRateLimit).toBe(20);
    expect(config.throttlingBurstLimit).toBe(40);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('should default the token lifetime to 365 days and bound it to five years', () => {
    expect(parseConfig({}, PROJECT_ROOT).tokenLifetimeDays).toBe(365);
    expect(parseConfig({ tokenLifetimeDays: '30' }, PROJECT_ROOT).tokenLifetimeDays).toBe(30);
    expect(() => parseConfig({ tokenLifetimeDays: 1827 }, PROJECT_ROOT)).toThrow(/tokenLifetimeDays/);
    expect(() => parseConfig({ tokenLifetimeDays: 0 }, PROJECT_ROOT)).toThrow(/tokenLifetimeDays/);
  });

  it('should default the summary batch size to 50 departments and bound it to the Invoke payload', () => {
    expect(parseConfig({}, PROJECT_ROOT).summaryBatchSize).toBe(SUMMARY_BATCH.defaultSize);
    expect(SUMMARY_BATCH.defaultSize).toBe(50);
    expect(parseConfig({ summaryBatchSize: '20' }, PROJECT_ROOT).summaryBatchSize).toBe(20);
    expect(parseConfig({ summaryBatchSize: 500 }, PROJECT_ROOT).summaryBatchSize).toBe(500);
    for (const bad of [0, 501, 12.5, 'many']) {
      expect(() => parseConfig({ summaryBatchSize: bad }, PROJECT_ROOT)).toThrow(
        /^ {2}- summaryBatchSize: /m,
      );
    }
  });

  it('should treat an empty alarmEmail as no e-mail', () => {
    expect(parseConfig({ alarmEmail: '' }, PROJECT_ROOT).alarmEmail).toBeUndefined();
    expect(parseConfig({ alarmEmail: 'ops@example.org' }, PROJECT_ROOT).alarmEmail).toBe('ops@example.org');
  });

  it('should reject a bad context with a message naming every bad key', () => {
    const error = errorOf(() =>
      parseConfig(
        {
          stage: 'Prod',
          timeZone: 'Mars/Olympus_Mons',
          dueWeekday: 8,
          dueTime: '25:00',
          throttlingRateLimit: -1,
          throttlingBurstLimit: 'many',
          corsOrigins: ['ftp://files.example'],
          alarmEmail: 'not-an-address',
          logLevel: 'CHATTY',
        },
        PROJECT_ROOT,
      ),
    );
    expect(error).toBeInstanceOf(ConfigError);
    for (const key of [
      'stage',
      'timeZone',
      'dueWeekday',
      'dueTime',
      'throttlingRateLimit',
      'throttlingBurstLimit',
      'corsOrigins',
      'alarmEmail',
      'logLevel',
    ]) {
      expect(error.message).toMatch(new RegExp(`^  - ${key}(\\.\\d+)?: `, 'm'));
    }
  });

  it('should reject a catalog file that parseCatalog refuses, naming catalogFile and the fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'showcase-catalog-'));
    const file = join(dir, 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        themes: [{ id: 'a', title: 'A' }],
        metrics: [{ id: 'm', theme: 'zz', label: 'M', unit: 'u', aggregate: 'sum' }],
      }),
    );
    const error = errorOf(() => parseConfig({ catalogFile: file }, PROJECT_ROOT));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('catalogFile');
    expect(error.message).toContain('unknown theme zz');
  });

  it('should reject a catalog file that does not exist', () => {
    const error = errorOf(() => parseConfig({ catalogFile: 'no/such/catalog.json' }, PROJECT_ROOT));
    expect(error.message).toContain('catalogFile: cannot read JSON');
  });
});

describe('buildApp', () => {
  it('should refuse to build any stack from an invalid context', () => {
    const error = errorOf(() => buildApp({ throttlingRateLimit: 0, 'aws:cdk:bundling-stacks': [] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('throttlingRateLimit');
  });
});
