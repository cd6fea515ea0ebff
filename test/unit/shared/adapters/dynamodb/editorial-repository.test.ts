import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient, sdkTable } from '../../../../../shared/adapters/dynamodb/client';
import { DynamoEditorialRepository } from '../../../../../shared/adapters/dynamodb/editorial-repository';
import type { EditorialRevision } from '../../../../../shared/domain/editorial';
import { EditorialRevisionTakenError } from '../../../../../shared/ports/repositories';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoEditorialRepository(sdkTable(createDocumentClient()), 'table');

const editorial: EditorialRevision = {
  period: '2023-H1',
  revision: 12,
  updatedAt: '2023-07-03T02:00:00.000Z',
  updatedBy: 'tok',
  contentHash: 'abc',
  overview: '总体情况。',
};

beforeEach(() => ddb.reset());

test('It should read the latest revision consistently, newest first, from the period partition', async () => {
  ddb.on(QueryCommand).resolves({ Items: [{ pk: 'EDITORIAL#2023-H1', sk: '000012', ...editorial }] });
  await expect(repository.latest('2023-H1')).resolves.toEqual(editorial);
  expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
    TableName: 'table',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'EDITORIAL#2023-H1' },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  });
});

test('It should write a revision under its zero-padded number only if the number is free', async () => {
  ddb.on(PutCommand).resolves({});
  await repository.create(editorial);
  expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
    TableName: 'table',
    Item: { pk: 'EDITORIAL#2023-H1', sk: '000012', ...editorial },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
});

test('It should report a taken number as EditorialRevisionTakenError', async () => {
  ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
  await expect(repository.create(editorial)).rejects.toBeInstanceOf(EditorialRevisionTakenError);
});
