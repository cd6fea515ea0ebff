import {
  BatchIncompleteError,
  sendUntilProcessed,
  type BatchRetry,
} from '../../../../../shared/adapters/dynamodb/batch-retry';

describe('sendUntilProcessed', () => {
  const waits: number[] = [];
  const retry: BatchRetry = {
    attempts: 6,
    baseBackoffMs: 50,
    maxBackoffMs: 300,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
  beforeEach(() => {
    waits.length = 0;
  });

  it('should send once, with no wait, when everything is processed', async () => {
    const sent: string[][] = [];
    await sendUntilProcessed(
      'BatchGetItem',
      ['a', 'b'],
      async (requests) => (sent.push(requests), []),
      retry,
    );
    expect(sent).toEqual([['a', 'b']]);
    expect(waits).toEqual([]);
  });

  it('should send what was left unprocessed again, after a jittered backoff that doubles up to its ceiling', async () => {
    const sent: string[][] = [];
    const left = [['b', 'c'], ['c'], ['c'], ['c'], []];
    await sendUntilProcessed(
      'BatchWriteItem',
      ['a', 'b', 'c'],
      async (requests) => {
        sent.push(requests);
        return left.shift()!;
      },
      retry,
    );
    expect(sent).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c'], ['c'], ['c']]);
    // Half of 50, 100, 200, then of the 300 ceiling.
    expect(waits).toEqual([25, 50, 100, 150]);
  });

  it('should throw, naming what is left, once every attempt has left some unprocessed', async () => {
    let sends = 0;
    const error = await sendUntilProcessed(
      'BatchGetItem',
      ['a', 'b'],
      async () => (sends++, ['b']),
      retry,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchIncompleteError);
    expect(error).toMatchObject({ operation: 'BatchGetItem', unprocessed: 1, attempts: 6 });
    expect(sends).toBe(6);
  });
});
