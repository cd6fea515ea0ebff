/**
 * Per-stage configuration, read from CDK context (cdk.json, overridable with `-c key=value`) and
 * validated before any construct is built, so a typo fails `cdk synth` with every bad key named
 * instead of surfacing as a broken deployment.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { DEFAULTS, MAX_TOKEN_LIFETIME_DAYS, SUMMARY_BATCH } from '../shared/config/names';
import { parseCatalog } from '../shared/domain/catalog';

/** The context keys this app reads; every other context entry (feature flags, aws:cdk:*) is left alone. */
export const CONFIG_KEYS = [
  'stage',
  'timeZone',
  'orgName',
  'catalogFile',
  'dueWeekday',
  'dueTime',
  'throttlingRateLimit',
  'throttlingBurstLimit',
  'corsOrigins',
  'alarmEmail',
  'logLevel',
  'tokenLifetimeDays',
  'channelsSecretName',
  'sesFromAddress',
  'webAppUrl',
  'summaryBatchSize',
] as const;

// `-c key=value` always arrives as a string, cdk.json values arrive typed: numbers and lists accept both.
const numberFromContext = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
  z.number(),
);
const listFromContext = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
      : value,
  z.array(z.string()),
);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// An origin is scheme://host[:port] with nothing after it; API Gateway compares it byte for byte.
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

export const ConfigSchema = z.object({
  /** Part of every stack name; 'prod' also switches on the table's deletion protection. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits and hyphens, starting with a letter')
    .default('dev'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone name such as Asia/Shanghai')
    .default(DEFAULTS.timeZone),
  orgName: z.string().trim().min(1, 'must not be empty').max(200).default(DEFAULTS.orgName),
  /** Relative to the repository root unless absolute. */
  catalogFile: z.string().min(1).default('shared/domain/default-catalog.json'),
  /** ISO weekday (1 = Monday … 7 = Sunday) on which a week's report falls due. */
  dueWeekday: numberFromContext
    .pipe(z.number().int().min(1).max(7, 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)'))
    .default(DEFAULTS.dueWeekday),
  dueTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour HH:MM time')
    .default(DEFAULTS.dueTime),
  /** Steady-state requests per second for the whole API stage. */
  throttlingRateLimit: numberFromContext.pipe(z.number().positive().max(10000)).default(50),
  /** Requests the stage absorbs in a burst above the rate limit. */
  throttlingBurstLimit: numberFromContext.pipe(z.number().int().positive().max(5000)).default(100),
  /** Browser origins allowed by CORS; empty means no CORS at all, which is the safe default. */
  corsOrigins: listFromContext
    .pipe(z.array(z.string().regex(ORIGIN_PATTERN, 'must be an origin such as https://example.org')))
    .default([]),
  /** Where alarm notifications go; empty means the alarms exist but notify nobody. */
  alarmEmail: z
    .union([z.literal(''), z.email('must be an e-mail address or empty')])
    .optional()
    .transform((value) => (value ? value : undefined)),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Days a token lives when the admin issuing it gives no expiresAt. */
  tokenLifetimeDays: numberFromContext
    .pipe(
      z.number().int().min(1).max(MAX_TOKEN_LIFETIME_DAYS, `must be at most ${MAX_TOKEN_LIFETIME_DAYS} days`),
    )
    .default(DEFAULTS.tokenLifetimeDays),
  /**
   * Name of the Secrets Manager secret holding the notification channels (webhook URLs and secrets,
   * README "Notifications"); empty means no channels, so reminders send nothing.
   */
  channelsSecretName: z
    .union([
      z.literal(''),
      z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name'),
    ])
    .optional()
    .transform((value) => (value ? value : undefined)),
  /** The verified SES identity reminder e-mails come from; empty means e-mail deliveries fail with that reason. */
  sesFromAddress: z
    .union([z.literal(''), z.email('must be an e-mail address or empty')])
    .optional()
    .transform((value) => (value ? value : undefined)),
  /** The web app's base URL, which every message links to (its page for the period). */
  webAppUrl: z
    .union([z.literal(''), z.url({ protocol: /^https$/ })])
    .optional()
    .transform((value) => (value ? value : undefined)),
  /**
   * Departments per render batch of a summary generation (SUMMARY_BATCH_SIZE of the generator, which
   * splits the roster). Smaller batches finish sooner and run more at once, within the fan-out width;
   * the maximum keeps a batch's roster slice inside the 256 KB of an asynchronous Invoke.
   */
  summaryBatchSize: numberFromContext
    .pipe(
      z
        .number()
        .int()
        .min(1)
        .max(SUMMARY_BATCH.maxSize, `must be a whole number from 1 to ${SUMMARY_BATCH.maxSize}`),
    )
    .default(SUMMARY_BATCH.defaultSize),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** Absolute path of the catalog file, already validated with parseCatalog. */
  catalogPath: string;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the raw context values and the catalog they point to.
 *
 * @param context the value of each key in CONFIG_KEYS (missing keys take their defaults)
 * @param projectRoot the directory a relative catalogFile is resolved against
 * @throws ConfigError naming every invalid key, or the catalog fault
 */
export function parseConfig(context: Readonly<Record<string, unknown>>, projectRoot: string): Config {
  const raw = Object.fromEntries(CONFIG_KEYS.map((key) => [key, context[key]]));
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const faults = result.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(context)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid CDK context (check cdk.json or your -c options):\n${faults.join('\n')}`);
  }
  const config = result.data;
  const catalogPath = isAbsolute(config.catalogFile)
    ? config.catalogFile
    : resolve(projectRoot, config.catalogFile);
  let catalogJson: unknown;
  try {
    catalogJson = JSON.parse(readFileSync(catalogPath, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Invalid CDK context: catalogFile: cannot read JSON from ${catalogPath}`, {
      cause: error,
    });
  }
  try {
    // Better at synth time than at the first cold start of every function.
    parseCatalog(catalogJson, catalogPath);
  } catch (error) {
    throw new ConfigError(`Invalid CDK context: catalogFile: ${(error as Error).message}`, { cause: error });
  }
  return { ...config, catalogPath };
}

/** Reads the configuration from a construct tree's context (normally the App). */
export function readConfig(tryGetContext: (key: string) => unknown, projectRoot: string): Config {
  return parseConfig(Object.fromEntries(CONFIG_KEYS.map((key) => [key, tryGetContext(key)])), projectRoot);
}
