/**
 * What the light AWS clients (dynamodb/json-client.ts, s3/light-document-store.ts) share once a request
 * is signed: sending it with node:http(s) and reading the answer, the outcome of one attempt, and the
 * retries around attempts. Kept in one place so that both clients cut off a stalled attempt, tell a
 * missing answer from a refusal, and back off the same way.
 */
import {
  request as httpRequest,
  type Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request and its whole answer. Rejects when no complete answer came: refused, reset, cut off by
 * `signal` (the attempt's time limit), or closed before its end, which a cut-off response may do without
 * an error event.
 */
export function exchange(
  url: URL,
  options: {
    method: string;
    headers: Record<string, string | number>;
    signal: AbortSignal;
    agent?: Agent;
    /** The path and query as sent, where `url` would escape them again (S3's keys). */
    path?: string;
  },
  body: string | Buffer,
): Promise<HttpAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, options, (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let ended = false;
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        ended = true;
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) });
      });
      incoming.on('error', reject);
      incoming.on('close', () => {
        if (!ended) reject(new Error('response closed before its end'));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** An attempt that failed: the service's error type or what failed locally, the status, and whether to try again. */
export class AttemptFailure {
  constructor(
    readonly type: string,
    /** The HTTP status, when there was an answer. */
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {}
}

/** No answer (refused, reset, timed out): worth another try, and nothing of the error is shown. */
export function noAnswer(error: unknown): AttemptFailure {
  const name = (error as { name?: string } | null)?.name;
  return new AttemptFailure(
    name === 'AbortError' || name === 'TimeoutError' ? 'Timeout' : 'NetworkError',
    undefined,
    true,
  );
}

/** An answer that is not the one expected: retryable when AWS says so (5xx, 429, or a throttling type). */
export function refusal(type: string, status: number, retryableTypes: ReadonlySet<string>): AttemptFailure {
  return new AttemptFailure(type, status, status >= 500 || status === 429 || retryableTypes.has(type));
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per retry, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Attempts ran out, or one failed in a way retrying cannot help: the last failure and how many were made. */
export class GaveUp {
  constructor(
    readonly failure: AttemptFailure,
    readonly attempts: number,
  ) {}
}

/**
 * Runs `attempt` until it gives a result, a failure that retrying cannot help, or the attempts run out
 * (then `GaveUp`, for the caller to throw its own error from its own frame, so that a logged stack starts
 * where the operation is named). Between attempts it waits with full jitter, so that callers throttled
 * together do not retry together. `beforeEach` may throw to stop (a caller's own time limit).
 */
export async function retrying<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T | AttemptFailure>,
  beforeEach: () => void = () => undefined,
): Promise<T | GaveUp> {
  for (let attempts = 1; ; attempts++) {
    beforeEach();
    const outcome = await attempt();
    if (!(outcome instanceof AttemptFailure)) return outcome;
    if (!outcome.retryable || attempts >= policy.maxAttempts) return new GaveUp(outcome, attempts);
    const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempts - 1));
    await policy.sleep(Math.floor(policy.random() * ceiling));
  }
}

export const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
