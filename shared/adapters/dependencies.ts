/**
 * Wires the adapters to the configuration. Handlers call these once at module scope (cold start), so
 * every invocation of a warm function reuses the same clients.
 */
import { CatalogIndex } from '../domain/catalog';
import { config as processConfig, type Config } from '../config/config';
import { systemClock } from '../use-cases/clock';
import { documentClient } from './dynamodb/client';
import { DynamoDepartmentRepository } from './dynamodb/department-repository';
import { DynamoEditorialRepository } from './dynamodb/editorial-repository';
import { DynamoReportRepository } from './dynamodb/report-repository';
import { DynamoTokenRepository } from './dynamodb/token-repository';
import { DynamoSummaryRepository } from './dynamodb/summary-repository';
import { createLambdaClient, LambdaGenerationTrigger } from './lambda/generation-trigger';
import { LambdaBatchDispatcher } from './lambda/batch-dispatcher';
import { createS3Client, S3DocumentStore } from './s3/document-store';
import { DynamoDeliveryRepository } from './dynamodb/delivery-repository';
import { FileChannelDirectory, noChannels, SecretChannelDirectory } from './notifications/channel-directory';
import { SesEmailSender, sesClient } from './notifications/ses-email-sender';
import { FetchWebhookSender } from './notifications/webhook-sender';
import { eventPublisher } from './events/publishers';

export function repositories(config: Config = processConfig()) {
  const client = documentClient();
  const tableName = config.tableName();
  return {
    departments: new DynamoDepartmentRepository(client, tableName),
    tokens: new DynamoTokenRepository(client, tableName),
    reports: new DynamoReportRepository(client, tableName),
    clock: systemClock,
    tokenLifetimeDays: config.tokenLifetimeDays,
  };
}

export function reportDependencies(config: Config = processConfig()) {
  const { departments, reports, clock } = repositories(config);
  let catalog: CatalogIndex | undefined;
  return {
    departments,
    reports,
    clock,
    // Read and indexed on first use: only submissions need it, not the functions that read reports.
    get catalog() {
      catalog ??= new CatalogIndex(config.catalog);
      return catalog;
    },
    deadline: config.deadline,
    events: eventPublisher(config.events),
  };
}

export function editorialDependencies(config: Config = processConfig()) {
  return {
    editorials: new DynamoEditorialRepository(documentClient(), config.tableName()),
    clock: systemClock,
    // Read on first use: only the PUT validates theme ids against it.
    get catalog() {
      return config.catalog;
    },
  };
}

export function summaryRepository(config: Config = processConfig()) {
  return new DynamoSummaryRepository(documentClient(), config.tableName());
}

export function documentStore(config: Config = processConfig()) {
  return new S3DocumentStore(createS3Client(config.s3ForcePathStyle), config.bucketName());
}

export function generationTrigger(config: Config = processConfig()) {
  return new LambdaGenerationTrigger(createLambdaClient(), config.generatorFunctionName());
}

export function requestSummaryDependencies(config: Config = processConfig()) {
  return {
    summaries: summaryRepository(config),
    trigger: generationTrigger(config),
    clock: systemClock,
    deadline: config.deadline,
    heartbeat: config.heartbeat,
  };
}

export function generateDependencies(config: Config = processConfig()) {
  const { departments, reports, clock } = repositories(config);
  return {
    departments,
    reports,
    clock,
    summaries: summaryRepository(config),
    documents: documentStore(config),
    editorials: new DynamoEditorialRepository(documentClient(), config.tableName()),
    catalog: config.catalog,
    deadline: config.deadline,
    orgName: config.orgName,
    heartbeat: config.heartbeat,
    events: eventPublisher(config.events),
    batches: new LambdaBatchDispatcher(createLambdaClient(), config.renderBatchFunctionName()),
    batchSize: config.summaryBatchSize,
  };
}

export function renderBatchDependencies(config: Config = processConfig()) {
  const { reports, clock } = repositories(config);
  return {
    reports,
    clock,
    summaries: summaryRepository(config),
    documents: documentStore(config),
    catalog: config.catalog,
    timeZone: config.deadline.timeZone,
    orgName: config.orgName,
    heartbeat: config.heartbeat,
    events: eventPublisher(config.events),
    notify: notifyDependencies(config),
  };
}

export function channelDirectory(config: Config = processConfig()) {
  if (config.channels.secretName) return new SecretChannelDirectory(config.channels.secretName);
  if (config.channels.file) return new FileChannelDirectory(config.channels.file);
  return noChannels;
}

export function notifyDependencies(config: Config = processConfig()) {
  return {
    channels: channelDirectory(config),
    webhooks: new FetchWebhookSender(),
    email: new SesEmailSender(sesClient(), config.sesFromAddress),
    deliveries: new DynamoDeliveryRepository(documentClient(), config.tableName()),
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
