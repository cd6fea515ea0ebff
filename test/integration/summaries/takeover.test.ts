/**
 * A generation that dies without a word (out of memory, killed) leaves its period's lock and a "running"
 * record behind. With a short heartbeat injected (0.5 s, so silent for 2 s means dead), a request finds
 * the holder alive while it beats, then takes the period over once the beats stop, records the dead
 * generation as failed, and publishes its own. Each successful generation deletes the documents of the
 * failed and superseded ones, keeping itself and the one before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, sdkTable } from '../../../shared/adapters/dynamodb/client';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { DynamoSummaryRepository } from '../../../shared/adapters/dynamodb/summary-repository';
import { LOCAL_BUCKET_NAME } from '../../../infra/local/local-stack';
import { generationPrefix } from '../../../shared/domain/generation';
import { startTestStack, type TestStack } from '../support/stack';
import { createDepartment, generate, onTime, submit, week2023 } from './support';

let api: TestStack;
const DEAD = '20230710T020000000Z-0000dead';

beforeAll(async () => {
  api = await startTestStack({ environment: { GENERATION_HEARTBEAT_SECONDS: '0.5' } });
  await createDepartment(api, 'qwb', '区委办');
  await submit(
    api,
    'qwb',
    week2023(6),
    [{ theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '8' }] }],
    onTime(6),
  );
}, 60_000);
afterAll(async () => {
  await api.stop();
});

/** What a generator process leaves behind when it is killed mid-run: its lock and a running record. */
async function leaveDeadGeneration(heartbeatAt: Date) {
  const client = documentClient();
  await client.send(
    new PutCommand({
      TableName: api.stack.tableName,
      Item: {
        ...keys.running('2023-H1'),
        generationId: DEAD,
        startedAt: heartbeatAt.toISOString(),
        heartbeatAt: heartbeatAt.toISOString(),
      },
    }),
  );
  await client.send(
    new PutCommand({
      TableName: api.stack.tableName,
      Item: {
        ...keys.generation('2023-H1', DEAD),
        period: '2023-H1',
        generationId: DEAD,
        status: 'running',
        requestedBy: 'schedule',
        startedAt: heartbeatAt.toISOString(),
      },
    }),
  );
}

test('It should leave a beating holder alone and take over one that went silent, within seconds', async () => {
  await leaveDeadGeneration(new Date());
  const whileAlive = await api.request('POST', '/v1/summaries/2023-H1');
  expect(whileAlive.status).toBe(202);
  expect(whileAlive.body).toMatchObject({ generationId: DEAD, status: 'running' });

  // Four missed beats of 0.5 s: the holder is dead.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const taken = await generate(api, '2023-H1');
  expect(taken.generationId).not.toBe(DEAD);
  expect(taken.status).toBe('ready');

  const dead = await new DynamoSummaryRepository(
    sdkTable(documentClient()),
    api.stack.tableName,
  ).getGeneration('2023-H1', DEAD);
  expect(dead).toMatchObject({
    status: 'failed',
    reason: expect.stringMatching(/stopped without finishing/),
  });
  // The request that took over announces the dead generation's end, as any failed generation is announced.
  const failed = readFileSync(join(api.dataDir, 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((event) => event['detail-type'] === 'SummaryFailed');
  expect(failed).toEqual([
    expect.objectContaining({
      source: 'showcase',
      detail: { period: '2023-H1', periodKind: 'half', generationId: DEAD, reason: dead!.reason },
    }),
  ]);
}, 60_000);

test('It should delete the documents of superseded generations, keeping the latest two', async () => {
  const first = await generate(api, '2023-H1');
  const second = await generate(api, '2023-H1');
  const third = await generate(api, '2023-H1');
  const s3 = new S3Client({ forcePathStyle: true });
  const keysOf = async (generationId: string) => {
    const listed = await s3.send(
      new ListObjectsV2Command({
        Bucket: LOCAL_BUCKET_NAME,
        Prefix: generationPrefix('2023-H1', generationId),
      }),
    );
    return (listed.Contents ?? []).length;
  };
  expect(await keysOf(first.generationId)).toBe(0);
  expect(await keysOf(second.generationId)).toBeGreaterThan(0);
  expect(await keysOf(third.generationId)).toBeGreaterThan(0);
  s3.destroy();
}, 60_000);
