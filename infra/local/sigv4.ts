/**
 * Signature Version 4 checks for the local stand-ins of AWS endpoints (the Lambda Invoke API and S3), so
 * that locally, as in AWS, only a caller holding the stack's credentials gets in.
 *
 * Nothing here computes a signature by hand: each check rebuilds the request the client signed and signs
 * it again with the SDK's own signer (@smithy/signature-v4) and the stack's credentials; the request is
 * genuine when both signatures are equal.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../shared/adapters/aws/sha256';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fresh for each start of the stack: nothing outside the process can know them in advance. */
export function randomCredentials(): LocalCredentials {
  return {
    accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

export function signer(credentials: LocalCredentials, service: string, region = 'us-east-1') {
  return new SignatureV4({
    credentials,
    region,
    service,
    sha256: Sha256,
    // S3 signs the path as sent and always signs the payload hash header; other services escape the path.
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
}

export interface IncomingSignedRequest {
  method: string;
  /** The request target as received: path and query string, still percent-encoded. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SignatureFault {
  status: 400 | 403;
  code:
    | 'AccessDenied'
    | 'InvalidAccessKeyId'
    | 'SignatureDoesNotMatch'
    | 'AuthorizationQueryParametersError'
    | 'XAmzContentSHA256Mismatch';
  message: string;
}

/** AWS refuses signatures dated more than 15 minutes away from its own clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
const HEADER_AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const fault = (status: SignatureFault['status'], code: SignatureFault['code'], message: string) => ({
  status,
  code,
  message,
});
const MISMATCH = fault(
  403,
  'SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided.',
);

function parseAmzDate(value: string | undefined): Date | undefined {
  const match = AMZ_DATE.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

function equalSignatures(a: string, b: string) {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function headerValue(headers: IncomingHttpHeaders, name: string) {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The raw path and the decoded query of a request target (never resolved against a host). */
export function splitTarget(target: string) {
  const at = target.indexOf('?');
  return at < 0
    ? { path: target, params: new URLSearchParams() }
    : { path: target.slice(0, at), params: new URLSearchParams(target.slice(at + 1)) };
}

/** The request as the client's signer saw it: the given headers only, the query decoded. */
function signable(
  request: IncomingSignedRequest,
  headerNames: string[],
  dropQuery: (key: string) => boolean,
) {
  const { path, params } = splitTarget(request.target);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    if (dropQuery(key)) continue;
    const existing = query[key];
    query[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  const headers: Record<string, string> = {};
  for (const name of headerNames) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const host = headerValue(request.headers, 'host') ?? '';
  const [hostname, port] = host.split(/:(?=\d+$)/);
  return {
    method: request.method,
    protocol: 'http:',
    hostname: hostname ?? '',
    port: port ? Number(port) : undefined,
    path,
    query,
    headers,
    body: request.body.length > 0 ? request.body : undefined,
  };
}

/**
 * Checks a request signed in its Authorization header (what the SDK's clients send). Returns the fault
 * AWS would answer, or undefined when the signature is genuine.
 */
export async function verifyHeaderSignature(
  request: IncomingSignedRequest,
  credentials: LocalCredentials,
  service: string,
): Promise<SignatureFault | undefined> {
  const match = HEADER_AUTH.exec(headerValue(request.headers, 'authorization') ?? '');
  if (!match) return fault(403, 'AccessDenied', 'The request is not signed with AWS Signature Version 4.');
  const [, accessKeyId, shortDate, region, signedService, signedHeaders, signature] =
    match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) {
    return fault(403, 'InvalidAccessKeyId', 'The access key ID you provided does not exist in our records.');
  }
  if (signedService !== service) return MISMATCH;
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate!.startsWith(shortDate!)) return MISMATCH;
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return fault(
      403,
      'AccessDenied',
      'The difference between the request time and the current time is too large.',
    );
  }
  const claimedHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (claimedHash && /^[0-9a-f]{64}$/.test(claimedHash)) {
    // The signer trusts this header; S3 checks it against the body, and so must we.
    if (createHash('sha256').update(request.body).digest('hex') !== claimedHash) {
      return fault(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  }
  const names = signedHeaders!.split(';');
  if (!names.includes('host')) return MISMATCH;
  const recomputed = await signer(credentials, service, region).sign(
    signable(request, names, () => false),
    {
      signingDate,
      signingRegion: region,
      signingService: service,
    },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(recomputed.headers.authorization))?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+),/.exec(String(recomputed.headers.authorization))?.[1];
  return expectedHeaders === signedHeaders && equalSignatures(expected, signature!) ? undefined : MISMATCH;
}

/**
 * Checks a presigned URL (Signature Version 4 in the query string), including its expiry. Returns the
 * fault AWS would answer, or undefined when the URL is genuine and still valid.
 */
export async function verifyPresignedUrl(
  request: IncomingSignedRequest,
  credentials: LocalCredentials,
  service: string,
): Promise<SignatureFault | undefined> {
  const { params } = splitTarget(request.target);
  const credential = CREDENTIAL.exec(params.get('X-Amz-Credential') ?? '');
  const signingDate = parseAmzDate(params.get('X-Amz-Date') ?? undefined);
  const expires = Number(params.get('X-Amz-Expires'));
  const signature = params.get('X-Amz-Signature') ?? '';
  const signedHeaders = params.get('X-Amz-SignedHeaders') ?? '';
  if (
    params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !credential ||
    !signingDate ||
    !Number.isInteger(expires) ||
    expires < 1 ||
    expires > MAX_PRESIGNED_SECONDS ||
    !/^[a-z0-9;-]+$/.test(signedHeaders)
  ) {
    return fault(
      400,
      'AuthorizationQueryParametersError',
      'The presigned URL is missing or has malformed X-Amz-* parameters.',
    );
  }
  const [, accessKeyId, , region, signedService] = credential as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) {
    return fault(403, 'InvalidAccessKeyId', 'The access key ID you provided does not exist in our records.');
  }
  if (signedService !== service) return MISMATCH;
  if (Date.now() > signingDate.getTime() + expires * 1000)
    return fault(403, 'AccessDenied', 'Request has expired');

  const names = signedHeaders.split(';');
  const rebuilt = signable(request, names, (key) => key.startsWith('X-Amz-'));
  // The SDK's presigner signs S3 URLs with an unsigned payload and hoists that header into the query.
  const payload = params.get('X-Amz-Content-Sha256');
  if (payload) rebuilt.headers['X-Amz-Content-Sha256'] = payload;
  const recomputed = await signer(credentials, service, region).presign(rebuilt, {
    signingDate,
    expiresIn: expires,
    signingRegion: region,
    signingService: service,
  });
  const expected = String(recomputed.query?.['X-Amz-Signature'] ?? '');
  return recomputed.query?.['X-Amz-SignedHeaders'] === signedHeaders && equalSignatures(expected, signature)
    ? undefined
    : MISMATCH;
}
