/**
 * A generation that fails end to end: the bucket disappears from the S3 emulator while a second generation
 * runs (its directory is moved out of the emulator's data dir, so every PutObject answers NoSuchBucket), and
 * comes back afterwards. The failed generation is recorded with a reason fit for a reviewer, the lock is
 * released, and the previous ready generation stays listed and downloadable.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
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
  api = await startTestStack();
  await createDepartment(api, 'qwb', '区委办');
  await submit(
    api,
    'qwb',
    week2023(6),
    [{ theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '8' }] }],
    onTime(6),
  );
  ready = await generate(api, '2023-H1');

  const bucketDir = join(api.dataDir, 's3', 'showcase-documents');
  const offline = join(api.dataDir, 'bucket-offline');
  // The local gateway logs a failed asynchronous invocation, as Lambda would; keep it out of the test output.
  const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  renameSync(bucketDir, offline);
  try {
    failed = await generate(api, '2023-H1');
  } finally {
    renameSync(offline, bucketDir);
    failureLog = consoleError.mock.calls;
    consoleError.mockRestore();
  }
}, 120_000);
afterAll(async () => {
  await api.stop();
});

test('It should record the generation as failed with a reason that reveals no internals', () => {
  expect(failed.generationId).not.toBe(ready.generationId);
  expect(failed).toMatchObject({ period: '2023-H1', status: 'failed', generatedAt: null });
  expect(failed.finishedAt).toEqual(expect.any(String));
  expect(failed.reason).toEqual(expect.any(String));
  expect(failed.reason!.length).toBeGreaterThan(0);
  expect(failed.reason).not.toMatch(/NoSuchBucket|bucket|showcase-documents|s3|127\.0\.0\.1|\bat\b.*\.ts/i);
});

test('It should let the aggregator fail visibly, as Lambda’s error metric would see it', () => {
  expect(failureLog.some((args) => String(args[0]).includes('generate-summary'))).toBe(true);
});

test('It should keep listing the previous ready generation’s documents', () => {
  expect(failed.documentsGenerationId).toBe(ready.generationId);
  expect(failed.documentsGeneratedAt).toBe(ready.generatedAt);
  expect(failed.documents).toEqual(ready.documents);
});

test('It should keep the previous ready generation downloadable, byte for byte', async () => {
  for (const document of ready.documents) {
    const { response, sha256, location } = await download(api, document.href);
    expect(response.status).toBe(200);
    expect(sha256).toBe(document.sha256);
    expect(location.pathname).toContain(`/${ready.generationId}/`);
  }
});

test('It should release the lock, so that the next request generates and publishes again', async () => {
  const again = await api.request('POST', '/v1/summaries/2023-H1');
  expect(again.status).toBe(202);
  expect(again.body.started).toBe(true);
  await api.stack.idle();
  const status = await api.request<SummaryStatus>('GET', '/v1/summaries/2023-H1');
  expect(status.body).toMatchObject({
    generationId: again.body.generationId,
    status: 'ready',
    documentsGenerationId: again.body.generationId,
  });
  expect(status.body.reason).toBeUndefined();
});
