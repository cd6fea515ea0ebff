import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient } from '../../../../../shared/adapters/dynamodb/client';
import { DynamoReportRepository } from '../../../../../shared/adapters/dynamodb/report-repository';
import type { ReportRevision } from '../../../../../shared/domain/report';
import { RevisionTakenError } from '../../../../../shared/ports/repositories';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoReportRepository(createDocumentClient(), 'reports-table');

const revision: ReportRevision = {
  departmentId: 'qwb',
  week: '2023-W23',
  period: '2023-H1',
  revision: 7,
  submittedAt: '2023-06-09T10:00:00.000Z',
  late: false,
  firstSubmittedAt: '2023-06-08T10:00:00.000Z',
  firstLate: false,
  items: [
    {
      theme: 'political',
      title: '专题轮训',
      highlight: true,
      metrics: [{ metric: 'cadres-trained', value: '1300', unit: '人次' }],
    },
  ],
  contentHash: 'abc',
};
const storedItem = { pk: 'REPORT#qwb', sk: '2023-W23#000007', ...revision };

beforeEach(() => {
  ddb.reset();
});

describe('latest', () => {
  test('It should query the week backwards for one item and return it without its keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem] });
    await expect(repository.latest('qwb', '2023-W23')).resolves.toEqual(revision);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :week)',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb', ':week': '2023-W23#' },
      ScanIndexForward: false,
      Limit: 1,
    });
  });

  test('It should return undefined for a week without revisions', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await expect(repository.latest('qwb', '2023-W23')).resolves.toBeUndefined();
  });
});

describe('get', () => {
  test('It should get one revision by its zero-padded sort key', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem });
    await expect(repository.get('qwb', '2023-W23', 7)).resolves.toEqual(revision);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'reports-table',
      Key: { pk: 'REPORT#qwb', sk: '2023-W23#000007' },
    });
  });

  test('It should return undefined for a revision that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repository.get('qwb', '2023-W23', 8)).resolves.toBeUndefined();
  });
});

describe('create', () => {
  test('It should put the revision only if its number is free', async () => {
    ddb.on(PutCommand).resolves({});
    await repository.create(revision);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'reports-table',
      Item: storedItem,
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  test('It should turn a failed condition into RevisionTakenError', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const error = await repository.create(revision).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionTakenError);
    expect(error).toMatchObject({ departmentId: 'qwb', week: '2023-W23', revision: 7 });
  });

  test('It should pass any other failure on unchanged', async () => {
    const failure = new DynamoDBServiceException({
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
      $metadata: {},
      message: 'slow down',
    });
    ddb.on(PutCommand).rejects(failure);
    await expect(repository.create(revision)).rejects.toBe(failure);
  });
});

describe('revisionsBetween', () => {
  test('It should query the range of weeks and follow LastEvaluatedKey to the end', async () => {
    const second = { ...storedItem, sk: '2023-W24#000001', week: '2023-W24', revision: 1 };
    const lastKey = { pk: 'REPORT#qwb', sk: '2023-W23#000007' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedItem], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [second] });

    const revisions = await repository.revisionsBetween('qwb', '2023-W01', '2023-W26');

    expect(revisions).toEqual([revision, { ...revision, week: '2023-W24', revision: 1 }]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb', ':from': '2023-W01#', ':to': '2023-W26#~' },
      ExclusiveStartKey: undefined,
    });
    expect(calls[1]).toEqual({ ...calls[0], ExclusiveStartKey: lastKey });
  });
});
