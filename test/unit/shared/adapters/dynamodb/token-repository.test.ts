import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient, sdkTable } from '../../../../../shared/adapters/dynamodb/client';
import { DynamoTokenRepository } from '../../../../../shared/adapters/dynamodb/token-repository';
import { ConflictError } from '../../../../../shared/errors/app-error';
import type { TokenRecord } from '../../../../../shared/ports/repositories';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoTokenRepository(sdkTable(createDocumentClient()), 'tokens-table');
const record: TokenRecord = {
  tokenId: '0123456789abcdef0123',
  secretHash: 'ab'.repeat(32),
  role: 'department',
  departmentId: 'qwb',
  createdAt: '2023-06-09T10:00:00.000Z',
  expiresAt: '2024-06-08T10:00:00.000Z',
};
const { secretHash: _secretHash, ...listed } = record;
const listingKey = { pk: 'TOKENS', sk: '2023-06-09T10:00:00.000Z#0123456789abcdef0123' };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });

beforeEach(() => {
  ddb.reset();
});

describe('create', () => {
  test('It should list the token without its hash, then put it under its id only if the id is free', async () => {
    ddb.on(PutCommand).resolves({});
    await repository.create(record);
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      { TableName: 'tokens-table', Item: { ...listingKey, ...listed } },
      {
        TableName: 'tokens-table',
        Item: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
    expect(JSON.stringify(puts[0])).not.toContain(record.secretHash);
  });

  test('It should turn a taken id into ConflictError and take its listing entry back', async () => {
    ddb.on(PutCommand, { Item: { ...listingKey, ...listed } }).resolves({});
    ddb.on(PutCommand, { ConditionExpression: 'attribute_not_exists(pk)' }).rejects(conditionFailed());
    await expect(repository.create(record)).rejects.toBeInstanceOf(ConflictError);
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Key: listingKey,
    });
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

  test('It should set revokedAt once on an existing token, rewrite its listing entry and answer true', async () => {
    const revoked = { ...record, revokedAt: now.toISOString() };
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN', ...revoked } });
    ddb.on(PutCommand).resolves({});
    await expect(repository.revoke(record.tokenId, now)).resolves.toBe(true);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Key: { pk: 'TOKEN#0123456789abcdef0123', sk: 'TOKEN' },
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      Item: { ...listingKey, ...listed, revokedAt: now.toISOString() },
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

describe('list', () => {
  test('It should Query the listing partition a page at a time and name where the page ended', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...listingKey, ...listed }], LastEvaluatedKey: listingKey });
    const page = await repository.list(1, { createdAt: '2023-01-01T00:00:00.000Z', tokenId: 'a'.repeat(20) });
    expect(page).toEqual({
      tokens: [listed],
      next: { createdAt: record.createdAt, tokenId: record.tokenId },
    });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'tokens-table',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TOKENS' },
      Limit: 1,
      ExclusiveStartKey: { pk: 'TOKENS', sk: `2023-01-01T00:00:00.000Z#${'a'.repeat(20)}` },
    });
  });

  test('It should end the listing when DynamoDB has no more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...listingKey, ...listed }] });
    await expect(repository.list(50)).resolves.toEqual({ tokens: [listed] });
  });
});
