/**
 * The fan-out end to end: with SUMMARY_BATCH_SIZE=2, a generation requested over HTTP is split by the
 * generator into render batches that run through the local Lambda Invoke API, and the last batch
 * publishes. The same data generated as one batch (the generator's use case called here with a batch
 * size of 100 and the first run's clock, so that both runs stamp the same generatedAt; its batch runs
 * through the same Invoke API) gives byte-identical documents.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { manifestKey, stagingPrefix } from '../../../shared/domain/generation';
import { LOCAL_BUCKET_NAME } from '../../../infra/local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';
import {
  createDepartment,
  generate,
  late,
  onTime,
  submit,
  summaryJson,
  week2023,
  type SummaryStatus,
} from './support';

let api: TestStack;
let s3: S3Client;
let fanned: SummaryStatus;

const DEPARTMENTS = [
  ['qwb', '区委办'],
  ['zzb', '组织部'],
  ['xcb', '宣传部'],
  ['tzb', '统战部'],
  ['zfb', '政法委'],
] as const;

beforeAll(async () => {
  api = await startTestStack({ environment: { SUMMARY_BATCH_SIZE: '2' } });
  s3 = new S3Client({ forcePathStyle: true });
  for (const [id, name] of DEPARTMENTS) await createDepartment(api, id, name);
  // Every department reports a few weeks, some late, with highlights, decimals and a previous half-year.
  for (const [d, [id]] of DEPARTMENTS.entries()) {
    for (const n of [1, 2, 3 + d]) {
      await submit(
        api,
        id,
        week2023(n),
        [
          {
            theme: 'political',
            title: `${id} 第${n}周专题轮训`,
            highlight: n === 2,
            detail: n === 2 ? `${id} 的做法` : undefined,
            metrics: [{ metric: 'cadres-trained', value: `${d + 1}.${n}` }],
          },
        ],
        (n + d) % 3 === 0 ? late(n) : onTime(n),
      );
    }
  }
  await submit(api, 'zzb', '2022-W40', [
    { theme: 'political', title: '上期', metrics: [{ metric: 'cadres-trained', value: '10' }] },
  ]);
  const editorial = await api.request('PUT', '/v1/summaries/2023-H1/editorial', {
    body: { overview: '上半年，各单位围绕中心工作扎实推进。' },
  });
  if (editorial.status !== 201) throw new Error(`editorial: ${editorial.status} ${editorial.text}`);
  fanned = await generate(api, '2023-H1');
}, 180_000);
afterAll(async () => {
  s3.destroy();
  await api.stop();
});

/**
 * scope.format → sha256 of each document of a generation, as its manifest lists it, after checking that
 * the manifest's hash is the stored object's. Every format is compared byte for byte, Word included: its
 * packages are zipped with the generation's time (stable-package.ts), not the wall clock.
 */
async function documentHashes(generationId: string): Promise<Record<string, string>> {
  const read = async (key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET_NAME, Key: key }));
    return object.Body!.transformToByteArray();
  };
  const manifest = JSON.parse(
    Buffer.from(await read(manifestKey('2023-H1', generationId))).toString('utf8'),
  ) as { documents: { scope: string; format: string; key: string; sha256: string }[] };
  const hashes: Record<string, string> = {};
  for (const document of manifest.documents) {
    const stored = createHash('sha256')
      .update(await read(document.key))
      .digest('hex');
    expect(stored).toBe(document.sha256);
    hashes[`${document.scope}.${document.format}`] = document.sha256;
  }
  return hashes;
}

test('It should publish a generation split into three batches, and show them all done', () => {
  expect(fanned).toMatchObject({ status: 'ready', progress: { done: 3, total: 3 } });
  expect(fanned.documentsGenerationId).toBe(fanned.generationId);
  expect(new Set(fanned.documents.map((d) => d.scope))).toEqual(
    new Set(['district', ...DEPARTMENTS.map(([id]) => id)]),
  );
});

test('It should add up every batch’s departments in the district document, exactly', async () => {
  const district = await summaryJson(api, '2023-H1', 'district');
  const trained = district.metrics.find((m: { metric: string }) => m.metric === 'cadres-trained');
  // Department d (from 1) reports d.1 + d.2 + d.(d+2): 3.6 + 6.7 + 9.8 + 12.9 + 16.0.
  expect(trained.value).toBe('49');
  expect(trained.byDepartment.map((entry: { departmentId: string }) => entry.departmentId)).toEqual(
    DEPARTMENTS.map(([id]) => id).sort(),
  );
  expect(district.editorial).toMatchObject({ overview: '上半年，各单位围绕中心工作扎实推进。' });
  expect(district.themes[0].highlights).toHaveLength(5);
});

test('It should delete the staged aggregates once the generation is published', async () => {
  const listed = await s3.send(
    new ListObjectsV2Command({
      Bucket: LOCAL_BUCKET_NAME,
      Prefix: stagingPrefix('2023-H1', fanned.generationId),
    }),
  );
  expect(listed.Contents ?? []).toEqual([]);
});

test('It should publish byte-identical documents when the same data is generated as one batch', async () => {
  // Imported only now: the logger reads its level (SILENT in tests) when it is first loaded.
  const { generateDependencies } = await import('../../../shared/adapters/generator-dependencies');
  const { loadConfig } = await import('../../../shared/config/config');
  const { generateSummary } = await import('../../../shared/use-cases/generate-summary');
  const oneBatch = {
    ...generateDependencies(loadConfig({ ...process.env, SUMMARY_BATCH_SIZE: '100' })),
    clock: () => new Date(fanned.generatedAt!),
  };
  const started = await generateSummary(oneBatch, { source: 'schedule', period: '2023-H1' });
  expect(started?.progress).toEqual({ done: 0, total: 1 });
  await api.stack.idle();
  const status = await api.request<SummaryStatus>('GET', '/v1/summaries/2023-H1');
  expect(status.body).toMatchObject({
    generationId: started!.generationId,
    status: 'ready',
    progress: { done: 1, total: 1 },
  });

  const [several, one] = await Promise.all([
    documentHashes(fanned.generationId),
    documentHashes(started!.generationId),
  ]);
  expect(Object.keys(several)).toHaveLength(6 * 6);
  expect(one).toEqual(several);
}, 120_000);
