import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startEmulators } from '../../../infra/local/emulators';

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
