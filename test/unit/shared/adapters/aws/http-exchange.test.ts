import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AttemptFailure,
  GaveUp,
  exchange,
  noAnswer,
  refusal,
  retrying,
  type RetryPolicy,
} from '../../../../../shared/adapters/aws/http-exchange';

function policy(waits: number[]): RetryPolicy {
  return {
    maxAttempts: 3,
    baseBackoffMs: 100,
    maxBackoffMs: 150,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
}

describe('retrying', () => {
  it('should try again after a retryable failure, waiting half of a doubling ceiling capped at its maximum', async () => {
    const waits: number[] = [];
    const outcomes = [
      new AttemptFailure('SlowDown', 503, true),
      new AttemptFailure('SlowDown', 503, true),
      'done',
    ];
    expect(await retrying(policy(waits), async () => outcomes.shift()!)).toBe('done');
    // random() = 0.5: half of 100, then half of min(150, 200).
    expect(waits).toEqual([50, 75]);
  });

  it('should give up at once on a failure retrying cannot help, and after the last attempt otherwise', async () => {
    const refused = await retrying(policy([]), async () => new AttemptFailure('AccessDenied', 403, false));
    expect(refused).toEqual(new GaveUp(new AttemptFailure('AccessDenied', 403, false), 1));
    let calls = 0;
    const exhausted = await retrying(policy([]), async () => {
      calls += 1;
      return new AttemptFailure('Timeout', undefined, true);
    });
    expect(exhausted).toEqual(new GaveUp(new AttemptFailure('Timeout', undefined, true), 3));
    expect(calls).toBe(3);
  });

  it('should stop before an attempt when the caller says so', async () => {
    let calls = 0;
    const stopped = retrying(
      policy([]),
      async () => {
        calls += 1;
        return new AttemptFailure('Timeout', undefined, true);
      },
      () => {
        if (calls === 1) throw new Error('out of time');
      },
    );
    await expect(stopped).rejects.toThrow('out of time');
    expect(calls).toBe(1);
  });
});

describe('the outcome of an attempt', () => {
  it('should call a missing answer a timeout or a network error, retryable, and show nothing of it', () => {
    expect(noAnswer(Object.assign(new Error('secret detail'), { name: 'TimeoutError' }))).toEqual(
      new AttemptFailure('Timeout', undefined, true),
    );
    expect(noAnswer(new Error('ECONNRESET secret detail'))).toEqual(
      new AttemptFailure('NetworkError', undefined, true),
    );
  });

  it('should retry a refusal on 5xx, 429 or a listed type only', () => {
    const listed = new Set(['SlowDown']);
    expect(refusal('InternalError', 500, listed).retryable).toBe(true);
    expect(refusal('TooMany', 429, listed).retryable).toBe(true);
    expect(refusal('SlowDown', 400, listed).retryable).toBe(true);
    expect(refusal('AccessDenied', 403, listed).retryable).toBe(false);
  });
});

describe('exchange', () => {
  let server: Server;
  let url: URL;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/cut') {
        response.writeHead(200, { 'content-length': '100' });
        response.write('partial');
        setTimeout(() => response.destroy(), 10);
        return;
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        response.writeHead(201, { 'x-echo': request.method ?? '' });
        response.end(`${request.url} ${body}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('should send the body to the path given and read the whole answer', async () => {
    const answer = await exchange(
      url,
      { method: 'PUT', path: '/a%2Fb?x-id=PutObject', headers: {}, signal: AbortSignal.timeout(5000) },
      'hello',
    );
    expect(answer.status).toBe(201);
    expect(answer.headers['x-echo']).toBe('PUT');
    expect(answer.body.toString('utf8')).toBe('/a%2Fb?x-id=PutObject hello');
  });

  it('should reject an answer cut off before its end', async () => {
    await expect(
      exchange(new URL('/cut', url), { method: 'GET', headers: {}, signal: AbortSignal.timeout(5000) }, ''),
    ).rejects.toThrow();
  });
});
