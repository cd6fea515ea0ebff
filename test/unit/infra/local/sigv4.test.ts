import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  randomCredentials,
  signer,
  verifyHeaderSignature,
  verifyPresignedUrl,
  type IncomingSignedRequest,
} from '../../../../infra/local/sigv4';

const credentials = randomCredentials();
const HOST = '127.0.0.1:4569';

async function presignedTarget(options: { expiresIn?: number; signingDate?: Date; secret?: string } = {}) {
  const client = new S3Client({
    endpoint: `http://${HOST}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { ...credentials, secretAccessKey: options.secret ?? credentials.secretAccessKey },
  });
  const url = new URL(
    await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: 'documents',
        Key: 'summaries/2023-H1/qwb/张湾 汇总+1.docx',
        ResponseContentDisposition: "attachment; filename*=UTF-8''%E5%BC%A0.docx",
      }),
      { expiresIn: options.expiresIn ?? 300, signingDate: options.signingDate },
    ),
  );
  client.destroy();
  return url.pathname + url.search;
}

const get = (target: string): IncomingSignedRequest => ({
  method: 'GET',
  target,
  headers: { host: HOST },
  body: Buffer.alloc(0),
});

describe('verifyPresignedUrl', () => {
  test('It should accept a URL from the SDK presigner with the same credentials', async () => {
    expect(await verifyPresignedUrl(get(await presignedTarget()), credentials, 's3')).toBeUndefined();
  });

  test('It should refuse an edited key, an edited disposition and a wrong secret', async () => {
    const target = await presignedTarget();
    const editedKey = target.replace('qwb', 'zzb');
    const editedQuery = target.replace('attachment', 'inline');
    const otherSecret = await presignedTarget({ secret: 'another-secret' });
    for (const candidate of [editedKey, editedQuery, otherSecret]) {
      expect(await verifyPresignedUrl(get(candidate), credentials, 's3')).toMatchObject({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
  });

  test('It should refuse a URL signed for another Host', async () => {
    const target = await presignedTarget();
    const request = { ...get(target), headers: { host: '127.0.0.1:9999' } };
    expect(await verifyPresignedUrl(request, credentials, 's3')).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  test('It should refuse an expired URL, however well signed', async () => {
    const target = await presignedTarget({ expiresIn: 60, signingDate: new Date(Date.now() - 61_000) });
    expect(await verifyPresignedUrl(get(target), credentials, 's3')).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  test('It should refuse another access key id and malformed parameters', async () => {
    const target = await presignedTarget();
    expect(
      await verifyPresignedUrl(get(target), { ...credentials, accessKeyId: 'LOCALOTHER' }, 's3'),
    ).toMatchObject({ code: 'InvalidAccessKeyId' });
    expect(
      await verifyPresignedUrl(
        get(target.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801')),
        credentials,
        's3',
      ),
    ).toMatchObject({ status: 400, code: 'AuthorizationQueryParametersError' });
  });
});

describe('verifyHeaderSignature', () => {
  async function signedPost(body: string, secret = credentials.secretAccessKey) {
    const signed = await signer({ ...credentials, secretAccessKey: secret }, 'lambda').sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4570,
      path: '/2015-03-31/functions/generate-summary/invocations',
      query: {},
      headers: {
        host: '127.0.0.1:4570',
        'x-amz-invocation-type': 'Event',
        'content-type': 'application/json',
      },
      body,
    });
    return {
      method: 'POST',
      target: signed.path,
      headers: signed.headers,
      body: Buffer.from(body),
    } satisfies IncomingSignedRequest;
  }

  test('It should accept a request signed with the credentials, and only for its service', async () => {
    const request = await signedPost('{"period":"2023-H1"}');
    expect(await verifyHeaderSignature(request, credentials, 'lambda')).toBeUndefined();
    expect(await verifyHeaderSignature(request, credentials, 's3')).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  test('It should refuse an edited body, an edited header, another secret and no signature', async () => {
    const request = await signedPost('{"period":"2023-H1"}');
    const cases: IncomingSignedRequest[] = [
      { ...request, body: Buffer.from('{"period":"2023-H2"}') },
      { ...request, headers: { ...request.headers, 'x-amz-invocation-type': 'RequestResponse' } },
      await signedPost('{"period":"2023-H1"}', 'another-secret'),
    ];
    for (const candidate of cases) {
      expect(await verifyHeaderSignature(candidate, credentials, 'lambda')).toMatchObject({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
    const unsigned = { ...request, headers: { host: '127.0.0.1:4570' } };
    expect(await verifyHeaderSignature(unsigned, credentials, 'lambda')).toMatchObject({
      code: 'AccessDenied',
    });
  });

  test('It should refuse a signature older than fifteen minutes', async () => {
    const signed = await signer(credentials, 'lambda').sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/2015-03-31/functions/get-health/invocations',
        query: {},
        headers: { host: '127.0.0.1' },
      },
      { signingDate: new Date(Date.now() - 16 * 60 * 1000) },
    );
    const request = { method: 'POST', target: signed.path, headers: signed.headers, body: Buffer.alloc(0) };
    expect(await verifyHeaderSignature(request, credentials, 'lambda')).toMatchObject({
      code: 'AccessDenied',
    });
  });
});
