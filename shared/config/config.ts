/**
 * The environment, parsed once with a schema on first use. Functions receive the result; nothing else
 * reads process.env.
 */
import { readFileSync } from 'node:fs';
import * as z from '../validation/zod';
import { defaultCatalog, parseCatalog, type Catalog } from '../domain/catalog';
import type { Deadline } from '../domain/calendar';
import { parseZoneTable, registerZoneTable, zoneTable } from '../domain/zone-table';
import {
  DEFAULT_HEARTBEAT_SECONDS,
  DEFAULTS,
  ENV,
  HEARTBEATS_BEFORE_STALE,
  MAX_TOKEN_LIFETIME_DAYS,
  SUMMARY_BATCH,
} from './names';
import { requiredVariable, timeZoneFile } from './resources';
import type { Heartbeat } from '../ports/summaries';

/**
 * Checked where the deadline is read, not with the rest of the environment: only the functions that
 * compute deadlines need the zone. Deployed, the synth checked the zone and shipped its offsets
 * (TIME_ZONE_FILE), which are registered here, so that no deadline builds an Intl.DateTimeFormat (about
 * 10 ms of a cold start; shared/domain/zone.ts). From the sources the offsets are computed from the
 * runtime's ICU here, which fails for a zone that does not exist.
 */
function checkedTimeZone(zone: string, file: string | undefined): string {
  if (file) {
    const table = parseZoneTable(JSON.parse(readFileSync(file, 'utf8')), file);
    if (table.zone !== zone) {
      throw new Error(
        `Invalid environment: ${ENV.timeZoneFile}: ${file} holds the offsets of ${table.zone}, not of ${ENV.timeZone} ${zone}`,
      );
    }
    registerZoneTable(table);
    return zone;
  }
  try {
    zoneTable(zone);
    return zone;
  } catch {
    throw new Error(`Invalid environment: ${ENV.timeZone}: must be an IANA time zone such as Asia/Shanghai`);
  }
}

const nonEmpty = () => z.optional(z.string().check(z.minLength(1)));
const wholeNumber = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

const EnvironmentSchema = z.object({
  [ENV.tableName]: nonEmpty(),
  [ENV.bucketName]: nonEmpty(),
  [ENV.timeZone]: z._default(z.string().check(z.minLength(1)), DEFAULTS.timeZone),
  [ENV.dueWeekday]: z._default(wholeNumber(1, 7), DEFAULTS.dueWeekday),
  [ENV.dueTime]: z._default(
    z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')),
    DEFAULTS.dueTime,
  ),
  [ENV.orgName]: z._default(z.string().check(z.minLength(1)), DEFAULTS.orgName),
  [ENV.catalogFile]: nonEmpty(),
  [ENV.generatorFunctionName]: nonEmpty(),
  [ENV.renderBatchFunctionName]: nonEmpty(),
  [ENV.summaryBatchSize]: z._default(wholeNumber(1, SUMMARY_BATCH.maxSize), SUMMARY_BATCH.defaultSize),
  [ENV.s3ForcePathStyle]: z.optional(z.enum(['true', 'false'])),
  [ENV.heartbeatSeconds]: z.optional(z.coerce.number().check(z.positive(), z.maximum(300))),
  [ENV.tokenLifetimeDays]: z._default(wholeNumber(1, MAX_TOKEN_LIFETIME_DAYS), DEFAULTS.tokenLifetimeDays),
  [ENV.channelsSecretName]: nonEmpty(),
  [ENV.channelsFile]: nonEmpty(),
  [ENV.sesFromAddress]: z.optional(z.string().check(z.minLength(3))),
  [ENV.webAppUrl]: z.optional(z.url()),
  [ENV.eventBusName]: nonEmpty(),
  [ENV.eventsFile]: nonEmpty(),
});

export interface Config {
  readonly deadline: Deadline;
  readonly orgName: string;
  readonly catalog: Catalog;
  readonly s3ForcePathStyle: boolean;
  /** How often a running generation refreshes its lock, and when a silent one counts as dead. */
  readonly heartbeat: Heartbeat;
  /** Lifetime of a token issued without expiresAt. */
  readonly tokenLifetimeDays: number;
  /** Departments per render batch of a generation. */
  readonly summaryBatchSize: number;
  /** Where the notification channels are configured; neither means none. */
  readonly channels: { secretName?: string; file?: string };
  readonly sesFromAddress?: string;
  /** Where integration events go; neither means they are only logged. */
  readonly events: { busName?: string; file?: string };
  /** Each of these throws a clear error when read by a function that was deployed without it. */
  tableName(): string;
  bucketName(): string;
  generatorFunctionName(): string;
  renderBatchFunctionName(): string;
  /** The web app's base URL, or undefined when the deployment has none. */
  webAppUrl(): string | undefined;
}

function parseEnvironment(env: NodeJS.ProcessEnv) {
  const result = EnvironmentSchema.safeParse(env);
  if (!result.success) {
    const faults = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${faults.join('; ')}`);
  }
  return result.data;
}

/**
 * Nothing is parsed until it is read: a function pays at cold start only for the settings it uses
 * (the authorizer, on every request path, reads nothing but the table name). Every read of one
 * setting validates the whole environment once, so a bad variable still fails loudly; the time zone
 * alone is checked on the first read of the deadline (checkedTimeZone says why).
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  let parsed: ReturnType<typeof parseEnvironment> | undefined;
  const settings = () => (parsed ??= parseEnvironment(env));
  let catalog: Catalog | undefined;
  let timeZone: string | undefined;
  return {
    get deadline(): Deadline {
      const s = settings();
      timeZone ??= checkedTimeZone(s[ENV.timeZone], timeZoneFile(env));
      return { timeZone, weekday: s[ENV.dueWeekday], time: s[ENV.dueTime] };
    },
    get orgName() {
      return settings()[ENV.orgName];
    },
    get catalog() {
      const catalogFile = settings()[ENV.catalogFile];
      catalog ??= catalogFile
        ? parseCatalog(JSON.parse(readFileSync(catalogFile, 'utf8')), catalogFile)
        : defaultCatalog;
      return catalog;
    },
    get s3ForcePathStyle() {
      return settings()[ENV.s3ForcePathStyle] === 'true';
    },
    get heartbeat() {
      return heartbeatOf(settings()[ENV.heartbeatSeconds] ?? DEFAULT_HEARTBEAT_SECONDS);
    },
    get tokenLifetimeDays() {
      return settings()[ENV.tokenLifetimeDays];
    },
    get summaryBatchSize() {
      return settings()[ENV.summaryBatchSize];
    },
    get channels() {
      return { secretName: settings()[ENV.channelsSecretName], file: settings()[ENV.channelsFile] };
    },
    get sesFromAddress() {
      return settings()[ENV.sesFromAddress];
    },
    get events() {
      return { busName: settings()[ENV.eventBusName], file: settings()[ENV.eventsFile] };
    },
    // Optional: a deployment without a web app still sends its messages, without the link.
    webAppUrl: () => settings()[ENV.webAppUrl],
    tableName: requiredVariable(ENV.tableName, env),
    bucketName: requiredVariable(ENV.bucketName, env),
    generatorFunctionName: requiredVariable(ENV.generatorFunctionName, env),
    renderBatchFunctionName: requiredVariable(ENV.renderBatchFunctionName, env),
  };
}

export function heartbeatOf(intervalSeconds: number): Heartbeat {
  return {
    intervalMs: intervalSeconds * 1000,
    staleAfterMs: intervalSeconds * 1000 * HEARTBEATS_BEFORE_STALE,
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (cold start) and kept. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
