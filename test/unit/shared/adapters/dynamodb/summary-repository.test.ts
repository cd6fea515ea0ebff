import { sdkTable } from '../../../../../shared/adapters/dynamodb/client';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoSummaryRepository } from '../../../../../shared/adapters/dynamodb/summary-repository';
import type { ScopeDocuments } from '../../../../../shared/ports/summaries';

const TABLE = 'showcase-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
);
const repository = new DynamoSummaryRepository(sdkTable(client), TABLE);

const NOW = new Date('2023-07-10T02:00:00.000Z');
const STALE_BEFORE = new Date('2023-07-10T01:44:00.000Z');
const ID = '20230710T020000000Z-0a1b2c3d';

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  dynamo.reset();
});

describe('the generation lock', () => {
  it('takes the lock with a put that only succeeds when it is free or stale', async () => {
    dynamo.on(PutCommand).resolves({});
    await expect(repository.acquire('2023-H1', ID, NOW, STALE_BEFORE)).resolves.toEqual({ acquired: true });
    const [put] = dynamo.commandCalls(PutCommand);
    expect(put!.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'SUMMARY#2023-H1',
        sk: 'RUNNING',
        generationId: ID,
        startedAt: NOW.toISOString(),
        heartbeatAt: NOW.toISOString(),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR heartbeatAt < :staleBefore',
      ExpressionAttributeValues: { ':staleBefore': STALE_BEFORE.toISOString() },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('names the stale holder it replaced', async () => {
    dynamo.on(PutCommand).resolves({ Attributes: { generationId: 'old-generation' } });
    await expect(repository.acquire('2023-H1', ID, NOW, STALE_BEFORE)).resolves.toEqual({
      acquired: true,
      replaced: 'old-generation',
    });
  });

  it('returns the holder, read consistently, when the lock is taken', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo
      .on(GetCommand)
      .resolves({ Item: { pk: 'SUMMARY#2023-H1', sk: 'RUNNING', generationId: 'holder' } });
    await expect(repository.acquire('2023-H1', ID, NOW, STALE_BEFORE)).resolves.toEqual({
      acquired: false,
      holder: 'holder',
    });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'SUMMARY#2023-H1', sk: 'RUNNING' },
      ConsistentRead: true,
    });
  });

  it('tries again when the holder released the lock between the put and the read', async () => {
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({});
    await expect(repository.acquire('2023-H1', ID, NOW, STALE_BEFORE)).resolves.toEqual({ acquired: true });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('passes on errors other than a failed condition', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(repository.acquire('2023-H1', ID, NOW, STALE_BEFORE)).rejects.toThrow(
      'ProvisionedThroughput',
    );
  });

  it('releases the lock only if this generation still holds it', async () => {
    dynamo.on(DeleteCommand).resolves({});
    await repository.release('2023-H1', ID);
    expect(dynamo.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'SUMMARY#2023-H1', sk: 'RUNNING' },
      ConditionExpression: 'generationId = :id',
      ExpressionAttributeValues: { ':id': ID },
    });
  });

  it('leaves a lock that was taken over alone without an error', async () => {
    dynamo.on(DeleteCommand).rejects(conditionFailed());
    await expect(repository.release('2023-H1', ID)).resolves.toBeUndefined();
  });

  it('passes on other errors of a release', async () => {
    dynamo.on(DeleteCommand).rejects(new Error('InternalServerError'));
    await expect(repository.release('2023-H1', ID)).rejects.toThrow('InternalServerError');
  });
});

describe('the READY pointer', () => {
  const pointer = {
    period: '2023-H1',
    generationId: ID,
    generatedAt: NOW.toISOString(),
    manifestKey: `summaries/2023-H1/${ID}/manifest.json`,
  };

  it('moves only forward, to a newer generation id', async () => {
    dynamo.on(PutCommand).resolves({});
    await repository.setReady(pointer);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: 'SUMMARY#2023-H1', sk: 'READY', ...pointer },
      ConditionExpression: 'attribute_not_exists(pk) OR generationId < :id',
      ExpressionAttributeValues: { ':id': ID },
    });
  });

  it('stays on a newer generation without an error', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    await expect(repository.setReady(pointer)).resolves.toBeUndefined();
  });

  it('passes on other errors of a move', async () => {
    dynamo.on(PutCommand).rejects(new Error('AccessDenied'));
    await expect(repository.setReady(pointer)).rejects.toThrow('AccessDenied');
  });

  it('reads the pointer consistently and without its keys', async () => {
    dynamo.on(GetCommand).resolves({ Item: { pk: 'SUMMARY#2023-H1', sk: 'READY', ...pointer } });
    await expect(repository.getReady('2023-H1')).resolves.toEqual(pointer);
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: 'SUMMARY#2023-H1', sk: 'READY' },
      ConsistentRead: true,
    });
  });
});

describe('generations', () => {
  it('finds the latest generation with one descending query of the period', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          pk: 'SUMMARY#2023-H1',
          sk: `GENERATION#${ID}`,
          period: '2023-H1',
          generationId: ID,
          status: 'ready',
        },
      ],
    });
    await expect(repository.latestGeneration('2023-H1')).resolves.toEqual({
      period: '2023-H1',
      generationId: ID,
      status: 'ready',
    });
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'SUMMARY#2023-H1', ':prefix': 'GENERATION#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
  });

  it('stores a generation under its period and id', async () => {
    dynamo.on(PutCommand).resolves({});
    const record = {
      period: '2023-H1',
      generationId: ID,
      status: 'running' as const,
      requestedBy: 'schedule',
      startedAt: NOW.toISOString(),
    };
    await expect(repository.putGeneration(record)).resolves.toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: 'SUMMARY#2023-H1', sk: `GENERATION#${ID}`, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('changes a generation only while it has the expected status, and says when it did not', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    const record = {
      period: '2023-H1',
      generationId: ID,
      status: 'ready' as const,
      requestedBy: 'schedule',
      startedAt: NOW.toISOString(),
    };
    await expect(repository.putGeneration(record, 'running')).resolves.toBe(false);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ConditionExpression: '#status = :expected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':expected': 'running' },
    });
  });

  it('refreshes the heartbeat only while the lock is this generation’s', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    await expect(repository.heartbeat('2023-H1', ID, NOW)).resolves.toBe(true);
    await expect(repository.heartbeat('2023-H1', ID, NOW)).resolves.toBe(false);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'SUMMARY#2023-H1', sk: 'RUNNING' },
      UpdateExpression: 'SET heartbeatAt = :now',
      ConditionExpression: 'generationId = :id',
      ExpressionAttributeValues: { ':now': NOW.toISOString(), ':id': ID },
    });
  });
});

describe('render batches', () => {
  const running = {
    period: '2023-H1',
    generationId: ID,
    status: 'running' as const,
    requestedBy: 'schedule',
    startedAt: NOW.toISOString(),
  };

  it('records the split once, while the generation runs', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    await expect(repository.startBatches('2023-H1', ID, 4)).resolves.toBe(true);
    await expect(repository.startBatches('2023-H1', ID, 4)).resolves.toBe(false);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: 'SUMMARY#2023-H1', sk: `GENERATION#${ID}` },
      UpdateExpression: 'SET batchesTotal = :total, batchesDone = :zero',
      ConditionExpression: '#status = :running AND attribute_not_exists(batchesTotal)',
      ExpressionAttributeValues: { ':total': 4, ':zero': 0, ':running': 'running' },
    });
  });

  it('marks and counts a batch in one conditional update, and returns the new tally', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { batchesDone: 3, batchesTotal: 4 } });
    await expect(repository.markBatchDone('2023-H1', ID, 2)).resolves.toEqual({
      outcome: 'counted',
      done: 3,
      total: 4,
    });
    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      UpdateExpression: 'ADD batchesDone :one, doneBatches :batchSet',
      ConditionExpression:
        '#status = :running AND (attribute_not_exists(doneBatches) OR NOT contains(doneBatches, :batch))',
      ExpressionAttributeValues: { ':one': 1, ':batch': 2, ':running': 'running' },
      ReturnValues: 'ALL_NEW',
    });
    expect(input.ExpressionAttributeValues?.[':batchSet']).toEqual(new Set([2]));
  });

  it('tells a repeated batch from a generation that has ended when the condition fails', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo
      .on(GetCommand)
      .resolvesOnce({
        Item: { pk: 'p', sk: 's', ...running, batchesTotal: 4, batchesDone: 2, doneBatches: new Set([0, 1]) },
      })
      .resolvesOnce({ Item: { pk: 'p', sk: 's', ...running, status: 'failed' } });
    await expect(repository.markBatchDone('2023-H1', ID, 1)).resolves.toEqual({ outcome: 'duplicate' });
    await expect(repository.markBatchDone('2023-H1', ID, 3)).resolves.toEqual({ outcome: 'not-running' });
  });

  it('reads the tally as progress, without the set of finished batches', async () => {
    dynamo.on(GetCommand).resolves({
      Item: { pk: 'p', sk: 's', ...running, batchesTotal: 4, batchesDone: 2, doneBatches: new Set([0, 1]) },
    });
    await expect(repository.getGeneration('2023-H1', ID)).resolves.toEqual({
      ...running,
      progress: { done: 2, total: 4 },
    });
  });

  it('stores progress as the top-level attributes the counter adds to', async () => {
    dynamo.on(PutCommand).resolves({});
    await repository.putGeneration(
      { ...running, status: 'ready', progress: { done: 4, total: 4 } },
      'running',
    );
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toEqual({
      pk: 'SUMMARY#2023-H1',
      sk: `GENERATION#${ID}`,
      ...running,
      status: 'ready',
      batchesTotal: 4,
      batchesDone: 4,
    });
  });
});

describe('scope documents', () => {
  const scopes: ScopeDocuments[] = Array.from({ length: 60 }, (_, i) => ({
    scope: `dept-${String(i).padStart(2, '0')}`,
    scopeName: `部门${i}`,
    documents: [
      {
        format: 'json',
        key: `summaries/2023-H1/${ID}/dept-${i}.json`,
        sha256: 'a'.repeat(64),
        bytes: 10,
        contentType: 'application/json; charset=utf-8',
      },
    ],
  }));

  it('writes 60 scopes in three batch writes of at most 25 items', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    await repository.putScopeDocuments('2023-H1', ID, scopes);
    const calls = dynamo.commandCalls(BatchWriteCommand);
    expect(calls.map((call) => call.args[0].input.RequestItems![TABLE]!.length)).toEqual([25, 25, 10]);
    const items = calls.flatMap((call) =>
      call.args[0].input.RequestItems![TABLE]!.map((r) => r.PutRequest!.Item),
    );
    expect(items).toHaveLength(60);
    expect(items[59]).toEqual({ pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#dept-59`, ...scopes[59] });
  });

  it('sends unprocessed items again until none remain', async () => {
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .resolvesOnce({
        UnprocessedItems: {
          [TABLE]: [
            { PutRequest: { Item: { pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#dept-30` } } },
            { PutRequest: { Item: { pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#dept-31` } } },
          ],
        },
      })
      .resolves({});
    await repository.putScopeDocuments('2023-H1', ID, scopes);
    const sizes = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems![TABLE]!.map((r) => r.PutRequest!.Item!.sk));
    expect(sizes.map((batch) => batch.length)).toEqual([25, 25, 2, 10]);
    expect(sizes[2]).toEqual([`DOCUMENTS#${ID}#dept-30`, `DOCUMENTS#${ID}#dept-31`]);
  });

  it('lists the scopes of a generation consistently, following every page, without their keys', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#a`, ...scopes[0] }],
        LastEvaluatedKey: { pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#a` },
      })
      .resolvesOnce({ Items: [{ pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#b`, ...scopes[1] }] });
    await expect(repository.listScopeDocuments('2023-H1', ID)).resolves.toEqual([scopes[0], scopes[1]]);
    const calls = dynamo.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'SUMMARY#2023-H1',
      ':prefix': `DOCUMENTS#${ID}#`,
    });
    // The READY pointer was read consistently; the documents it names must be too.
    expect(calls.map((call) => call.args[0].input.ConsistentRead)).toEqual([true, true]);
  });

  it('reads one scope of a generation by its key, consistently', async () => {
    dynamo.on(GetCommand).resolves({});
    await expect(repository.getScopeDocuments('2023-H1', ID, 'qwb')).resolves.toBeUndefined();
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'SUMMARY#2023-H1', sk: `DOCUMENTS#${ID}#qwb` },
      ConsistentRead: true,
    });
  });
});
