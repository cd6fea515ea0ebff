import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3DocumentStore } from '../../../../../shared/adapters/s3/document-store';
import { contentDisposition } from '../../../../../shared/domain/generation';

const BUCKET = 'showcase-documents-test';
const KEY = 'summaries/2023-H1/20230710T020000000Z-0a1b2c3d/district.docx';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// getSignedUrl signs offline: fake credentials and a fixed region are all it needs.
const offlineClient = () =>
  new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

describe('writing and deleting documents', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());
  afterAll(() => s3.restore());

  it('lists the prefix page by page and deletes each page of keys', async () => {
    const prefix = 'summaries/2023-H1/20230701T000000000Z-0000000a/';
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: `${prefix}a.json` }], IsTruncated: true, NextContinuationToken: 't' })
      .resolvesOnce({ Contents: [{ Key: `${prefix}b.json` }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    await expect(new S3DocumentStore(offlineClient(), BUCKET).deletePrefix(prefix)).resolves.toBe(2);
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Prefix: prefix, ContinuationToken: undefined },
      { Bucket: BUCKET, Prefix: prefix, ContinuationToken: 't' },
    ]);
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects)).toEqual([
      [{ Key: `${prefix}a.json` }],
      [{ Key: `${prefix}b.json` }],
    ]);
  });

  it('fails when S3 keeps any object, so the generation is not marked cleaned', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'summaries/x/a.json' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'summaries/x/a.json', Code: 'AccessDenied' }] });
    await expect(new S3DocumentStore(offlineClient(), BUCKET).deletePrefix('summaries/x/')).rejects.toThrow(
      'AccessDenied',
    );
  });

  it('puts the body under its key with its content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    const body = new TextEncoder().encode('{"period":"2023-H1"}');
    await new S3DocumentStore(offlineClient(), BUCKET).put(KEY, body, 'application/json; charset=utf-8');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: KEY,
      Body: body,
      ContentType: 'application/json; charset=utf-8',
    });
  });

  it('passes on a failed upload', async () => {
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    await expect(
      new S3DocumentStore(offlineClient(), BUCKET).put(KEY, new Uint8Array([1]), 'text/plain'),
    ).rejects.toThrow('AccessDenied');
  });
});

describe('presigned download URLs', () => {
  const disposition = contentDisposition('张湾区委组织部-2023年上半年-汇总.docx');

  async function presign() {
    const url = await new S3DocumentStore(offlineClient(), BUCKET).presignGet(KEY, {
      contentType: DOCX,
      contentDisposition: disposition,
      expiresInSeconds: 300,
    });
    return new URL(url);
  }

  it('signs a GET of the key that expires after the given seconds', async () => {
    const url = await presign();
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^x\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(`${url.host}${decodeURIComponent(url.pathname)}`).toContain(BUCKET);
    expect(decodeURIComponent(url.pathname)).toContain(KEY);
  });

  it('makes S3 answer with the content type and the attachment disposition', async () => {
    const url = await presign();
    expect(url.searchParams.get('response-content-type')).toBe(DOCX);
    expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
    // The UTF-8 file name survives the query string's own encoding.
    expect(url.searchParams.get('response-content-disposition')).toContain(
      "filename*=UTF-8''%E5%BC%A0%E6%B9%BE%E5%8C%BA%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8",
    );
  });
});
