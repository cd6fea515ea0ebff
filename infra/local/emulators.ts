/**
 * DynamoDB (dynalite) and S3 (s3rver behind a signature check) in process, on loopback ports, persisted
 * under the data dir.
 * The table is created with the same key schema and index as the CDK table; both are created on first
 * start only.
 */
import { mkdirSync } from 'node:fs';
import { listenOnLoopback } from './loopback';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { WEEK_HEADS_INDEX } from '../../shared/adapters/dynamodb/keys';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { keepBucketStateInMemory, type S3rverStore } from './s3rver-store-cache';
import { startS3Proxy } from './s3-proxy';
import type { LocalCredentials } from './sigv4';

export interface Emulators {
  dynamoEndpoint: string;
  /** The table to use: options.tableName, or a name of the data dir's own on an external endpoint. */
  tableName: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  dataDir: string;
  tableName: string;
  bucketName: string;
  /**
   * How long dynalite keeps a new table CREATING (0 by default). AWS and DynamoDB Local take a while;
   * the tests set it to prove that start waits for ACTIVE rather than racing the first request.
   */
  createTableMs?: number;
  /** The only credentials the S3 endpoint accepts (see s3-proxy.ts). */
  credentials: LocalCredentials;
  /**
   * A DynamoDB endpoint to use instead of dynalite (DynamoDB Local, say). Its data lives there, not in the
   * data dir, so the table gets a name of its own per data dir: stacks sharing the endpoint stay apart,
   * and a restart on the same data dir finds its table again.
   */
  dynamoEndpoint?: string;
}

export async function startEmulators(options: EmulatorOptions) {
  const dynamoDir = join(options.dataDir, 'dynamodb');
  const s3Dir = join(options.dataDir, 's3');
  mkdirSync(dynamoDir, { recursive: true });
  mkdirSync(s3Dir, { recursive: true });

  const dynamo = options.dynamoEndpoint
    ? undefined
    : await startDynalite(dynamoDir, options.createTableMs ?? 0);
  const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
  const tableName = options.dynamoEndpoint
    ? `${options.tableName}-${createHash('sha256').update(resolve(options.dataDir)).digest('hex').slice(0, 12)}`
    : options.tableName;

  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: s3Dir,
    silent: true,
    configureBuckets: [{ name: options.bucketName }],
  });
  // Silent or not, s3rver's request logger (koa-logger) formats a line for every request and counts every
  // response body's bytes, and winston drops the line afterwards: 7 % of the emulators' CPU in a summary
  // generation's thousands of uploads. Koa composes its middleware when the server starts, so it is taken
  // out here; s3rver's own logger (app.logger) stays.
  const koa = s3 as unknown as { middleware: { name: string }[] };
  koa.middleware = koa.middleware.filter((middleware) => middleware.name !== 'logger');
  keepBucketStateInMemory((s3 as unknown as { store: S3rverStore }).store);
  const s3Address = await s3.run();
  const s3Proxy = await startS3Proxy({
    upstream: `http://127.0.0.1:${s3Address.port}`,
    credentials: options.credentials,
  });
  const s3Endpoint = s3Proxy.url;

  const admin = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const stop = async () => {
    await s3Proxy.close();
    await s3.close();
    await dynamo?.close();
  };
  try {
    await createTable(admin, tableName, options.dataDir);
    // A new table answers ResourceNotFoundException until it is ACTIVE, in AWS and in every emulator.
    // The waiter's first check is immediate; short delays keep a fresh start fast.
    await waitUntilTableExists(
      { client: admin, minDelay: 0.05, maxDelay: 0.5, maxWaitTime: 60 },
      { TableName: tableName },
    );
  } catch (error) {
    // Nothing is left listening after a start that failed: the caller has no stop() to call.
    await stop();
    throw error;
  } finally {
    admin.destroy();
  }

  return { dynamoEndpoint, tableName, s3Endpoint, stop } satisfies Emulators;
}

async function createTable(admin: DynamoDBClient, tableName: string, dataDir: string) {
  try {
    await admin.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: WEEK_HEADS_INDEX.partitionKey, AttributeType: 'S' },
          { AttributeName: WEEK_HEADS_INDEX.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        // As infra/constructs/report-table.ts declares it, from the same names.
        GlobalSecondaryIndexes: [
          {
            IndexName: WEEK_HEADS_INDEX.indexName,
            KeySchema: [
              { AttributeName: WEEK_HEADS_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: WEEK_HEADS_INDEX.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...WEEK_HEADS_INDEX.projected] },
          },
        ],
      }),
    );
  } catch (error) {
    // Created on an earlier start: the data dir keeps it.
    if (!(error instanceof ResourceInUseException)) throw error;
    await requireWeekHeadsIndex(admin, tableName, dataDir);
  }
}

/**
 * A table kept from before the week heads index would answer every reviewer's coverage with a
 * ValidationException. dynalite accepts an UpdateTable that creates an index but ignores it, and would
 * not index the heads already stored either, so the only sound way on is a fresh data dir: say so
 * rather than start a stack whose coverage fails.
 */
async function requireWeekHeadsIndex(admin: DynamoDBClient, tableName: string, dataDir: string) {
  const { Table } = await admin.send(new DescribeTableCommand({ TableName: tableName }));
  const indexes = Table?.GlobalSecondaryIndexes ?? [];
  if (indexes.some((index) => index.IndexName === WEEK_HEADS_INDEX.indexName)) return;
  throw new Error(
    `The table ${tableName} in ${resolve(dataDir)} was created before the ${WEEK_HEADS_INDEX.indexName} ` +
      'index, which the local DynamoDB cannot add to an existing table. Delete that data dir (or move it ' +
      'aside) and start again: the demo data is loaded afresh.',
  );
}

async function startDynalite(directory: string, createTableMs: number) {
  const server = dynalite({ path: directory, createTableMs, deleteTableMs: 0, updateTableMs: 0 });
  const { url } = await listenOnLoopback(server);
  return {
    endpoint: url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
