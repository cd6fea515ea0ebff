/**
 * The S3 side of publishing: every generation writes under its own prefix, the manifest describes every
 * other object of it exactly and is written last, and a later generation overwrites nothing. Read through
 * the S3 API of the local emulator with the real SDK.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type _Object,
} from '@aws-sdk/client-s3';
import { startTestStack, type TestStack } from '../support/stack';
import { createDepartment, generate, onTime, submit, week2023, type SummaryStatus } from './support';

const BUCKET = 'showcase-documents';

let api: TestStack;
let s3: S3Client;
let first: SummaryStatus;

interface ManifestEntry {
  scope: string;
  format: string;
  key: string;
  sha256: string;
  bytes: number;
  contentType: string;
}

async function list(prefix: string): Promise<_Object[]> {
  const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return Contents ?? [];
}

async function read(key: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function manifestOf(status: SummaryStatus) {
  const bytes = await read(`summaries/${status.period}/${status.generationId}/manifest.json`);
  return JSON.parse(bytes.toString('utf8')) as {
    period: string;
    generationId: string;
    generatedAt: string;
    documents: ManifestEntry[];
  };
}

beforeAll(async () => {
  api = await startTestStack();
  s3 = new S3Client({
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    // The stack's own credentials, from the environment it set: the local S3 checks signatures.
    region: 'us-east-1',
  });
  await createDepartment(api, 'qwb', '区委办');
  await createDepartment(api, 'zzb', '组织部');
  const item = {
    theme: 'political',
    title: '专题轮训',
    metrics: [{ metric: 'cadres-trained', value: '12' }],
  };
  await submit(api, 'qwb', week2023(4), [item], onTime(4));
  await submit(api, 'zzb', week2023(5), [item], onTime(5));
  first = await generate(api, '2023-H1');
}, 120_000);
afterAll(async () => {
  s3?.destroy();
  await api.stop();
});

test('It should write every format of every scope and the manifest under the generation’s own prefix', async () => {
  const prefix = `summaries/2023-H1/${first.generationId}/`;
  const keys = (await list(prefix)).map((object) => object.Key).sort();
  const expected = ['district', 'qwb', 'zzb']
    .flatMap((scope) =>
      ['docx', 'html', 'json', 'md', 'provenance.json', 'xlsx'].map((ext) => `${prefix}${scope}.${ext}`),
    )
    .concat(`${prefix}manifest.json`)
    .sort();
  expect(keys).toEqual(expected);
});

test('It should describe every other object of the generation in the manifest, exactly', async () => {
  const manifest = await manifestOf(first);
  expect(manifest).toMatchObject({
    period: '2023-H1',
    generationId: first.generationId,
    generatedAt: first.generatedAt,
  });
  const prefix = `summaries/2023-H1/${first.generationId}/`;
  const objects = (await list(prefix)).filter((object) => !object.Key!.endsWith('/manifest.json'));
  expect(manifest.documents.map((entry) => entry.key).sort()).toEqual(
    objects.map((object) => object.Key).sort(),
  );
  for (const entry of manifest.documents) {
    const bytes = await read(entry.key);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: entry.key }));
    const extension = entry.format === 'provenance' ? 'provenance.json' : entry.format;
    expect(entry.key).toBe(`${prefix}${entry.scope}.${extension}`);
    expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(entry.bytes).toBe(bytes.byteLength);
    expect(entry.contentType).toBe(head.ContentType);
  }
});

test('It should write the manifest last', async () => {
  const objects = await list(`summaries/2023-H1/${first.generationId}/`);
  const manifest = objects.find((object) => object.Key!.endsWith('/manifest.json'));
  expect(manifest?.LastModified).toBeDefined();
  for (const object of objects) {
    expect(manifest!.LastModified!.getTime()).toBeGreaterThanOrEqual(object.LastModified!.getTime());
  }
});

test('It should list in the summary exactly what the manifest lists', async () => {
  const manifest = await manifestOf(first);
  const listed = first.documents.map(({ scope, format, sha256, bytes }) => ({
    scope,
    format,
    sha256,
    bytes,
  }));
  const described = manifest.documents.map(({ scope, format, sha256, bytes }) => ({
    scope,
    format,
    sha256,
    bytes,
  }));
  const byKey = (a: { scope: string; format: string }, b: { scope: string; format: string }) =>
    `${a.scope}.${a.format}` < `${b.scope}.${b.format}` ? -1 : 1;
  expect(listed.sort(byKey)).toEqual(described.sort(byKey));
});

test('It should publish a later generation beside the first and leave the first one untouched', async () => {
  const before = await list(`summaries/2023-H1/${first.generationId}/`);
  const second = await generate(api, '2023-H1');
  expect(second.generationId).not.toBe(first.generationId);
  expect(second.documentsGenerationId).toBe(second.generationId);
  const after = await list(`summaries/2023-H1/${first.generationId}/`);
  expect(after.map(({ Key, ETag, Size }) => ({ Key, ETag, Size }))).toEqual(
    before.map(({ Key, ETag, Size }) => ({ Key, ETag, Size })),
  );
  expect(await list(`summaries/2023-H1/${second.generationId}/manifest.json`)).toHaveLength(1);
  const download = await api.request('GET', '/v1/summaries/2023-H1/documents/district/json');
  expect(download.headers.get('location')).toContain(
    `/summaries/2023-H1/${second.generationId}/district.json`,
  );
});
