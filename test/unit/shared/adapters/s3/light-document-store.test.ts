/**
 * The light upload store against a real HTTP server on a free port that answers as S3 does and checks
 * every request's signature for `s3` the way the local stack's S3 proxy does (infra/local/sigv4.ts). The
 * SDK's own S3Client is sent to the same server with the same input, so the request it would have made
 * is the one the store is held to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  LightDocumentStore,
  S3RequestError,
  lightDocumentStoreFromEnvironment,
  type LightDocumentStoreOptions,
} from '../../../../../shared/adapters/s3/light-document-store';
import { objectAddress } from '../../../../../shared/adapters/s3/object-address';
import type { DocumentStore } from '../../../../../shared/ports/summaries';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTLIGHTSTORE', secretAccessKey: 'test-secret-key-s3-0123456789' };
const sessionToken = 'role-session-token/+=';
const BUCKET = 'showcase-documents';
const KEY = 'summaries/2023-H1/20230710T020000000Z-0a1b2c3d/张湾区委组织部 (final)!.html';
const HTML = 'text/html; charset=utf-8';
const body = new TextEncoder().encode('<!doctype html><h1>2023年上半年工作总结</h1>');

/** What identifies an upload: the SDK's bookkeeping headers (user agent, invocation id) left out. */
interface Received {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  body: string;
  signatureFault: string | undefined;
}

const COMPARED_HEADERS = [
  'content-type',
  'content-length',
  'x-amz-content-sha256',
  'x-amz-checksum-crc32',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-security-token',
  'content-encoding',
  'transfer-encoding',
];

type Answer = { status: number; code?: string } | 'hang' | 'reset';

let server: FakeEndpoint;
let answers: Answer[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse, request: IncomingMessage) {
  const next = answers.shift() ?? { status: 500, code: 'NoAnswerLeft' };
  received.push({
    method: signed.method,
    url: signed.url,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, signed.header(name)])),
    body: signed.body.toString('utf8'),
    signatureFault: signed.signatureFault,
  });
  if (next === 'hang') return;
  if (next === 'reset') {
    request.socket.destroy();
    return;
  }
  if (next.status === 200) {
    response.writeHead(200, { etag: '"0123"' }).end();
    return;
  }
  response
    .writeHead(next.status, { 'content-type': 'application/xml' })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${next.code ?? 'InternalError'}</Code>` +
        `<Message>secret detail of bucket internals</Message><RequestId>r-1</RequestId></Error>`,
    );
}

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 's3', answer);
});

afterAll(() => server.close());

const stores: LightDocumentStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

beforeEach(() => {
  answers = [];
  received = [];
});

const notCalled = async (): Promise<DocumentStore> => {
  throw new Error('the SDK store is not for uploads');
};

const sleeps: number[] = [];
function store(options: Partial<LightDocumentStoreOptions> = {}) {
  sleeps.length = 0;
  const created = new LightDocumentStore({
    bucketName: BUCKET,
    region: 'eu-central-1',
    endpoint: server.url,
    forcePathStyle: true,
    credentials: () => ({ ...credentials, sessionToken }),
    fallback: notCalled,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  stores.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('LightDocumentStore.put', () => {
  for (const mode of ['WHEN_SUPPORTED', 'WHEN_REQUIRED'] as const) {
    test(`It should send the PutObject the SDK’s S3Client sends with checksums ${mode}: path, query, headers, body byte for byte`, async () => {
      answers = [{ status: 200 }, { status: 200 }];
      const sdk = new S3Client({
        region: 'eu-central-1',
        endpoint: server.url,
        forcePathStyle: true,
        credentials: { ...credentials, sessionToken },
        requestChecksumCalculation: mode,
      });
      await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: body, ContentType: HTML }));
      sdk.destroy();
      await store({ requestChecksumCalculation: mode }).put(KEY, body, HTML);

      expect(received).toHaveLength(2);
      const [fromSdk, fromStore] = received as [Received, Received];
      expect(fromSdk.signatureFault).toBeUndefined();
      expect(fromSdk.method).toBe('PUT');
      expect(fromSdk.url).toBe(
        `/${BUCKET}/summaries/2023-H1/20230710T020000000Z-0a1b2c3d/` +
          `${encodeURIComponent('张湾区委组织部')}%20%28final%29%21.html?x-id=PutObject`,
      );
      expect(fromStore).toEqual(fromSdk);
      expect(fromStore.headers['x-amz-security-token']).toBe(sessionToken);
      expect(fromStore.headers['x-amz-checksum-crc32'] !== undefined).toBe(mode === 'WHEN_SUPPORTED');
    });
  }

  test('It should upload a view into a larger buffer as the view’s bytes only', async () => {
    answers = [{ status: 200 }];
    const framed = new Uint8Array([120, ...body, 121]).subarray(1, body.byteLength + 1);
    await store().put(KEY, framed, HTML);
    expect(received[0]).toMatchObject({
      body: new TextDecoder().decode(body),
      signatureFault: undefined,
      headers: { 'content-length': String(body.byteLength) },
    });
  });

  test('It should retry throttling and 5xx with growing, jittered backoff, signing each attempt, and then succeed', async () => {
    answers = [{ status: 503, code: 'SlowDown' }, { status: 500, code: 'InternalError' }, { status: 200 }];
    await store({ baseBackoffMs: 40 }).put(KEY, body, HTML);
    expect(received).toHaveLength(3);
    expect(received.every((request) => request.signatureFault === undefined)).toBe(true);
    // Half (the random number) of 40, then of 80.
    expect(sleeps).toEqual([20, 40]);
  });

  test('It should retry a dropped connection and an attempt that hangs past its time limit', async () => {
    answers = ['reset', 'hang', { status: 200 }];
    await store({ attemptTimeoutMs: 200 }).put(KEY, body, HTML);
    expect(received).toHaveLength(3);
  });

  test('It should give up after its attempts, named by S3’s code, with the key and status and nothing of the body or the credentials', async () => {
    answers = [1, 2, 3].map(() => ({ status: 503, code: 'SlowDown' }));
    const error = (await failure(store().put(KEY, body, HTML))) as S3RequestError;
    expect(error).toBeInstanceOf(S3RequestError);
    expect(error.name).toBe('SlowDown');
    expect(error).toMatchObject({ operation: 'PutObject', key: KEY, status: 503, attempts: 3 });
    expect(error.message).toBe(`S3 PutObject of ${KEY} failed after 3 attempts: SlowDown (HTTP 503)`);
    const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    for (const secret of ['secret detail', credentials.secretAccessKey, sessionToken, '2023年上半年']) {
      expect([secret, shown.includes(secret)]).toEqual([secret, false]);
    }
  });

  test('It should not retry what retrying cannot mend', async () => {
    answers = [{ status: 403, code: 'AccessDenied' }, { status: 200 }];
    await expect(store().put(KEY, body, HTML)).rejects.toMatchObject({
      name: 'AccessDenied',
      status: 403,
      attempts: 1,
    });
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test('It should name a failure without an answer as such, after its attempts', async () => {
    answers = ['hang', 'hang'];
    await expect(store({ attemptTimeoutMs: 100, maxAttempts: 2 }).put(KEY, body, HTML)).rejects.toThrow(
      `S3 PutObject of ${KEY} failed after 2 attempts: Timeout`,
    );
    answers = ['reset'];
    await expect(store({ maxAttempts: 1 }).put(KEY, body, HTML)).rejects.toMatchObject({
      name: 'NetworkError',
      status: undefined,
    });
  });
});

describe('LightDocumentStore: what stays on the SDK’s store', () => {
  test('It should hand streams, reads and deletes to the fallback store, created once on first use', async () => {
    const calls: string[] = [];
    let created = 0;
    const fallback = async (): Promise<DocumentStore> => {
      created++;
      return {
        put: async () => undefined,
        putStream: async (key, chunks, bytes) => {
          for await (const chunk of chunks) calls.push(`chunk ${chunk.byteLength}`);
          calls.push(`putStream ${key} ${bytes}`);
        },
        get: async (key) => {
          calls.push(`get ${key}`);
          return new Uint8Array([7]);
        },
        deletePrefix: async (prefix) => {
          calls.push(`deletePrefix ${prefix}`);
          return 4;
        },
        presignGet: async () => 'unused',
      };
    };
    const light = store({ fallback });
    expect(created).toBe(0);
    async function* chunks() {
      yield new Uint8Array(3);
      yield new Uint8Array(2);
    }
    await light.putStream('p.json', chunks(), 5, 'application/json');
    await expect(light.get('a.json')).resolves.toEqual(new Uint8Array([7]));
    await expect(light.deletePrefix('summaries/x/')).resolves.toBe(4);
    expect(created).toBe(1);
    expect(calls).toEqual([
      'chunk 3',
      'chunk 2',
      'putStream p.json 5',
      'get a.json',
      'deletePrefix summaries/x/',
    ]);
    expect(received).toEqual([]);
  });

  test('It should presign download links without the SDK, as the light presigner does', async () => {
    const url = new URL(
      await store().presignGet('a/b.docx', {
        contentType: 'application/octet-stream',
        contentDisposition: 'attachment',
        expiresInSeconds: 60,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/${BUCKET}/a/b.docx`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
  });
});

describe('objectAddress', () => {
  /** Where the SDK's S3Client sends a PutObject of `key`: captured before anything is sent. */
  async function sdkAddress(input: {
    bucket: string;
    region: string;
    endpoint?: string;
    forcePathStyle: boolean;
  }) {
    let captured: { hostname: string; port?: number; path: string; protocol: string } | undefined;
    const sdk = new S3Client({
      region: input.region,
      credentials,
      forcePathStyle: input.forcePathStyle,
      maxAttempts: 1,
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
      requestHandler: {
        handle: async (request: typeof captured) => {
          captured = request;
          throw Object.assign(new Error('captured'), { name: 'Captured' });
        },
      } as never,
    });
    await failure(sdk.send(new PutObjectCommand({ Bucket: input.bucket, Key: KEY, Body: body })));
    return captured!;
  }

  test('It should address the object where the SDK sends it, in every style the stack can meet', async () => {
    for (const input of [
      { bucket: 'showcase-documents-1a2b', region: 'eu-central-1', forcePathStyle: false },
      { bucket: 'showcase-documents-1a2b', region: 'us-east-1', forcePathStyle: false },
      { bucket: 'showcase-documents-1a2b', region: 'ap-southeast-1', forcePathStyle: true },
      { bucket: 'showcase-docs', region: 'cn-north-1', forcePathStyle: false },
      { bucket: 'showcase.documents', region: 'eu-west-1', forcePathStyle: false },
      {
        bucket: 'showcase-documents',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4569',
        forcePathStyle: true,
      },
    ]) {
      const sdk = await sdkAddress(input);
      const light = objectAddress({ bucketName: input.bucket, ...input }, KEY);
      expect([input.bucket, light.protocol, light.hostname, light.port, light.path]).toEqual([
        input.bucket,
        sdk.protocol,
        sdk.hostname,
        sdk.port,
        sdk.path,
      ]);
    }
  });
});

describe('lightDocumentStoreFromEnvironment', () => {
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };

  test('It should take the endpoint, region, credentials and checksum setting from the environment', async () => {
    answers = [{ status: 200 }, { status: 200 }];
    await lightDocumentStoreFromEnvironment(() => BUCKET, true, notCalled, {
      ...env,
      AWS_ENDPOINT_URL_S3: server.url,
    }).put(KEY, body, HTML);
    await lightDocumentStoreFromEnvironment(() => BUCKET, true, notCalled, {
      ...env,
      AWS_ENDPOINT_URL: server.url,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    }).put(KEY, body, HTML);
    expect(
      received.map((request) => [request.signatureFault, request.headers['x-amz-checksum-crc32']]),
    ).toEqual([
      [undefined, expect.stringMatching(/^[A-Za-z0-9+/]{6}==$/)],
      [undefined, undefined],
    ]);
    expect(received[0]!.headers['x-amz-security-token']).toBeUndefined();
  });

  test('It should read nothing until the first call, then reject it naming what is missing', async () => {
    let asked = false;
    const store = lightDocumentStoreFromEnvironment(
      () => {
        asked = true;
        return BUCKET;
      },
      true,
      notCalled,
      {},
    );
    expect(asked).toBe(false);
    await expect(store.put(KEY, body, HTML)).rejects.toThrow('AWS_REGION environment variable is not set');
    const withoutCredentials = lightDocumentStoreFromEnvironment(() => BUCKET, true, notCalled, {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: server.url,
    });
    await expect(withoutCredentials.put(KEY, body, HTML)).rejects.toThrow(
      'AWS credentials are not set in the environment',
    );
    expect(received).toEqual([]);
  });
});
