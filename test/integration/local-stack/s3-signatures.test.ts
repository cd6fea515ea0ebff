/**
 * The local S3 is as private as S3 itself: only requests signed with the stack's credentials get in,
 * presigned URLs included, and only for the object, method and time they were signed for.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LOCAL_BUCKET_NAME } from '../../../infra/local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';
import {
  createDepartment,
  download,
  generate,
  onTime,
  submit,
  week2023,
  type SummaryStatus,
} from '../summaries/support';

let api: TestStack;
let status: SummaryStatus;
let presigned: URL;

beforeAll(async () => {
  api = await startTestStack();
  await createDepartment(api, 'qwb', '区委办');
  await createDepartment(api, 'zzb', '组织部');
  for (const departmentId of ['qwb', 'zzb']) {
    await submit(
      api,
      departmentId,
      week2023(3),
      [{ theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '12' }] }],
      onTime(3),
    );
  }
  status = await generate(api, '2023-H1');
  const link = await api.request('GET', '/v1/summaries/2023-H1/documents/qwb/json');
  presigned = new URL(link.headers.get('location')!);
}, 120_000);
afterAll(async () => {
  await api.stop();
});

async function expectS3Error(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/xml');
  expect(await response.text()).toMatch(
    new RegExp(`^<\\?xml[^>]*>\\s*<Error><Code>${code}</Code><Message>[^<]+</Message>`),
  );
}

test('It should serve a genuine presigned URL with the exact bytes of the document', async () => {
  const document = status.documents.find((d) => d.scope === 'qwb' && d.format === 'docx')!;
  const { response, bytes, sha256 } = await download(api, document.href);
  expect(response.status).toBe(200);
  expect(bytes.length).toBe(document.bytes);
  expect(sha256).toBe(document.sha256);
});

test("It should refuse a presigned URL whose key was edited to another department's document", async () => {
  expect(presigned.pathname).toContain('qwb');
  const edited = new URL(presigned);
  edited.pathname = presigned.pathname.replace('qwb', 'zzb');
  await expectS3Error(await fetch(edited), 403, 'SignatureDoesNotMatch');
});

test('It should refuse the object URL without its query string', async () => {
  await expectS3Error(await fetch(`${presigned.origin}${presigned.pathname}`), 403, 'AccessDenied');
});

test('It should refuse a presigned URL whose expiry was edited', async () => {
  const edited = new URL(presigned);
  edited.searchParams.set('X-Amz-Expires', '604800');
  await expectS3Error(await fetch(edited), 403, 'SignatureDoesNotMatch');
});

test('It should refuse the bucket listing without a signature', async () => {
  await expectS3Error(await fetch(`${presigned.origin}/${LOCAL_BUCKET_NAME}`), 403, 'AccessDenied');
  await expectS3Error(await fetch(`${presigned.origin}/`), 403, 'AccessDenied');
});

test('It should refuse a presigned URL that has expired', async () => {
  // Signed with the stack's own credentials, ten minutes ago, for one minute.
  const s3 = new S3Client({ forcePathStyle: true });
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: LOCAL_BUCKET_NAME, Key: keyOf(presigned) }),
    {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    },
  );
  s3.destroy();
  const response = await fetch(url);
  expect(await response.clone().text()).toContain('Request has expired');
  await expectS3Error(response, 403, 'AccessDenied');
});

test('It should refuse requests signed with other credentials, and serve those signed with its own', async () => {
  const forged = new S3Client({
    forcePathStyle: true,
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-stack-secret' },
  });
  await expect(forged.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET_NAME }))).rejects.toMatchObject({
    name: 'SignatureDoesNotMatch',
    $metadata: { httpStatusCode: 403 },
  });
  forged.destroy();
  const own = new S3Client({ forcePathStyle: true });
  const listed = await own.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET_NAME }));
  own.destroy();
  expect(listed.Contents?.map((object) => object.Key)).toContain(keyOf(presigned));
});

function keyOf(url: URL) {
  return decodeURIComponent(url.pathname.slice(`/${LOCAL_BUCKET_NAME}/`.length));
}
