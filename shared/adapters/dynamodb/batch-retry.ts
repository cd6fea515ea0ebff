/**
 * Batch calls (BatchGetItem, BatchWriteItem) answer in part under throttling: what DynamoDB could not
 * do comes back as unprocessed keys or items, to be sent again. Both repositories that batch do it
 * through this, with AWS's advice for it: a jittered backoff that doubles up to a ceiling, and an error
 * rather than a silent partial answer when the rest never drains.
 */

export interface BatchRetry {
  /** Requests of one batch in all, the first included. @default 8 */
  attempts: number;
  /** The first backoff's ceiling; it doubles per retry up to maxBackoffMs. @default 50 */
  baseBackoffMs: number;
  /** @default 1000 */
  maxBackoffMs: number;
  /** Injected by tests. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const BATCH_RETRY: BatchRetry = {
  attempts: 8,
  baseBackoffMs: 50,
  maxBackoffMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** DynamoDB went on leaving part of a batch unprocessed (throttling) after every attempt. */
export class BatchIncompleteError extends Error {
  constructor(
    readonly operation: 'BatchGetItem' | 'BatchWriteItem',
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`DynamoDB left ${unprocessed} request(s) of a ${operation} unprocessed after ${attempts} attempts`);
    this.name = 'BatchIncompleteError';
  }
}

/**
 * Sends `requests` with `send`, which answers what was left unprocessed, then sends that again after a
 * backoff, until nothing is left; BatchIncompleteError once `retry.attempts` sends have left some.
 */
export async function sendUntilProcessed<T>(
  operation: BatchIncompleteError['operation'],
  requests: T[],
  send: (requests: T[]) => Promise<T[]>,
  retry: BatchRetry = BATCH_RETRY,
): Promise<void> {
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > retry.attempts) throw new BatchIncompleteError(operation, pending.length, retry.attempts);
    if (attempt > 1) {
      const ceiling = Math.min(retry.maxBackoffMs, retry.baseBackoffMs * 2 ** (attempt - 2));
      await retry.sleep(Math.floor(retry.random() * ceiling));
    }
    pending = await send(pending);
  }
}
