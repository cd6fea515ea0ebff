/**
 * Wires the adapters to the configuration. Handlers call these once at module scope (cold start), so
 * every invocation of a warm function reuses the same clients.
 *
 * DynamoDB: the API functions reach it through the light JSON-protocol client (`apiTable`); the
 * generator and render-batch are wired in generator-dependencies.ts, on a light client of their own.
 * This module must not import the SDK's DynamoDB client even unused: its modules run code at load
 * (the paginators), which keeps the whole client in every bundle that imports this one.
 */
import { CatalogIndex } from '../domain/catalog';
import { config as processConfig, type Config } from '../config/config';
import { systemClock } from '../use-cases/clock';
import type { DocumentTable } from './dynamodb/document-table';
import type { EventPublisher } from '../ports/events';
import { dynamoDbJsonClientFromEnvironment, lightTable } from './dynamodb/json-client';
import { DynamoDepartmentRepository } from './dynamodb/department-repository';
import { DynamoEditorialRepository } from './dynamodb/editorial-repository';
import { DynamoReportRepository } from './dynamodb/report-repository';
import { DynamoTokenRepository } from './dynamodb/token-repository';
import { DynamoSummaryRepository } from './dynamodb/summary-repository';
import { lambdaInvokeClient, LambdaGenerationTrigger } from './lambda/generation-trigger';
import { presignedLinksFromEnvironment } from './s3/presigned-links';
import { DynamoDeliveryRepository } from './dynamodb/delivery-repository';
import { FileChannelDirectory, noChannels, SecretChannelDirectory } from './notifications/channel-directory';
import { SesEmailSender, sesClient } from './notifications/ses-email-sender';
import { FetchWebhookSender } from './notifications/webhook-sender';
import { eventPublisher } from './events/publishers';

let light: DocumentTable | undefined;

/**
 * The API functions' DynamoDB: one light client per process, which reads its environment on the first
 * request. An attempt may take 3 s (the authorizer's 1 s is for one small GetItem; a query page here may
 * be 1 MB), so three attempts fit the API functions' 10 s timeout.
 */
export function apiTable(): DocumentTable {
  light ??= lightTable(dynamoDbJsonClientFromEnvironment(process.env, { attemptTimeoutMs: 3000 }));
  return light;
}

export function repositories(config: Config = processConfig(), table: DocumentTable = apiTable()) {
  const tableName = config.tableName();
  return {
    departments: new DynamoDepartmentRepository(table, tableName),
    tokens: new DynamoTokenRepository(table, tableName),
    reports: new DynamoReportRepository(table, tableName),
    clock: systemClock,
    // Getters: reading a setting parses the environment, which only the requests that use it pay for.
    get tokenLifetimeDays() {
      return config.tokenLifetimeDays;
    },
  };
}

export function reportDependencies(config: Config = processConfig()) {
  const { departments, reports, clock } = repositories(config);
  let catalog: CatalogIndex | undefined;
  let events: EventPublisher | undefined;
  return {
    departments,
    reports,
    clock,
    // Read and indexed on first use: only submissions need it, not the functions that read reports.
    get catalog() {
      catalog ??= new CatalogIndex(config.catalog);
      return catalog;
    },
    // Read on first use: reading reports needs neither, and the deadline's time zone loads ICU's
    // zone data (config.ts).
    get deadline() {
      return config.deadline;
    },
    get events() {
      events ??= eventPublisher(config.events);
      return events;
    },
  };
}

export function editorialDependencies(config: Config = processConfig()) {
  return {
    editorials: new DynamoEditorialRepository(apiTable(), config.tableName()),
    clock: systemClock,
    // Read on first use: only the PUT validates theme ids against it.
    get catalog() {
      return config.catalog;
    },
  };
}

export function summaryRepository(config: Config = processConfig(), table: DocumentTable = apiTable()) {
  return new DynamoSummaryRepository(table, config.tableName());
}

/**
 * The download links, presigned without the SDK's S3 client (s3/presigned-links.ts): download-document
 * only presigns, and the client was its largest cost at cold start. Reads nothing until the first link.
 */
export function documentLinks(config: Config = processConfig()) {
  return presignedLinksFromEnvironment(
    () => config.bucketName(),
    () => config.s3ForcePathStyle,
  );
}

export function generationTrigger(config: Config = processConfig()) {
  return new LambdaGenerationTrigger(lambdaInvokeClient(), config.generatorFunctionName());
}

export function requestSummaryDependencies(config: Config = processConfig()) {
  let events: EventPublisher | undefined;
  return {
    summaries: summaryRepository(config),
    trigger: generationTrigger(config),
    clock: systemClock,
    deadline: config.deadline,
    heartbeat: config.heartbeat,
    // Wanted only when a generation ends in the request (taken over, or never started).
    get events() {
      events ??= eventPublisher(config.events);
      return events;
    },
  };
}

export function channelDirectory(config: Config = processConfig()) {
  if (config.channels.secretName) return new SecretChannelDirectory(config.channels.secretName);
  if (config.channels.file) return new FileChannelDirectory(config.channels.file);
  return noChannels;
}

export function notifyDependencies(config: Config = processConfig(), table: DocumentTable = apiTable()) {
  return {
    channels: channelDirectory(config),
    webhooks: new FetchWebhookSender(),
    email: new SesEmailSender(sesClient(), config.sesFromAddress),
    deliveries: new DynamoDeliveryRepository(table, config.tableName()),
    clock: systemClock,
    webAppUrl: () => config.webAppUrl(),
  };
}

export function reminderDependencies(config: Config = processConfig()) {
  const { departments, reports } = repositories(config);
  return {
    ...notifyDependencies(config),
    departments,
    reports,
    deadline: config.deadline,
    orgName: config.orgName,
  };
}
