/**
 * The generator's and render-batch's DocumentStore with its uploads made without the SDK's S3 client:
 * each PutObject one request signed with the SDK's own Signature Version 4 signer
 * (@smithy/signature-v4, on node:crypto) and sent with node:http(s) over a keep-alive agent.
 *
 * Why: a render batch uploads six documents per department (JSON, HTML, Markdown, Word, Excel,
 * provenance), about 3,000 PutObjects in a generation of 500 departments, and in the profile of
 * `npm run bench:summary` the SDK (its middleware stack, endpoint rules, signing, checksums, HTTP
 * handler) was about a fifth of a render-batch process's busy time, more than any one renderer. Through
 * this store an upload of about 20 KB costs 0.41 ms of CPU against the SDK's 1.15 ms (0.36×; measured
 * with `npm run bench:uploads`, the client process's CPU time per upload against the local s3rver;
 * README "Benchmarks", bench:summary).
 *
 * What the SDK's PutObject would have sent, sent here too (a unit test holds the two requests equal):
 * the object's address (object-address.ts), `?x-id=PutObject`, Content-Type and Content-Length, the
 * body's SHA-256 as x-amz-content-sha256 (signed, so S3 refuses a body altered on the way), the session
 * token, and the CRC32 the SDK sends by default (x-amz-checksum-crc32), left out as the SDK leaves it
 * out with AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED (the local stack's setting: s3rver computes
 * none). Retries with exponential backoff and full jitter on 5xx, throttling (429, SlowDown) and network
 * failures, and a time limit on each attempt, which the SDK does not set (a stalled upload would
 * otherwise hold the batch until the function times out). Errors are named by S3's error code
 * (AccessDenied, NoSuchBucket …) and carry the key, the status and the attempts, never S3's message, a
 * body or a credential.
 *
 * Left on the SDK's client (S3DocumentStore, loaded on first use: a batch that does not reduce never
 * loads it): `putStream`, the district's provenance file, one call per generation whose 77 MB at
 * province scale dwarf any per-call cost (32 MiB: 14.5 ms of CPU, the SDK's share about 1 ms); by default
 * the SDK streams it with a CRC32 trailer (aws-chunked) that S3 checks end to end, which an
 * UNSIGNED-PAYLOAD upload would give up (the local stack, WHEN_REQUIRED, sends it unsigned either
 * way). `get` (the reduce reads the staged parts, two per batch) and `deletePrefix` (once per
 * generation): a few dozen calls against thousands. `presignGet` goes through the light presigner
 * (presigned-links.ts), though the generator never calls it.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { SignatureV4 } from '@smithy/signature-v4';
import {
  exchange,
  GaveUp,
  noAnswer,
  refusal,
  retrying,
  sleepFor,
  type AttemptFailure,
  type HttpAnswer,
  type RetryPolicy,
} from '../aws/http-exchange';
import { environmentCredentials, type AwsCredentials } from '../aws/environment-credentials';
import type { DocumentStore } from '../../ports/summaries';
import { objectAddress, s3Signer, type BucketLocation } from './object-address';
import { PresignedDocumentLinks } from './presigned-links';

export interface LightDocumentStoreOptions extends BucketLocation {
  /** Read on every request, so rotated credentials are picked up. */
  credentials: () => AwsCredentials;
  /**
   * The SDK's `requestChecksumCalculation` (AWS_REQUEST_CHECKSUM_CALCULATION): WHEN_SUPPORTED sends
   * the body's CRC32 as the SDK does by default. @default 'WHEN_SUPPORTED'
   */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** The store the calls other than `put` go to (the SDK's); created on first use. */
  fallback: () => Promise<DocumentStore>;
  /** Attempts in all, the first included. @default 3 (the SDK's default) */
  maxAttempts?: number;
  /**
   * Time limit of one attempt, connection included. Generous: a district's Word and Excel files run to
   * megabytes, and a loaded machine sends them slowly. @default 30000
   */
  attemptTimeoutMs?: number;
  /** First backoff ceiling; doubles per retry, up to maxBackoffMs. @default 100 */
  baseBackoffMs?: number;
  /** @default 2000 */
  maxBackoffMs?: number;
  /** Injected by tests: the signing time, how long to wait, and the random number for the jitter. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * An upload that failed for good: after its retries, or at once when retrying cannot help. Named by
 * S3's error code, as the SDK names its exceptions.
 */
export class S3RequestError extends Error {
  constructor(
    readonly operation: string,
    readonly key: string,
    /** S3's error code (`SlowDown`, `AccessDenied` …) or what failed locally (`Timeout`, `NetworkError`). */
    readonly type: string,
    /** The HTTP status, when there was a response. */
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(
      `S3 ${operation} of ${key} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${type}` +
        (status === undefined ? '' : ` (HTTP ${status})`),
    );
    this.name = type;
  }
}

/** Error codes S3 (and the SDK's retry strategy) treat as worth another try, besides every 5xx and 429. */
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
]);

export class LightDocumentStore implements DocumentStore {
  private readonly signer: SignatureV4;
  private readonly links: PresignedDocumentLinks;
  private readonly agent: HttpAgent;
  private readonly attemptTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private fallbackStore: Promise<DocumentStore> | undefined;

  constructor(private readonly options: LightDocumentStoreOptions) {
    this.signer = s3Signer(options.region, options.credentials, true);
    this.links = new PresignedDocumentLinks(options);
    const secure = objectAddress(options, 'x').protocol === 'https:';
    // Connections are kept between a batch's uploads (the SDK's handler keeps them too): a new TLS
    // handshake per upload would cost more CPU than the request. 50 sockets, as the SDK allows.
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: 50 })
      : new HttpAgent({ keepAlive: true, maxSockets: 50 });
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.retryPolicy = {
      maxAttempts: options.maxAttempts ?? 3,
      baseBackoffMs: options.baseBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 2000,
      sleep: options.sleep ?? sleepFor,
      random: options.random ?? Math.random,
    };
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    const address = objectAddress(this.options, key);
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    // Hashed once for every attempt: the signer takes the payload's hash from this header.
    const headers: Record<string, string> = {
      host: address.host,
      'content-type': contentType,
      'content-length': String(bytes.byteLength),
      'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
    };
    if ((this.options.requestChecksumCalculation ?? 'WHEN_SUPPORTED') === 'WHEN_SUPPORTED') {
      const checksum = Buffer.alloc(4);
      checksum.writeUInt32BE(crc32(bytes));
      headers['x-amz-sdk-checksum-algorithm'] = 'CRC32';
      headers['x-amz-checksum-crc32'] = checksum.toString('base64');
    }
    const outcome = await retrying(this.retryPolicy, () => this.attempt(address, headers, bytes));
    if (!(outcome instanceof GaveUp)) return;
    const { failure, attempts } = outcome;
    throw new S3RequestError('PutObject', key, failure.type, failure.status, attempts);
  }

  async putStream(
    key: string,
    chunks: AsyncIterable<Uint8Array>,
    bytes: number,
    contentType: string,
  ): Promise<void> {
    return (await this.fallback()).putStream(key, chunks, bytes, contentType);
  }

  async get(key: string): Promise<Uint8Array> {
    return (await this.fallback()).get(key);
  }

  async deletePrefix(prefix: string): Promise<number> {
    return (await this.fallback()).deletePrefix(prefix);
  }

  presignGet(
    key: string,
    options: { contentType: string; contentDisposition: string; expiresInSeconds: number },
  ): Promise<string> {
    return this.links.presignGet(key, options);
  }

  /** Closes the kept connections (tests and benchmarks; a function's process just ends). */
  destroy(): void {
    this.agent.destroy();
  }

  private fallback(): Promise<DocumentStore> {
    this.fallbackStore ??= this.options.fallback();
    return this.fallbackStore;
  }

  private async attempt(
    address: ReturnType<typeof objectAddress>,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<true | AttemptFailure> {
    const signed = await this.signer.sign(
      {
        method: 'PUT',
        protocol: address.protocol,
        hostname: address.hostname,
        ...(address.port ? { port: address.port } : {}),
        path: address.path,
        query: { 'x-id': 'PutObject' },
        headers: { ...headers },
      },
      this.options.now ? { signingDate: this.options.now() } : {},
    );
    let answer: HttpAnswer;
    try {
      answer = await exchange(
        new URL(`${address.protocol}//${address.host}`),
        {
          method: 'PUT',
          path: `${address.path}?x-id=PutObject`,
          headers: signed.headers,
          agent: this.agent,
          signal: AbortSignal.timeout(this.attemptTimeoutMs),
        },
        body,
      );
    } catch (error) {
      return noAnswer(error);
    }
    if (answer.status === 200) return true;
    // S3's error code from its XML error body; the rest of the body is dropped unread.
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(answer.body.toString('utf8'))?.[1];
    return refusal(code ?? 'UnknownError', answer.status, RETRYABLE_CODES);
  }
}

/**
 * The store for the function's environment: AWS_REGION, the endpoint override and checksum setting the
 * SDK also reads, the credentials Lambda sets; `fallback` builds the SDK's store for the calls left on
 * it. Reads nothing until the first call.
 */
export function lightDocumentStoreFromEnvironment(
  bucketName: () => string,
  forcePathStyle: boolean,
  fallback: () => Promise<DocumentStore>,
  env: NodeJS.ProcessEnv = process.env,
): DocumentStore {
  let store: LightDocumentStore | undefined;
  const resolve = () => {
    if (store) return store;
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('AWS_REGION environment variable is not set');
    store = new LightDocumentStore({
      bucketName: bucketName(),
      region,
      endpoint: env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
      forcePathStyle,
      credentials: environmentCredentials(env),
      requestChecksumCalculation:
        env.AWS_REQUEST_CHECKSUM_CALCULATION?.toUpperCase() === 'WHEN_REQUIRED'
          ? 'WHEN_REQUIRED'
          : 'WHEN_SUPPORTED',
      fallback,
    });
    return store;
  };
  // Async, so that a missing setting rejects the call instead of throwing where it is made.
  return {
    put: async (key, body, contentType) => resolve().put(key, body, contentType),
    putStream: async (key, chunks, bytes, contentType) =>
      resolve().putStream(key, chunks, bytes, contentType),
    get: async (key) => resolve().get(key),
    deletePrefix: async (prefix) => resolve().deletePrefix(prefix),
    presignGet: async (key, options) => resolve().presignGet(key, options),
  };
}
