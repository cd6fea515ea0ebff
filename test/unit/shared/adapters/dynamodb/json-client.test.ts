/**
 * The light GetItem client against a real HTTP server on a free port that answers as DynamoDB does and
 * checks every request's signature the way the local stand-ins of AWS do (infra/local/sigv4.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDbJsonClient,
  DynamoDbRequestError,
  dynamoDbJsonClientFromEnvironment,
  lightTable,
  regionalEndpoint,
  type DynamoDbJsonClientOptions,
} from '../../../../../shared/adapters/dynamodb/json-client';
import { DynamoTokenReader } from '../../../../../shared/adapters/dynamodb/token-reader';
import { isConditionalCheckFailed } from '../../../../../shared/adapters/dynamodb/document-table';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTJSONCLIENT', secretAccessKey: 'test-secret-key-0123456789' };
const sessionToken = 'session-token-of-the-role';

interface Received {
  target: string | undefined;
  contentType: string | undefined;
  sessionToken: string | undefined;
  body: unknown;
  signatureFault: string | undefined;
}

type Answer = { status: number; body?: unknown } | 'hang' | 'reset';

let server: FakeEndpoint;
let endpoint: string;
let answers: Answer[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse, request: IncomingMessage) {
  const next = answers.shift() ?? { status: 500, body: { __type: 'test#NoAnswerLeft' } };
  received.push({
    target: signed.header('x-amz-target'),
    contentType: signed.header('content-type'),
    sessionToken: signed.header('x-amz-security-token'),
    body: JSON.parse(signed.body.toString('utf8')) as unknown,
    signatureFault: signed.signatureFault,
  });
  if (next === 'hang') return;
  if (next === 'reset') {
    request.socket.destroy();
    return;
  }
  response
    .writeHead(next.status, { 'content-type': 'application/x-amz-json-1.0' })
    .end(JSON.stringify(next.body ?? {}));
}

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 'dynamodb', answer);
  endpoint = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  answers = [];
  received = [];
});

const sleeps: number[] = [];
function client(options: Partial<DynamoDbJsonClientOptions> = {}) {
  sleeps.length = 0;
  return new DynamoDbJsonClient({
    region: 'cn-northwest-1',
    endpoint,
    credentials: () => ({ ...credentials, sessionToken }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

const token = {
  pk: { S: 'TOKEN#abc' },
  sk: { S: 'TOKEN' },
  tokenId: { S: 'abc' },
  secretHash: { S: 'ff'.repeat(32) },
  role: { S: 'department' },
  departmentId: { S: 'qwb' },
  createdAt: { S: '2023-06-09T10:00:00.000Z' },
};

describe('DynamoDbJsonClient.getItem', () => {
  test('It should send one signed GetItem in the JSON protocol and unmarshall the item', async () => {
    answers = [{ status: 200, body: { Item: token } }];
    const item = await client().getItem({
      tableName: 'reports',
      key: { pk: 'TOKEN#abc', sk: 'TOKEN' },
      consistentRead: true,
    });
    expect(item).toEqual({
      pk: 'TOKEN#abc',
      sk: 'TOKEN',
      tokenId: 'abc',
      secretHash: 'ff'.repeat(32),
      role: 'department',
      departmentId: 'qwb',
      createdAt: '2023-06-09T10:00:00.000Z',
    });
    expect(received).toEqual([
      {
        target: 'DynamoDB_20120810.GetItem',
        contentType: 'application/x-amz-json-1.0',
        sessionToken,
        body: {
          TableName: 'reports',
          Key: { pk: { S: 'TOKEN#abc' }, sk: { S: 'TOKEN' } },
          ConsistentRead: true,
        },
        signatureFault: undefined,
      },
    ]);
  });

  test('It should answer undefined when there is no such item', async () => {
    answers = [{ status: 200, body: {} }];
    await expect(
      client().getItem({ tableName: 'reports', key: { pk: 'TOKEN#x', sk: 'TOKEN' } }),
    ).resolves.toBe(undefined);
    expect(received[0]!.body).toEqual({
      TableName: 'reports',
      Key: { pk: { S: 'TOKEN#x' }, sk: { S: 'TOKEN' } },
    });
  });

  test('It should retry throttling and 5xx with growing, jittered backoff, and then succeed', async () => {
    answers = [
      {
        status: 400,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
      },
      { status: 503, body: { __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable' } },
      { status: 200, body: { Item: token } },
    ];
    const item = await client({ baseBackoffMs: 40 }).getItem({
      tableName: 'reports',
      key: { pk: 'a', sk: 'b' },
    });
    expect(item?.tokenId).toBe('abc');
    expect(received).toHaveLength(3);
    expect(received.every((request) => request.signatureFault === undefined)).toBe(true);
    // Half (the random number) of 40, then of 80.
    expect(sleeps).toEqual([20, 40]);
  });

  test('It should give up after its attempts with the error type and status, and nothing of the body', async () => {
    answers = [500, 500, 500].map((status) => ({
      status,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'secret internals' },
    }));
    const failure = client()
      .getItem({ tableName: 'reports', key: { pk: 'a', sk: 'b' } })
      .catch((error: unknown) => error);
    const error = (await failure) as DynamoDbRequestError;
    expect(error).toBeInstanceOf(DynamoDbRequestError);
    expect(error.message).toBe('DynamoDB GetItem failed after 3 attempts: InternalServerError (HTTP 500)');
    expect(error.message).not.toContain('secret internals');
    expect(received).toHaveLength(3);
  });

  test('It should not retry what retrying cannot mend', async () => {
    answers = [
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' } },
      { status: 200, body: { Item: token } },
    ];
    await expect(client().getItem({ tableName: 'missing', key: { pk: 'a', sk: 'b' } })).rejects.toMatchObject(
      {
        type: 'ResourceNotFoundException',
        status: 400,
        attempts: 1,
      },
    );
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test('It should time an attempt out and try again', async () => {
    answers = ['hang', { status: 200, body: { Item: token } }];
    const item = await client({ attemptTimeoutMs: 200 }).getItem({
      tableName: 'reports',
      key: { pk: 'a', sk: 'b' },
    });
    expect(item?.tokenId).toBe('abc');
    expect(received).toHaveLength(2);
  });

  test('It should count a dropped connection as a failed attempt and say so without details', async () => {
    answers = ['reset', 'reset'];
    await expect(
      client({ maxAttempts: 2 }).getItem({ tableName: 'reports', key: { pk: 'a', sk: 'b' } }),
    ).rejects.toThrow('DynamoDB GetItem failed after 2 attempts: NetworkError');
  });

  test('It should fail a request that cannot connect after its attempts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      client({ endpoint: `http://127.0.0.1:${port}` }).getItem({ tableName: 'r', key: { pk: 'a', sk: 'b' } }),
    ).rejects.toMatchObject({ type: 'NetworkError', attempts: 3 });
  });
});

describe('regionalEndpoint', () => {
  test('It should name the regional endpoint of either partition', () => {
    expect(regionalEndpoint('ap-east-1')).toBe('https://dynamodb.ap-east-1.amazonaws.com');
    expect(regionalEndpoint('cn-north-1')).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
  });
});

describe('dynamoDbJsonClientFromEnvironment', () => {
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };

  test('It should take the endpoint override, the region and the credentials from the environment', async () => {
    answers = [{ status: 200, body: {} }];
    const lazy = dynamoDbJsonClientFromEnvironment({ ...env, AWS_ENDPOINT_URL_DYNAMODB: endpoint });
    expect(lazy()).toBe(lazy());
    await lazy().getItem({ tableName: 'reports', key: { pk: 'a', sk: 'b' } });
    expect(received).toEqual([
      expect.objectContaining({ sessionToken: undefined, signatureFault: undefined }),
    ]);
  });

  test('It should read nothing until the first request, then name what is missing', async () => {
    const lazy = dynamoDbJsonClientFromEnvironment({});
    expect(() => lazy()).toThrow('AWS_REGION environment variable is not set');
    const withoutCredentials = dynamoDbJsonClientFromEnvironment({
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    });
    await expect(
      withoutCredentials().getItem({ tableName: 'reports', key: { pk: 'a', sk: 'b' } }),
    ).rejects.toThrow('AWS credentials are not set in the environment');
    expect(received).toEqual([]);
  });
});

describe('DynamoTokenReader', () => {
  test('It should read the token strongly consistently under its key and hand it on without the keys', async () => {
    answers = [
      { status: 200, body: { Item: token } },
      { status: 200, body: {} },
    ];
    const shared = client();
    const reader = new DynamoTokenReader(() => shared, 'reports');
    await expect(reader.get('abc')).resolves.toEqual({
      tokenId: 'abc',
      secretHash: 'ff'.repeat(32),
      role: 'department',
      departmentId: 'qwb',
      createdAt: '2023-06-09T10:00:00.000Z',
    });
    await expect(reader.get('nobody')).resolves.toBeUndefined();
    expect(received.map((request) => request.body)).toEqual([
      { TableName: 'reports', Key: { pk: { S: 'TOKEN#abc' }, sk: { S: 'TOKEN' } }, ConsistentRead: true },
      { TableName: 'reports', Key: { pk: { S: 'TOKEN#nobody' }, sk: { S: 'TOKEN' } }, ConsistentRead: true },
    ]);
  });
});

describe('lightTable', () => {
  const table = () => {
    const shared = client();
    return lightTable(() => shared);
  };

  test('It should marshal a conditional put, leave undefined attributes out and unmarshal ALL_OLD', async () => {
    answers = [
      { status: 200, body: { Attributes: { pk: { S: 'RUN#2023-H1' }, generationId: { S: 'g1' } } } },
    ];
    const output = await table().put({
      TableName: 'reports',
      Item: {
        pk: 'RUN#2023-H1',
        sk: 'RUN',
        generationId: 'g2',
        count: 3,
        note: undefined,
        tags: new Set(['a']),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR heartbeatAt < :staleBefore',
      ExpressionAttributeValues: { ':staleBefore': '2023-07-01T00:00:00.000Z' },
      ReturnValues: 'ALL_OLD',
    });
    expect(output).toEqual({ Attributes: { pk: 'RUN#2023-H1', generationId: 'g1' } });
    expect(received).toEqual([
      expect.objectContaining({
        target: 'DynamoDB_20120810.PutItem',
        signatureFault: undefined,
        body: {
          TableName: 'reports',
          Item: {
            pk: { S: 'RUN#2023-H1' },
            sk: { S: 'RUN' },
            generationId: { S: 'g2' },
            count: { N: '3' },
            tags: { SS: ['a'] },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR heartbeatAt < :staleBefore',
          ExpressionAttributeValues: { ':staleBefore': { S: '2023-07-01T00:00:00.000Z' } },
          ReturnValues: 'ALL_OLD',
        },
      }),
    ]);
  });

  test('It should fail a false condition at once with the name the SDK gives it', async () => {
    answers = [
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
        },
      },
    ];
    const failure = table().update({
      TableName: 'reports',
      Key: { pk: 'TOKEN#abc', sk: 'TOKEN' },
      UpdateExpression: 'SET revokedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': '2023-07-01T00:00:00.000Z' },
    });
    const error = await failure.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DynamoDbRequestError);
    expect((error as Error).name).toBe('ConditionalCheckFailedException');
    expect(isConditionalCheckFailed(error)).toBe(true);
    expect((error as DynamoDbRequestError).status).toBe(400);
    expect(received).toHaveLength(1);
    expect(received[0]!.target).toBe('DynamoDB_20120810.UpdateItem');
  });

  test('It should page a query: marshalled values and start key out, items and the next key back', async () => {
    answers = [
      {
        status: 200,
        body: {
          Items: [{ pk: { S: 'DEPT#qwb' }, sk: { S: 'W#2023-W01' }, revision: { N: '2' } }],
          Count: 1,
          ScannedCount: 1,
          LastEvaluatedKey: { pk: { S: 'DEPT#qwb' }, sk: { S: 'W#2023-W01' } },
        },
      },
      { status: 200, body: { Items: [], Count: 0, ScannedCount: 0 } },
    ];
    const shared = table();
    const first = await shared.query({
      TableName: 'reports',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DEPT#qwb' },
      Limit: 1,
      ConsistentRead: true,
    });
    expect(first).toEqual({
      Items: [{ pk: 'DEPT#qwb', sk: 'W#2023-W01', revision: 2 }],
      Count: 1,
      ScannedCount: 1,
      LastEvaluatedKey: { pk: 'DEPT#qwb', sk: 'W#2023-W01' },
    });
    const second = await shared.query({
      TableName: 'reports',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DEPT#qwb' },
      ExclusiveStartKey: first.LastEvaluatedKey,
    });
    expect(second).toEqual({ Items: [], Count: 0, ScannedCount: 0 });
    expect(received.map((request) => [request.target, request.body])).toEqual([
      [
        'DynamoDB_20120810.Query',
        {
          TableName: 'reports',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'DEPT#qwb' } },
          Limit: 1,
          ConsistentRead: true,
        },
      ],
      [
        'DynamoDB_20120810.Query',
        {
          TableName: 'reports',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'DEPT#qwb' } },
          ExclusiveStartKey: { pk: { S: 'DEPT#qwb' }, sk: { S: 'W#2023-W01' } },
        },
      ],
    ]);
  });

  test('It should get, delete and batch-write, handing unprocessed writes back unmarshalled', async () => {
    answers = [
      { status: 200, body: {} },
      { status: 200, body: {} },
      {
        status: 200,
        body: {
          UnprocessedItems: { reports: [{ PutRequest: { Item: { pk: { S: 'B' }, n: { N: '1.50' } } } }] },
        },
      },
      { status: 200, body: { UnprocessedItems: {} } },
    ];
    const shared = table();
    await expect(shared.get({ TableName: 'reports', Key: { pk: 'A', sk: 'A' } })).resolves.toEqual({});
    await expect(shared.delete({ TableName: 'reports', Key: { pk: 'A', sk: 'A' } })).resolves.toEqual({});
    const writes = {
      RequestItems: {
        reports: [
          { PutRequest: { Item: { pk: 'B', n: 1.5 } } },
          { DeleteRequest: { Key: { pk: 'C', sk: 'C' } } },
        ],
      },
    };
    await expect(shared.batchWrite(writes)).resolves.toEqual({
      UnprocessedItems: { reports: [{ PutRequest: { Item: { pk: 'B', n: 1.5 } } }] },
    });
    await expect(shared.batchWrite(writes)).resolves.toEqual({});
    expect(received.map((request) => request.target)).toEqual([
      'DynamoDB_20120810.GetItem',
      'DynamoDB_20120810.DeleteItem',
      'DynamoDB_20120810.BatchWriteItem',
      'DynamoDB_20120810.BatchWriteItem',
    ]);
    expect(received[2]!.body).toEqual({
      RequestItems: {
        reports: [
          { PutRequest: { Item: { pk: { S: 'B' }, n: { N: '1.5' } } } },
          { DeleteRequest: { Key: { pk: { S: 'C' }, sk: { S: 'C' } } } },
        ],
      },
    });
  });

  test('It should batch-get: marshalled keys and their options out, items and unprocessed keys back', async () => {
    answers = [
      {
        status: 200,
        body: {
          Responses: { reports: [{ pk: { S: 'REPORT#qwb' }, revision: { N: '3' } }] },
          UnprocessedKeys: {
            reports: {
              Keys: [{ pk: { S: 'REPORT#zzb' }, sk: { S: 'HEAD#2023-W10' } }],
              ProjectionExpression: '#r',
              ExpressionAttributeNames: { '#r': 'revision' },
              ConsistentRead: true,
            },
          },
        },
      },
      { status: 200, body: { Responses: { reports: [] }, UnprocessedKeys: {} } },
    ];
    const shared = table();
    const request = {
      RequestItems: {
        reports: {
          Keys: [
            { pk: 'REPORT#qwb', sk: 'HEAD#2023-W10' },
            { pk: 'REPORT#zzb', sk: 'HEAD#2023-W10' },
          ],
          ProjectionExpression: '#r',
          ExpressionAttributeNames: { '#r': 'revision' },
          ConsistentRead: true,
        },
      },
    };
    await expect(shared.batchGet(request)).resolves.toEqual({
      Responses: { reports: [{ pk: 'REPORT#qwb', revision: 3 }] },
      UnprocessedKeys: {
        reports: {
          Keys: [{ pk: 'REPORT#zzb', sk: 'HEAD#2023-W10' }],
          ProjectionExpression: '#r',
          ExpressionAttributeNames: { '#r': 'revision' },
          ConsistentRead: true,
        },
      },
    });
    // Nothing left over: no UnprocessedKeys at all, as with batchWrite's items.
    await expect(shared.batchGet(request)).resolves.toEqual({ Responses: { reports: [] } });
    expect(received.map((request) => [request.target, request.signatureFault])).toEqual([
      ['DynamoDB_20120810.BatchGetItem', undefined],
      ['DynamoDB_20120810.BatchGetItem', undefined],
    ]);
    expect(received[0]!.body).toEqual({
      RequestItems: {
        reports: {
          Keys: [
            { pk: { S: 'REPORT#qwb' }, sk: { S: 'HEAD#2023-W10' } },
            { pk: { S: 'REPORT#zzb' }, sk: { S: 'HEAD#2023-W10' } },
          ],
          ProjectionExpression: '#r',
          ExpressionAttributeNames: { '#r': 'revision' },
          ConsistentRead: true,
        },
      },
    });
  });

  test('It should refuse a binary attribute before sending anything', async () => {
    await expect(
      table().put({ TableName: 'reports', Item: { pk: 'A', blob: new Uint8Array([1, 2]) } }),
    ).rejects.toThrow('binary attribute');
    expect(received).toEqual([]);
  });
});
