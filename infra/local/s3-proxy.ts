/**
 * The local S3 endpoint: a Signature Version 4 check in front of s3rver, so that a local download is as
 * private as one from AWS. s3rver checks no V4 signature at all (only that the key id is its own), so
 * without this an edited presigned URL, an object URL without its query and the bucket listing all
 * answered 200.
 *
 * Every request must be signed with the stack's credentials, in the Authorization header (the SDK's
 * clients) or as a presigned URL that has not expired; otherwise the answer is S3's XML error. A genuine
 * request is signed again with s3rver's own credentials and passed on, its answer streamed back.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { listenOnLoopback } from './loopback';
import {
  signer,
  splitTarget,
  verifyHeaderSignature,
  verifyPresignedUrl,
  type IncomingSignedRequest,
  type LocalCredentials,
} from './sigv4';

/** The only credentials s3rver knows. */
const S3RVER_CREDENTIALS: LocalCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Headers that belong to the caller's signature or connection, not to the request passed on. */
const NOT_FORWARDED = new Set([
  'authorization',
  'host',
  'connection',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
]);

export interface S3Proxy {
  url: string;
  close(): Promise<void>;
}

function xmlEscape(text: string) {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  error: { status: number; code: string; message: string },
) {
  const requestId = randomUUID();
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code>` +
    `<Message>${xmlEscape(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  response.writeHead(error.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function verify(incoming: IncomingSignedRequest, credentials: LocalCredentials) {
  const { params } = splitTarget(incoming.target);
  const presigned = params.has('X-Amz-Algorithm') || params.has('X-Amz-Signature');
  const signedHeader = incoming.headers.authorization !== undefined;
  if (presigned && signedHeader) {
    return {
      status: 400,
      code: 'InvalidArgument',
      message:
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
    } as const;
  }
  if (presigned) return verifyPresignedUrl(incoming, credentials, 's3');
  if (signedHeader) return verifyHeaderSignature(incoming, credentials, 's3');
  return { status: 403, code: 'AccessDenied', message: 'Access Denied' } as const;
}

export async function startS3Proxy(options: {
  upstream: string;
  credentials: LocalCredentials;
}): Promise<S3Proxy> {
  const upstream = new URL(options.upstream);
  const resigner = signer(S3RVER_CREDENTIALS, 's3');
  // One connection per request (and s3rver's "connection: close" passed on to the caller) cost a TCP
  // connection on each side for each of a generation's thousands of uploads. Pooled, and closed with the proxy.
  const agent = new Agent({ keepAlive: true });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const incoming: IncomingSignedRequest = {
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      headers: request.headers,
      body: await readBody(request),
    };
    const error = await verify(incoming, options.credentials);
    if (error) return sendError(request, response, error);

    const { path, params } = splitTarget(incoming.target);
    const query: Record<string, string> = {};
    for (const [key, value] of params) if (!key.startsWith('X-Amz-')) query[key] = value;
    const headers: Record<string, string> = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !NOT_FORWARDED.has(name))
        headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    headers.host = upstream.host;
    const signed = await resigner.sign({
      method: incoming.method,
      protocol: 'http:',
      hostname: upstream.hostname,
      port: Number(upstream.port),
      path,
      query,
      headers,
      body: incoming.body.length > 0 ? incoming.body : undefined,
    });
    const search = Object.entries(query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    await new Promise<void>((resolve, reject) => {
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          agent,
          method: incoming.method,
          path: search ? `${path}?${search}` : path,
          headers: signed.headers,
        },
        (answer) => {
          // Hop-by-hop: how the proxy talks to s3rver is not how the caller's connection is kept.
          const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers;
          response.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(response);
          answer.once('end', resolve);
          answer.once('error', reject);
        },
      );
      forwarded.once('error', reject);
      forwarded.end(incoming.body);
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('Local S3 proxy error:', error);
      if (!response.headersSent) {
        sendError(request, response, {
          status: 500,
          code: 'InternalError',
          message: 'We encountered an internal error.',
        });
      } else {
        response.destroy();
      }
    });
  });
  const { url } = await listenOnLoopback(server);
  return {
    url,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
