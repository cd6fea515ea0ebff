import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { startEmulators } from '../../../infra/local/emulators';
import { listenOnLoopback } from '../../../infra/local/loopback';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

test('It should not return from start before the table is ACTIVE, however long creating it takes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'showcase-emulators-'));
  // AWS and DynamoDB Local keep a new table CREATING for a while; dynalite can be told to do the same.
  const emulators = await startEmulators({
    dataDir,
    tableName: 'showcase',
    bucketName: 'showcase-documents',
    createTableMs: 400,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const client = new DynamoDBClient({
    endpoint: emulators.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: 'showcase' }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    // The week heads index, as the CDK table has it (infra test of the stateful stack).
    expect(described.Table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'week-heads',
        KeySchema: [
          { AttributeName: 'weekHeadsPk', KeyType: 'HASH' },
          { AttributeName: 'weekHeadsSk', KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: ['revision', 'firstLate'],
        },
      }),
    ]);
    // The first request of a fresh stack (the ADMIN_TOKEN's registration) reads the table at once.
    const item = await client.send(
      new GetItemCommand({ TableName: 'showcase', Key: { pk: { S: 'TOKEN#x' }, sk: { S: 'TOKEN' } } }),
    );
    expect(item.Item).toBeUndefined();
  } finally {
    client.destroy();
    await emulators.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('It should refuse, naming the data dir, a table kept from before the week heads index', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'showcase-emulators-'));
  try {
    // The table as earlier versions created it: pk and sk, no index.
    const server = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0 });
    const { url } = await listenOnLoopback(server);
    const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'showcase',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    const starting = startEmulators({
      dataDir,
      tableName: 'showcase',
      bucketName: 'showcase-documents',
      credentials,
    });
    await expect(starting).rejects.toThrow(/created before the week-heads index/);
    await expect(starting).rejects.toThrow(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
