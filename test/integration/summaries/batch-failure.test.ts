/**
 * A render batch that fails, end to end: with one department per batch, one department's stored week head
 * is corrupted directly in the table (a value the API would never accept), so its batch throws while the
 * others succeed. The generation is recorded failed with a reason that reveals nothing, the other batches
 * publish nothing, and the previous ready generation stays listed and downloadable.
 */
import { jest } from '@jest/globals';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../shared/adapters/dynamodb/client';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { startTestStack, type TestStack } from '../support/stack';
import {
  createDepartment,
  download,
  generate,
  onTime,
  submit,
  week2023,
  type SummaryStatus,
} from './support';

let api: TestStack;
let ready: SummaryStatus;
let failed: SummaryStatus;
let failureLog: unknown[][];

beforeAll(async () => {
  api = await startTestStack({ environment: { SUMMARY_BATCH_SIZE: '1' } });
  for (const [id, name] of [
    ['qwb', '区委办'],
    ['zzb', '组织部'],
    ['xcb', '宣传部'],
  ] as const) {
    await createDepartment(api, id, name);
    await submit(
      api,
      id,
      week2023(6),
      [{ theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '8' }] }],
      onTime(6),
    );
  }
  ready = await generate(api, '2023-H1');

  const client = documentClient();
  const head = keys.reportHead('zzb', week2023(6));
  const { Item } = await client.send(new GetCommand({ TableName: api.stack.tableName, Key: head }));
  Item!.items[0].metrics[0].value = 'eight';
  await client.send(new PutCommand({ TableName: api.stack.tableName, Item: Item }));

  // The local gateway logs a failed asynchronous invocation, as Lambda would; keep it out of the output.
  const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    failed = await generate(api, '2023-H1');
  } finally {
    failureLog = consoleError.mock.calls;
    consoleError.mockRestore();
  }
}, 120_000);
afterAll(async () => {
  await api.stop();
});

test('It should record the generation as failed, with a reason that reveals no internals', () => {
  expect(ready).toMatchObject({ status: 'ready', progress: { done: 3, total: 3 } });
  expect(failed.generationId).not.toBe(ready.generationId);
  expect(failed).toMatchObject({ status: 'failed', generatedAt: null });
  expect(failed.reason).toMatch(/internal error/);
  expect(failed.reason).not.toMatch(/eight|zzb|decimal|metric/i);
  // Split into three batches, of which the failing one was never counted.
  expect(failed.progress?.total).toBe(3);
  expect(failed.progress!.done).toBeLessThan(3);
});

test('It should let the failing batch fail visibly, as Lambda’s error metric would see it', () => {
  expect(failureLog.some((args) => String(args[0]).includes('render-batch'))).toBe(true);
});

test('It should keep listing and serving the previous ready generation’s documents', async () => {
  expect(failed.documentsGenerationId).toBe(ready.generationId);
  expect(failed.documents).toEqual(ready.documents);
  const district = ready.documents.find((d) => d.scope === 'district' && d.format === 'json')!;
  const { response, sha256 } = await download(api, district.href);
  expect(response.status).toBe(200);
  expect(sha256).toBe(district.sha256);
});

test('It should release the period, so that a request after the fix publishes again', async () => {
  const client = documentClient();
  const head = keys.reportHead('zzb', week2023(6));
  const { Item } = await client.send(new GetCommand({ TableName: api.stack.tableName, Key: head }));
  Item!.items[0].metrics[0].value = '8';
  await client.send(new PutCommand({ TableName: api.stack.tableName, Item: Item }));
  const again = await generate(api, '2023-H1');
  expect(again).toMatchObject({ status: 'ready', progress: { done: 3, total: 3 } });
  expect(again.documentsGenerationId).toBe(again.generationId);
});
