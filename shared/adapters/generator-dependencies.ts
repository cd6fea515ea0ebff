/**
 * Wires the generator and render-batch. They reach DynamoDB through the SDK's document client
 * (`sdkTable`), unlike the API functions (dependencies.ts): they load the SDK for S3 and Lambda anyway,
 * nobody waits for their cold start, and their batch writes are where the SDK's handling of
 * unprocessed items and throttling has been proven by the summary benchmarks. Kept apart from
 * dependencies.ts so that no API bundle carries the SDK's DynamoDB client (document-table.ts).
 */
import { config as processConfig, type Config } from '../config/config';
import { sdkTable } from './dynamodb/client';
import { DynamoEditorialRepository } from './dynamodb/editorial-repository';
import { createLambdaClient, LambdaBatchDispatcher } from './lambda/batch-dispatcher';
import { eventPublisher } from './events/publishers';
import { documentStore, notifyDependencies, repositories, summaryRepository } from './dependencies';

export function generateDependencies(config: Config = processConfig()) {
  const table = sdkTable();
  const { departments, reports, clock } = repositories(config, table);
  return {
    departments,
    reports,
    clock,
    summaries: summaryRepository(config, table),
    documents: documentStore(config),
    editorials: new DynamoEditorialRepository(table, config.tableName()),
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
  const table = sdkTable();
  const { reports, clock } = repositories(config, table);
  return {
    reports,
    clock,
    summaries: summaryRepository(config, table),
    documents: documentStore(config),
    catalog: config.catalog,
    timeZone: config.deadline.timeZone,
    orgName: config.orgName,
    heartbeat: config.heartbeat,
    events: eventPublisher(config.events),
    notify: notifyDependencies(config, table),
  };
}
