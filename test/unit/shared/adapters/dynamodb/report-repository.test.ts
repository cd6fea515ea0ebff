import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient, sdkTable } from '../../../../../shared/adapters/dynamodb/client';
import { itemSize } from '../../../../../shared/adapters/dynamodb/item-size';
import { BatchIncompleteError } from '../../../../../shared/adapters/dynamodb/batch-retry';
import { DynamoReportRepository } from '../../../../../shared/adapters/dynamodb/report-repository';
import type { ReportRevision } from '../../../../../shared/domain/report';
import { RevisionTakenError, RevisionTooLargeError } from '../../../../../shared/ports/repositories';

const ddb = mockClient(DynamoDBDocumentClient);
const repository = new DynamoReportRepository(sdkTable(createDocumentClient()), 'reports-table');

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

// A head carries the week heads index's attributes besides its keys; readers strip both.
const headItem = {
  pk: 'REPORT#qwb',
  sk: 'HEAD#2023-W23',
  weekHeadsPk: 'HEADS#2023',
  weekHeadsSk: '2023-W23#qwb',
  ...revision,
};

describe('latest', () => {
  test('It should read the week head consistently and return it without its keys', async () => {
    ddb.on(GetCommand).resolves({ Item: headItem });
    await expect(repository.latest('qwb', '2023-W23')).resolves.toEqual(revision);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'reports-table',
      Key: { pk: 'REPORT#qwb', sk: 'HEAD#2023-W23' },
      ConsistentRead: true,
    });
  });

  test('It should return undefined for a week without revisions', async () => {
    ddb.on(GetCommand).resolves({});
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
      ConsistentRead: true,
    });
  });

  test('It should return undefined for a revision that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repository.get('qwb', '2023-W23', 8)).resolves.toBeUndefined();
  });
});

describe('create', () => {
  test('It should put the revision only if its number is free, then move the head forward', async () => {
    ddb.on(PutCommand).resolves({});
    await repository.create(revision);
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      { TableName: 'reports-table', Item: storedItem, ConditionExpression: 'attribute_not_exists(pk)' },
      {
        TableName: 'reports-table',
        Item: headItem,
        ConditionExpression:
          'attribute_not_exists(pk) OR revision < :revision OR (revision = :revision AND attribute_not_exists(#indexPk))',
        ExpressionAttributeNames: { '#indexPk': 'weekHeadsPk' },
        ExpressionAttributeValues: { ':revision': 7 },
      },
    ]);
  });

  test('It should refuse a revision over 400 KB as DynamoDB counts it, without sending anything', async () => {
    ddb.on(PutCommand).resolves({});
    // 34,000 × U+1D160 is 136,000 bytes as sent but 408,000 once normalised to NFC (three 4-byte
    // characters each): under 400 KB in UTF-16 units as dynalite counts, over it in UTF-8 bytes.
    const detail = '\u{1D160}'.repeat(34_000).normalize('NFC');
    const large: ReportRevision = {
      ...revision,
      items: [
        { ...revision.items[0]!, detail },
        { ...revision.items[0]!, detail: 'x'.repeat(2_000) },
      ],
    };
    const error = await repository.create(large).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionTooLargeError);
    expect(error).toMatchObject({ maxBytes: 409_600, bytes: expect.any(Number) });
    expect((error as RevisionTooLargeError).bytes).toBeGreaterThan(409_600);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  /** The revision whose head, the larger of the two items, takes 400 KB and `over` bytes. */
  function headOfSize(over: number): ReportRevision {
    const fixed = { ...headItem, items: [{ ...revision.items[0]!, detail: '' }] };
    const padding = 409_600 - itemSize(fixed) + over;
    return { ...revision, items: [{ ...revision.items[0]!, detail: 'x'.repeat(padding) }] };
  }

  test('It should write a revision whose head takes exactly 400 KB, and its head', async () => {
    ddb.on(PutCommand).resolves({});
    const atLimit = headOfSize(0);
    await repository.create(atLimit);
    const items = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
    expect(items.map((item) => item.sk)).toEqual(['2023-W23#000007', 'HEAD#2023-W23']);
    expect(itemSize(items[1]!)).toBe(409_600);
    // The head is the larger item: its index attributes outweigh its shorter sort key.
    expect(itemSize(items[0]!)).toBeLessThan(409_600);
  });

  test('It should refuse, before writing either item, a revision that fits when its head does not', async () => {
    ddb.on(PutCommand).resolves({});
    const overByOne = headOfSize(1);
    expect(itemSize({ ...storedItem, items: overByOne.items })).toBeLessThanOrEqual(409_600);
    const error = await repository.create(overByOne).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionTooLargeError);
    expect(error).toMatchObject({ bytes: 409_601, maxBytes: 409_600 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  test('It should leave a head that a later revision moved already', async () => {
    ddb
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'newer', $metadata: {} }));
    await expect(repository.create(revision)).resolves.toBeUndefined();
  });

  test('It should turn a failed condition into RevisionTakenError and not touch the head', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const error = await repository.create(revision).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionTakenError);
    expect(error).toMatchObject({ departmentId: 'qwb', week: '2023-W23', revision: 7 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
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

describe('repairHead', () => {
  test('It should move the head to the newest stored revision of the week', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem] });
    ddb.on(PutCommand).resolves({});
    await repository.repairHead('qwb', '2023-W23');
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :week)',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb', ':week': '2023-W23#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      Item: headItem,
      ConditionExpression:
        'attribute_not_exists(pk) OR revision < :revision OR (revision = :revision AND attribute_not_exists(#indexPk))',
    });
  });
});

describe('staleHeadWeeks', () => {
  test('It should name the weeks whose head is missing, behind, or without the index keys, from one pass', async () => {
    const indexed = { weekHeadsPk: 'HEADS#2023' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { sk: '2023-W01#000001', revision: 1 },
          { sk: '2023-W01#000002', revision: 2 },
          { sk: '2023-W02#000001', revision: 1 },
          { sk: '2023-W03#000001', revision: 1 },
          { sk: '2023-W04#000001', revision: 1 },
          { sk: '2023-W04#000002', revision: 2 },
        ],
        LastEvaluatedKey: { pk: 'REPORT#qwb', sk: '2023-W04#000002' },
      })
      .resolvesOnce({
        Items: [
          { sk: 'HEAD#2023-W01', revision: 2, ...indexed }, // up to date
          { sk: 'HEAD#2023-W02', revision: 1 }, // written before the index
          // 2023-W03: no head (stored before heads existed)
          { sk: 'HEAD#2023-W04', revision: 1, ...indexed }, // left behind
        ],
      });

    await expect(repository.staleHeadWeeks('qwb')).resolves.toEqual(['2023-W02', '2023-W03', '2023-W04']);

    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb' },
      ProjectionExpression: 'sk, #revision, #indexPk',
      ExpressionAttributeNames: { '#revision': 'revision', '#indexPk': 'weekHeadsPk' },
      ConsistentRead: true,
    });
    expect(queries[1]!.ExclusiveStartKey).toEqual({ pk: 'REPORT#qwb', sk: '2023-W04#000002' });
  });
});

describe('latestBetween', () => {
  test('It should query the heads of the range of weeks and follow LastEvaluatedKey to the end', async () => {
    const second = { ...headItem, sk: 'HEAD#2023-W24', week: '2023-W24', revision: 1 };
    const lastKey = { pk: 'REPORT#qwb', sk: 'HEAD#2023-W23' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [headItem], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [second] });

    const revisions = await repository.latestBetween('qwb', '2023-W01', '2023-W26');

    expect(revisions).toEqual([revision, { ...revision, week: '2023-W24', revision: 1 }]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb', ':from': 'HEAD#2023-W01', ':to': 'HEAD#2023-W26' },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
    });
    expect(calls[1]).toEqual({ ...calls[0], ExclusiveStartKey: lastKey });
  });
});

describe('statusesBetween', () => {
  test('It should query the same heads for their status attributes only, through placeholders', async () => {
    const status = (week: string) => ({
      departmentId: 'qwb',
      week,
      revision: 2,
      submittedAt: revision.submittedAt,
      contentHash: revision.contentHash,
      firstLate: false,
    });
    const lastKey = { pk: 'REPORT#qwb', sk: 'HEAD#2023-W23' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [status('2023-W23')], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [status('2023-W24')] });

    const statuses = await repository.statusesBetween('qwb', '2023-W01', '2023-W26');

    expect(statuses).toEqual([status('2023-W23'), status('2023-W24')]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[0]).toEqual({
      TableName: 'reports-table',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'REPORT#qwb', ':from': 'HEAD#2023-W01', ':to': 'HEAD#2023-W26' },
      ProjectionExpression: '#s0, #s1, #s2, #s3, #s4, #s5',
      ExpressionAttributeNames: {
        '#s0': 'departmentId',
        '#s1': 'week',
        '#s2': 'revision',
        '#s3': 'submittedAt',
        '#s4': 'contentHash',
        '#s5': 'firstLate',
      },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
    });
    expect(calls[1]).toEqual({ ...calls[0], ExclusiveStartKey: lastKey });
  });
});

describe('statusesOfRoster', () => {
  /** An index item as the Query returns it: the index sort key and the two projected attributes. */
  const indexed = (departmentId: string, week: string) => ({
    weekHeadsSk: `${week}#${departmentId}`,
    revision: 1,
    firstLate: false,
  });
  const status = (departmentId: string, week: string) => ({
    departmentId,
    week,
    revision: 1,
    firstLate: false,
  });

  test('It should query one partition of the week heads index for the sort key and two attributes, all pages', async () => {
    const lastKey = {
      pk: 'REPORT#zzb',
      sk: 'HEAD#2023-W02',
      weekHeadsPk: 'HEADS#2023',
      weekHeadsSk: '2023-W02#zzb',
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [indexed('qwb', '2023-W01'), indexed('zzb', '2023-W02')],
        LastEvaluatedKey: lastKey,
      })
      // Split after the week's 8 characters and one '#', whatever the department id holds.
      .resolvesOnce({ Items: [indexed('qwb#2', '2023-W26')] });

    const statuses = await repository.statusesOfRoster('2023-W01', '2023-W26');

    expect(statuses).toEqual([
      status('qwb', '2023-W01'),
      status('zzb', '2023-W02'),
      status('qwb#2', '2023-W26'),
    ]);
    const calls = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[0]).toEqual({
      TableName: 'reports-table',
      IndexName: 'week-heads',
      KeyConditionExpression: '#ipk = :partition AND #isk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':partition': 'HEADS#2023', ':from': '2023-W01#', ':to': '2023-W26$' },
      ProjectionExpression: '#isk, #revision, #firstLate',
      ExpressionAttributeNames: {
        '#ipk': 'weekHeadsPk',
        '#isk': 'weekHeadsSk',
        '#revision': 'revision',
        '#firstLate': 'firstLate',
      },
      ExclusiveStartKey: undefined,
    });
    // A global secondary index has no consistent reads: asking for one is a ValidationException.
    expect(calls[0]).not.toHaveProperty('ConsistentRead');
    expect(calls[1]).toEqual({ ...calls[0], ExclusiveStartKey: lastKey });
  });

  test('It should refuse weeks of two ISO week-years, which no period has', async () => {
    await expect(repository.statusesOfRoster('2022-W52', '2023-W01')).rejects.toBeInstanceOf(RangeError);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('latestPage', () => {
  const head = (week: string, detail = '') => ({
    ...headItem,
    sk: `HEAD#${week}`,
    week,
    items: [{ ...revision.items[0]!, detail }],
  });

  test('It should stop at the limit and name the last week returned as the next start', async () => {
    ddb.on(QueryCommand).resolves({ Items: [head('2023-W01'), head('2023-W02'), head('2023-W03')] });
    const page = await repository.latestPage({
      departmentId: 'qwb',
      first: '2023-W01',
      last: '2023-W26',
      limit: 2,
      maxBytes: 5_000_000,
    });
    expect(page.reports.map((r) => r.week)).toEqual(['2023-W01', '2023-W02']);
    expect(page.next).toBe('2023-W02');
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      Limit: 3,
      ConsistentRead: true,
    });
  });

  test('It should start after the given week and stop before the byte limit', async () => {
    const big = 'x'.repeat(3000);
    ddb.on(QueryCommand).resolves({ Items: [head('2023-W05', big), head('2023-W06', big)] });
    const page = await repository.latestPage({
      departmentId: 'qwb',
      first: '2023-W01',
      last: '2023-W26',
      limit: 26,
      after: '2023-W04',
      maxBytes: 4000,
    });
    expect(page.reports.map((r) => r.week)).toEqual(['2023-W05']);
    expect(page.next).toBe('2023-W05');
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      ExclusiveStartKey: { pk: 'REPORT#qwb', sk: 'HEAD#2023-W04' },
    });
  });

  test('It should end without a next week when the range is exhausted', async () => {
    ddb.on(QueryCommand).resolves({ Items: [head('2023-W01')] });
    const page = await repository.latestPage({
      departmentId: 'qwb',
      first: '2023-W01',
      last: '2023-W26',
      limit: 26,
      maxBytes: 5_000_000,
    });
    expect(page).toEqual({ reports: [expect.objectContaining({ week: '2023-W01' })] });
    // Neither the table's keys nor the index's: a page reads exactly as the revisions it holds.
    expect(Object.keys(page.reports[0]!).sort()).toEqual(Object.keys(revision).sort());
  });
});

describe('reportedIn', () => {
  const head = (departmentId: string) => ({ pk: `REPORT#${departmentId}`, sk: 'HEAD#2023-W10' });
  const waits: number[] = [];
  const retrying = new DynamoReportRepository(sdkTable(createDocumentClient()), 'reports-table', {
    attempts: 4,
    baseBackoffMs: 50,
    maxBackoffMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const requests = () => ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    waits.length = 0;
  });

  test('It should read the week heads consistently in one request, projected to their partition key', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'reports-table': [{ pk: 'REPORT#qwb' }] } });

    const reported = await repository.reportedIn('2023-W10', ['qwb', 'zzb', 'qwb']);

    expect(reported).toEqual(new Set(['qwb']));
    // The repeated department is asked for once: BatchGetItem refuses a key named twice.
    expect(requests()).toEqual([
      {
        RequestItems: {
          'reports-table': {
            Keys: [head('qwb'), head('zzb')],
            ConsistentRead: true,
            ProjectionExpression: '#pk',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
      },
    ]);
  });

  test('It should send nothing for no departments', async () => {
    await expect(repository.reportedIn('2023-W10', [])).resolves.toEqual(new Set());
    expect(requests()).toEqual([]);
  });

  test('It should ask for at most 100 keys per request', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `d${String(i).padStart(3, '0')}`);
    ddb
      .on(BatchGetCommand)
      .callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => ({
        // Every other department reported.
        Responses: {
          'reports-table': input.RequestItems['reports-table']!.Keys.filter((_, i) => i % 2 === 0).map(
            ({ pk }) => ({ pk }),
          ),
        },
      }));

    const reported = await repository.reportedIn('2023-W10', ids);

    expect(requests().map((input) => input.RequestItems!['reports-table']!.Keys!.length)).toEqual([
      100, 100, 50,
    ]);
    expect(requests().flatMap((input) => input.RequestItems!['reports-table']!.Keys)).toEqual(ids.map(head));
    expect(reported).toEqual(new Set(ids.filter((_, i) => i % 2 === 0)));
  });

  test('It should ask again, after a jittered backoff, for the keys DynamoDB left unprocessed', async () => {
    const options = {
      ConsistentRead: true,
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
    };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { 'reports-table': [{ pk: 'REPORT#qwb' }] },
        UnprocessedKeys: { 'reports-table': { Keys: [head('zzb'), head('xcb')], ...options } },
      })
      .resolvesOnce({
        Responses: { 'reports-table': [] },
        UnprocessedKeys: { 'reports-table': { Keys: [head('zzb')], ...options } },
      })
      .resolvesOnce({ Responses: { 'reports-table': [{ pk: 'REPORT#zzb' }] }, UnprocessedKeys: {} });

    const reported = await retrying.reportedIn('2023-W10', ['qwb', 'zzb', 'xcb']);

    expect(reported).toEqual(new Set(['qwb', 'zzb']));
    expect(requests().map((input) => input.RequestItems!['reports-table'])).toEqual([
      { Keys: [head('qwb'), head('zzb'), head('xcb')], ...options },
      { Keys: [head('zzb'), head('xcb')], ...options },
      { Keys: [head('zzb')], ...options },
    ]);
    // Half (the jitter) of a ceiling that doubles: 50 ms, then 100 ms.
    expect(waits).toEqual([25, 50]);
  });

  test('It should throw rather than count a department it could not read as not reported', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: { 'reports-table': [{ pk: 'REPORT#qwb' }] },
      UnprocessedKeys: { 'reports-table': { Keys: [head('zzb')] } },
    });

    const error = await retrying.reportedIn('2023-W10', ['qwb', 'zzb']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BatchIncompleteError);
    expect(error).toMatchObject({ unprocessed: 1, attempts: 4 });
    expect(requests()).toHaveLength(4);
    expect(waits).toEqual([25, 50, 100]);
  });

  test('It should pass a failed request on unchanged', async () => {
    const failure = new DynamoDBServiceException({
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
      $metadata: {},
      message: 'slow down',
    });
    ddb.on(BatchGetCommand).rejects(failure);
    await expect(repository.reportedIn('2023-W10', ['qwb'])).rejects.toBe(failure);
  });
});
