/**
 * The light presigner against the SDK's own: for the same bucket, key, headers, expiry, credentials and
 * signing time, the URL must be the one @aws-sdk/s3-request-presigner builds, character for character
 * (so it is valid for AWS wherever the SDK's is), in every addressing style the stack can meet.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  PresignedDocumentLinks,
  presignedLinksFromEnvironment,
} from '../../../../../shared/adapters/s3/presigned-links';
import { contentDisposition } from '../../../../../shared/domain/generation';

const KEY = 'summaries/2023-H1/20230710T020000000Z-0a1b2c3d/district (final)!.docx';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const disposition = contentDisposition('张湾区委组织部-2023年上半年-汇总.docx');
const signingDate = new Date('2026-11-28T05:20:00Z');
const credentials = {
  accessKeyId: 'AKIDPRESIGN',
  secretAccessKey: 'secret-presign',
  sessionToken: 'tok/+=en',
};

async function both(input: { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean }) {
  const sdk = await getSignedUrl(
    new S3Client({
      region: input.region,
      credentials,
      forcePathStyle: input.forcePathStyle,
      // Otherwise the SDK asks S3 for checksums it validates itself and adds the checksum of an empty
      // body to a GET; a browser validates none, and S3 needs neither to serve a presigned GET.
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    }),
    new GetObjectCommand({
      Bucket: input.bucket,
      Key: KEY,
      ResponseContentType: DOCX,
      ResponseContentDisposition: disposition,
    }),
    { expiresIn: 300, signingDate },
  );
  const light = await new PresignedDocumentLinks({
    bucketName: input.bucket,
    region: input.region,
    endpoint: input.endpoint,
    forcePathStyle: input.forcePathStyle,
    credentials: () => credentials,
    now: () => signingDate,
  }).presignGet(KEY, { contentType: DOCX, contentDisposition: disposition, expiresInSeconds: 300 });
  return { sdk, light };
}

describe('PresignedDocumentLinks', () => {
  it('builds the SDK presigner’s virtual-hosted URL, session token and expiry included', async () => {
    const { sdk, light } = await both({
      bucket: 'showcase-documents-1a2b',
      region: 'eu-central-1',
      forcePathStyle: false,
    });
    expect(light).toBe(sdk);
    const url = new URL(light);
    expect(url.host).toBe('showcase-documents-1a2b.s3.eu-central-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('tok/+=en');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
  });

  it('builds the SDK presigner’s path-style URL against a local endpoint with a port', async () => {
    const { sdk, light } = await both({
      bucket: 'showcase-documents',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
    });
    expect(light).toBe(sdk);
    expect(light.startsWith('http://127.0.0.1:4569/showcase-documents/summaries/2023-H1/')).toBe(true);
  });

  it('builds the SDK presigner’s URL in the China partition', async () => {
    const { sdk, light } = await both({
      bucket: 'showcase-docs',
      region: 'cn-north-1',
      forcePathStyle: false,
    });
    expect(light).toBe(sdk);
  });

  it('falls back to path style, as the SDK does, for a bucket name with dots', async () => {
    const { sdk, light } = await both({
      bucket: 'showcase.documents',
      region: 'eu-west-1',
      forcePathStyle: false,
    });
    expect(light).toBe(sdk);
    expect(new URL(light).pathname.startsWith('/showcase.documents/')).toBe(true);
  });
});

describe('presignedLinksFromEnvironment', () => {
  const options = { contentType: DOCX, contentDisposition: disposition, expiresInSeconds: 300 };

  it('takes the region, endpoint and credentials from the environment', async () => {
    const links = presignedLinksFromEnvironment(
      () => 'bucket-x',
      () => true,
      {
        AWS_REGION: 'eu-central-1',
        AWS_ENDPOINT_URL_S3: 'http://localhost:9000',
        AWS_ACCESS_KEY_ID: 'AKIDENV',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
    );
    const url = new URL(await links.presignGet('a/b.json', options));
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:9000/bucket-x/a/b.json');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDENV\/\d{8}\/eu-central-1\/s3\/aws4_request$/,
    );
    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
  });

  it('fails without credentials, naming the variables and no value', async () => {
    const links = presignedLinksFromEnvironment(
      () => 'bucket-x',
      () => false,
      { AWS_REGION: 'eu-central-1' },
    );
    await expect(links.presignGet('a/b.json', options)).rejects.toThrow('AWS_ACCESS_KEY_ID');
  });
});
