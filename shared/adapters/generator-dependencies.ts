/**
 * Wires the generator and render-batch. They reach DynamoDB and upload to S3 through the light clients
 * (lightTable on json-client.ts, s3/light-document-store.ts), as the API functions do, though for another
 * reason: not their cold start, which nobody waits for, but the CPU of each call. A generation makes
 * thousands of them (six uploads and a Query of week heads per department), and through the SDK's
 * clients they cost a render batch about a fifth of its CPU; through the light ones, an upload costs
 * 0.36× and a Query 0.67× of the SDK's CPU per call (README "Benchmarks", `npm run bench:uploads`). Every
 * operation the repositories use is one of lightTable's, and their batch writes and reads send what
 * DynamoDB left unprocessed again through batch-retry.ts with either table.
 *
 * The SDK's S3 client is still what streams the district's provenance file, reads the staged parts and
 * deletes a generation's objects (a few dozen calls; light-document-store.ts says why): it is imported on
 * first use, so a batch that does not reduce never loads it. Kept apart from dependencies.ts so that no
 * API bundle carries the SDK's S3 or Lambda client.
 */
import { config as processConfig, type Config } from '../config/config';
import { dynamoDbJsonClientFromEnvironment, lightTable } from './dynamodb/json-client';
import type { DocumentTable } from './dynamodb/document-table';
import { DynamoEditorialRepository } from './dynamodb/editorial-repository';
import { createLambdaClient, LambdaBatchDispatcher } from './lambda/batch-dispatcher';
import { eventPublisher } from './events/publishers';
import { lightDocumentStoreFromEnvironment } from './s3/light-document-store';
import { notifyDependencies, repositories, summaryRepository } from './dependencies';
import type { DocumentStore } from '../ports/summaries';

let table: DocumentTable | undefined;

/**
 * The generator's table. Its attempts may take longer than an API function's (3 s): the coordinator
 * and the reduce read pages of up to 1 MB, and a render batch queries while its process renders.
 */
export function generatorTable(): DocumentTable {
  table ??= lightTable(dynamoDbJsonClientFromEnvironment(process.env, { attemptTimeoutMs: 10_000 }));
  return table;
}

/** The uploads through the light store; the rest through the SDK's, loaded when first needed. */
export function generatorDocumentStore(config: Config = processConfig()): DocumentStore {
  const sdkStore = async (): Promise<DocumentStore> => {
    const { S3DocumentStore, createS3Client } = await import('./s3/document-store');
    return new S3DocumentStore(createS3Client(config.s3ForcePathStyle), config.bucketName());
  };
  return lightDocumentStoreFromEnvironment(() => config.bucketName(), config.s3ForcePathStyle, sdkStore);
}

export function generateDependencies(config: Config = processConfig()) {
  const table = generatorTable();
  const { departments, reports, clock } = repositories(config, table);
  return {
    departments,
    reports,
    clock,
    summaries: summaryRepository(config, table),
    documents: generatorDocumentStore(config),
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
  const table = generatorTable();
  const { reports, clock } = repositories(config, table);
  return {
    reports,
    clock,
    summaries: summaryRepository(config, table),
    documents: generatorDocumentStore(config),
    catalog: config.catalog,
    timeZone: config.deadline.timeZone,
    orgName: config.orgName,
    heartbeat: config.heartbeat,
    events: eventPublisher(config.events),
    notify: notifyDependencies(config, table),
  };
}
