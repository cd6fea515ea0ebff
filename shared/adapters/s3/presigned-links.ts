/**
 * Presigned GET URLs of the documents without the SDK's S3 client: the URL the SDK's presigner
 * (@aws-sdk/s3-request-presigner's getSignedUrl) would build, signed by the same signer it uses
 * (@smithy/signature-v4's `presign`, on node:crypto).
 *
 * Why: download-document only presigns (it never reads S3; the document's key comes from DynamoDB),
 * and the S3 client with its presigner was its largest cost at cold start, about a hello world's start
 * of CPU on its own (README "Cold start"). Presigning is offline: no request goes to S3.
 *
 * What the SDK would have done, done here too: the object's address as its client resolves it
 * (object-address.ts: the regional endpoint or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, virtual-hosted
 * or path style); `UNSIGNED-PAYLOAD` as the payload hash; the session token as X-Amz-Security-Token; the
 * expiry as X-Amz-Expires; `x-id=GetObject`. A unit test holds the URL equal, character for character,
 * to getSignedUrl's for the same input, date and credentials. Left out: `x-amz-checksum-mode=ENABLED`
 * and an empty body's `x-amz-checksum-crc32`, which the SDK adds by default for its own checksum
 * handling; a browser following the link validates none, S3 needs neither for a GET, and the SDK leaves
 * both out too with AWS_{REQUEST,RESPONSE}_CHECKSUM_{CALCULATION,VALIDATION}=WHEN_REQUIRED.
 */
import type { SignatureV4 } from '@smithy/signature-v4';
import { environmentCredentials, type AwsCredentials } from '../aws/environment-credentials';
import type { DocumentStore } from '../../ports/summaries';
import { escapeUri, objectAddress, s3Signer, type BucketLocation } from './object-address';

export interface PresignedLinksOptions extends BucketLocation {
  credentials: () => AwsCredentials;
  /** Injected by tests: the signing time. */
  now?: () => Date;
}

export class PresignedDocumentLinks implements Pick<DocumentStore, 'presignGet'> {
  private readonly signer: SignatureV4;

  constructor(private readonly options: PresignedLinksOptions) {
    this.signer = s3Signer(options.region, options.credentials, false);
  }

  async presignGet(
    key: string,
    options: { contentType: string; contentDisposition: string; expiresInSeconds: number },
  ): Promise<string> {
    const { protocol, hostname, port, host, path } = objectAddress(this.options, key);
    const signed = await this.signer.presign(
      {
        method: 'GET',
        protocol,
        hostname,
        ...(port ? { port } : {}),
        path,
        query: {
          'response-content-disposition': options.contentDisposition,
          'response-content-type': options.contentType,
          'x-id': 'GetObject',
        },
        // Spelt as the SDK's presigner spells it: the name goes into the query as it is.
        headers: { host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        expiresIn: options.expiresInSeconds,
        unsignableHeaders: new Set(['content-type']),
        ...(this.options.now ? { signingDate: this.options.now() } : {}),
      },
    );
    const query = Object.entries(signed.query ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
      .join('&');
    return `${protocol}//${host}${path}?${query}`;
  }
}

/**
 * The links for the function's environment: AWS_REGION, the endpoint override the SDK also reads, the
 * credentials Lambda sets. Reads nothing until the first link.
 */
export function presignedLinksFromEnvironment(
  bucketName: () => string,
  forcePathStyle: () => boolean,
  env: NodeJS.ProcessEnv = process.env,
): Pick<DocumentStore, 'presignGet'> {
  let links: PresignedDocumentLinks | undefined;
  return {
    presignGet(key, options) {
      if (!links) {
        const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
        if (!region) throw new Error('AWS_REGION environment variable is not set');
        links = new PresignedDocumentLinks({
          bucketName: bucketName(),
          region,
          endpoint: env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
          forcePathStyle: forcePathStyle(),
          credentials: environmentCredentials(env),
        });
      }
      return links.presignGet(key, options);
    },
  };
}
