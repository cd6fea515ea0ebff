import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient, sdkTable } from '../../../../../shared/adapters/dynamodb/client';
import { DynamoDepartmentRepository } from '../../../../../shared/adapters/dynamodb/department-repository';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoDepartmentRepository(sdkTable(createDocumentClient()), 'departments-table');
const now = new Date('2023-06-09T10:00:00.000Z');
const stored = {
  pk: 'DEPARTMENT',
  sk: 'qwb',
  departmentId: 'qwb',
  name: '区委办',
  activeFrom: '2023-W01',
  createdAt: '2023-01-01T00:00:00.000Z',
  updatedAt: '2023-01-02T00:00:00.000Z',
};
const { pk: _pk, sk: _sk, ...department } = stored;

beforeEach(() => {
  ddb.reset();
});

test('It should get a department by its key, consistently, and return it without the keys', async () => {
  ddb.on(GetCommand).resolves({ Item: stored });
  await expect(repository.get('qwb')).resolves.toEqual(department);
  expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
    TableName: 'departments-table',
    Key: { pk: 'DEPARTMENT', sk: 'qwb' },
    ConsistentRead: true,
  });
});

test('It should return undefined for an unknown department', async () => {
  ddb.on(GetCommand).resolves({});
  await expect(repository.get('nobody')).resolves.toBeUndefined();
});

test('It should create a department with one UpdateItem and report it as created', async () => {
  ddb.on(UpdateCommand).resolves({});
  const result = await repository.upsert(
    { departmentId: 'qwb', name: '区委办', activeFrom: '2023-W01' },
    now,
  );
  expect(result).toEqual({
    created: true,
    department: {
      departmentId: 'qwb',
      name: '区委办',
      activeFrom: '2023-W01',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    },
  });
  expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
    TableName: 'departments-table',
    Key: { pk: 'DEPARTMENT', sk: 'qwb' },
    UpdateExpression:
      // A PUT replaces the department: the omitted email and order are cleared.
      'SET #name = :name, departmentId = :id, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), activeFrom = :activeFrom REMOVE email, #order',
    ExpressionAttributeNames: { '#name': 'name', '#order': 'order' },
    ExpressionAttributeValues: {
      ':name': '区委办',
      ':id': 'qwb',
      ':now': now.toISOString(),
      ':activeFrom': '2023-W01',
    },
    ReturnValues: 'ALL_OLD',
  });
});

test('It should update an existing department, keep its creation time and remove an omitted activeFrom', async () => {
  ddb.on(UpdateCommand).resolves({ Attributes: stored });
  const result = await repository.upsert({ departmentId: 'qwb', name: '区委办公室' }, now);
  expect(result).toEqual({
    created: false,
    department: {
      departmentId: 'qwb',
      name: '区委办公室',
      createdAt: stored.createdAt,
      updatedAt: now.toISOString(),
    },
  });
  const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
  expect(input.UpdateExpression).toBe(
    'SET #name = :name, departmentId = :id, updatedAt = :now, createdAt = if_not_exists(createdAt, :now) REMOVE activeFrom, email, #order',
  );
  expect(input.ExpressionAttributeValues).not.toHaveProperty(':activeFrom');
});

test('It should store a roster order and read it back', async () => {
  ddb.on(UpdateCommand).resolves({});
  const result = await repository.upsert({ departmentId: 'qwb', name: '区委办', order: 3 }, now);
  expect(result.department.order).toBe(3);
  const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
  expect(input.UpdateExpression).toBe(
    // The other optional fields are omitted, so they are cleared.
    'SET #name = :name, departmentId = :id, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), #order = :order REMOVE activeFrom, email',
  );
  expect(input.ExpressionAttributeValues).toMatchObject({ ':order': 3 });
  ddb.on(GetCommand).resolves({ Item: { ...stored, order: 3 } });
  await expect(repository.get('qwb')).resolves.toMatchObject({ order: 3 });
});

test('It should list the department partition consistently across pages', async () => {
  ddb
    .on(QueryCommand)
    .resolvesOnce({ Items: [stored], LastEvaluatedKey: { pk: 'DEPARTMENT', sk: 'qwb' } })
    .resolvesOnce({ Items: [{ ...stored, sk: 'zzb', departmentId: 'zzb', activeFrom: undefined }] });
  const departments = await repository.list();
  expect(departments.map((d) => d.departmentId)).toEqual(['qwb', 'zzb']);
  expect(departments[1]).not.toHaveProperty('activeFrom');
  const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
  expect(calls[0]).toMatchObject({
    TableName: 'departments-table',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'DEPARTMENT' },
    ConsistentRead: true,
  });
  expect(calls[1]!.ExclusiveStartKey).toEqual({ pk: 'DEPARTMENT', sk: 'qwb' });
});

it('It should store an email and return it with the department', async () => {
  ddb.on(UpdateCommand).resolves({});
  const result = await repository.upsert(
    { departmentId: 'zzb', name: '区委组织部', email: 'zzb@example.gov.cn' },
    new Date('2023-03-01T00:00:00Z'),
  );
  expect(result.department.email).toBe('zzb@example.gov.cn');
  const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
  expect(input.UpdateExpression).toContain('email = :email');
  expect(input.UpdateExpression).toMatch(/REMOVE activeFrom, #order$/);
  expect(input.ExpressionAttributeValues).toMatchObject({ ':email': 'zzb@example.gov.cn' });
});
