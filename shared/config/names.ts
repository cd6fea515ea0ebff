/**
 * Names and fixed values that infra/, the local stack and the functions must agree on. Importing them
 * from one place means a renamed variable breaks the build instead of a deployment.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  timeZone: 'TIME_ZONE',
  dueWeekday: 'DUE_WEEKDAY',
  dueTime: 'DUE_TIME',
  orgName: 'ORG_NAME',
  catalogFile: 'CATALOG_FILE',
  generatorFunctionName: 'GENERATOR_FUNCTION_NAME',
  /** The render-batch function the generator fans a generation out to. */
  renderBatchFunctionName: 'RENDER_BATCH_FUNCTION_NAME',
  /** Departments per render batch (see SUMMARY_BATCH); tests set it small to get several batches. */
  summaryBatchSize: 'SUMMARY_BATCH_SIZE',
  /** Only the S3 emulator needs path-style addressing; real S3 works either way. */
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  /** Tests only: a shorter heartbeat so that a dead generation is noticed in seconds. */
  heartbeatSeconds: 'GENERATION_HEARTBEAT_SECONDS',
  /** Lifetime of a token issued without expiresAt; only create-token reads it. */
  tokenLifetimeDays: 'TOKEN_LIFETIME_DAYS',
  /** Secrets Manager secret holding the notification channels (AWS). */
  channelsSecretName: 'CHANNELS_SECRET_NAME',
  /** JSON file holding the notification channels (local stack). */
  channelsFile: 'CHANNELS_FILE',
  /** The verified SES identity reminders are e-mailed from. */
  sesFromAddress: 'SES_FROM_ADDRESS',
  /** The web app's base URL: messages link to its page for a period. */
  webAppUrl: 'WEB_APP_URL',
  /** The EventBridge bus integration events go to (AWS). */
  eventBusName: 'EVENT_BUS_NAME',
  /** The file integration events are appended to, one JSON object a line (local stack). */
  eventsFile: 'EVENTS_FILE',
  /** The OpenAPI document built at synth, beside the get-openapi bundle (deployed only). */
  openApiFile: 'OPENAPI_FILE',
  /** The report template's skeleton built at synth, beside the get-report-template bundle (deployed only). */
  reportTemplateFile: 'REPORT_TEMPLATE_FILE',
  /** The time zone's offsets computed at synth, beside every bundle (deployed only; see shared/domain/zone.ts). */
  timeZoneFile: 'TIME_ZONE_FILE',
} as const;

export const DEFAULTS = {
  timeZone: 'Asia/Shanghai',
  dueWeekday: 1,
  dueTime: '12:00',
  orgName: '张湾区委组织部',
  tokenLifetimeDays: 365,
} as const;

/** The longest lifetime a token may be given, by an admin or as the configured default: five years. */
export const MAX_TOKEN_LIFETIME_DAYS = 1826;

/**
 * How long API Gateway caches an authorizer decision per Authorization header. A revoked token keeps
 * working for at most this long; the README states the same figure.
 */
export const AUTHORIZER_CACHE_TTL_SECONDS = 60;

/** Presigned download URLs expire after this many seconds (the contract says at most five minutes). */
export const DOWNLOAD_URL_TTL_SECONDS = 300;

/** Request bodies above this size are refused with 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Revisions one department-week may have. A week is corrected a handful of times at most; the cap stops
 * one token from growing a partition without bound. The next different submit is refused with 409.
 */
export const MAX_REVISIONS_PER_WEEK = 50;

/**
 * Pages of `GET /v1/departments/{id}/reports`: a half-year by default, and bounded in bytes so that a page
 * of large reports stays under Lambda's 6 MB response payload.
 */
export const REPORT_PAGE = { defaultLimit: 26, maxLimit: 100, maxBytes: 5 * 1024 * 1024 } as const;

/** The file name the deployed functions find the catalog under, beside their bundle. */
export const BUNDLED_CATALOG_FILE = 'catalog.json';

/** The file name of the OpenAPI document built at synth and shipped beside the get-openapi bundle. */
export const BUNDLED_OPENAPI_FILE = 'openapi.json';

/** The file name of the report template's skeleton built at synth, beside the get-report-template bundle. */
export const BUNDLED_REPORT_TEMPLATE_FILE = 'report-template.json';
/** The file name of the time zone's offsets computed at synth and shipped beside every bundle. */
export const BUNDLED_TIME_ZONE_FILE = 'time-zone.json';

/**
 * A running generation refreshes its period's lock this often; a lock whose last heartbeat is four
 * intervals old belongs to a generation that died (out of memory, killed) and the next request takes it
 * over. The integration tests inject a shorter interval through GENERATION_HEARTBEAT_SECONDS.
 */
export const DEFAULT_HEARTBEAT_SECONDS = 15;
export const HEARTBEATS_BEFORE_STALE = 4;

/**
 * The generator's (the coordinator's) Lambda timeout. It only reads the roster, stages the editorial and
 * starts the batches: about 1.5 s for a province of 10,000 departments (npm run bench:coordinator). It
 * stays within the lock's stale window (DEFAULT_HEARTBEAT_SECONDS × HEARTBEATS_BEFORE_STALE), because the
 * coordinator beats once, when it starts, and the batches take over the beating: a coordinator still
 * splitting after that window could have its lock taken over under it. It gives up 15 s before the
 * timeout, so the split has 45 s, thirty times what a province needs.
 */
export const GENERATOR_TIMEOUT_SECONDS = 60;

/**
 * How a generation is split into render batches. 50 departments is a few seconds of rendering (about
 * 0.1 s per department and format set on one vCPU), a staged aggregate of tens of kilobytes and an
 * Invoke payload far under the 256 KB limit of asynchronous events; a district of a few hundred
 * departments gets a handful of batches and a province of 10,000 gets 200. `max` keeps one batch's
 * roster slice well inside that payload limit.
 */
export const SUMMARY_BATCH = { defaultSize: 50, maxSize: 500 } as const;

/**
 * The render-batch function's timeout: a batch of SUMMARY_BATCH.defaultSize departments takes seconds;
 * the reduce, run by the last batch, renders the district's documents from every staged aggregate.
 */
export const RENDER_BATCH_TIMEOUT_SECONDS = 300;

/** The CloudWatch namespace of the custom metrics, and the one counting events that did not get out. */
export const METRICS_NAMESPACE = 'Showcase';
export const EVENT_PUBLISH_FAILURES = 'EventPublishFailures';

/** Every Lambda function, by folder name under functions/. */
export const FUNCTION_NAMES = [
  'authorizer',
  'get-health',
  'get-openapi',
  'get-catalog',
  'put-department',
  'list-departments',
  'create-token',
  'revoke-token',
  'submit-report',
  'get-report',
  'list-reports',
  'request-summary',
  'get-summary',
  'download-document',
  'generate-summary',
  'get-report-template',
  'get-me',
  'get-coverage',
  'list-tokens',
  'send-reminder',
  'scheduled-reminder',
  'put-editorial',
  'get-editorial',
  'render-batch',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];
