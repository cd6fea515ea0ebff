import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient } from '../../../../../shared/adapters/dynamodb/client';
import { DynamoTokenRepository } from '../../../../../shared/adapters/dynamodb/token-repository';
import { ConflictError } from '../../../../../shared/errors/app-error';
import type { TokenRecord } from '../../../../../shared/ports/repositories';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoTokenRepository(createDocumentClient(), 'tokens-table');
const record: TokenRecord = {
  tokenId: '0123456789abcdef0123',
  secretHash: 'ab'.repeat(32),
  role: 'department',
  departmentId: 'qwb',
  createdAt: '2023-06-09T10:00:00.000Z',
};
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });

beforeEach(() => {
  ddb.reset();
});

describe('create', () => {
  test('It should put the token under its id only if the id is free', async () => {
    ddb.on(PutCommand).resolves({});
    await repository.create(record);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Item: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  test('It should turn a taken id into ConflictError', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    await expect(repository.create(record)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('get', () => {
  test('It should get the token by id with a consistent read and return the record without keys', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN', ...record } });
    await expect(repository.get(record.tokenId)).resolves.toEqual(record);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Key: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN' },
      ConsistentRead: true,
    });
  });

  test('It should return undefined for an unknown id', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repository.get('ffffffffffffffffffff')).resolves.toBeUndefined();
  });
});

describe('revoke', () => {
  const now = new Date('2023-07-01T00:00:00.000Z');

  test('It should set revokedAt once on an existing token and answer true', async () => {
    ddb.on(UpdateCommand).resolves({});
    await expect(repository.revoke(record.tokenId, now)).resolves.toBe(true);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Key: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN' },
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    });
  });

  test('It should answer false for an unknown token', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(repository.revoke('ffffffffffffffffffff', now)).resolves.toBe(false);
  });

  test('It should pass any other failure on', async () => {
    const failure = new DynamoDBServiceException({
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: {},
      message: 'boom',
    });
    ddb.on(UpdateCommand).rejects(failure);
    await expect(repository.revoke(record.tokenId, now)).rejects.toBe(failure);
  });
});
