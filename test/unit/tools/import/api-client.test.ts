import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, describeFailure } from '../../../../tools/import/api-client';

let server: Server;
let url: string;
let answers: number[] = [];
let seen: { method?: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method, authorization: request.headers.authorization, body });
      const status = answers.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        status === 400
          ? JSON.stringify({
              error: {
                code: 'validation_failed',
                message: 'Invalid',
                details: [{ field: 'body.items', message: 'bad' }],
              },
            })
          : JSON.stringify({ status }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  answers = [];
  seen = [];
});

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

describe('ApiClient', () => {
  it('retries throttling and server errors with the same request until it lands', async () => {
    answers = [429, 503, 200];
    const client = new ApiClient(url, 'secret', fast);
    const response = await client.request('PUT', '/v1/x', { a: 1 });
    expect(response).toEqual({ status: 200, body: { status: 200 }, text: '{"status":200}' });
    expect(client.retries).toBe(2);
    expect(seen).toEqual(Array(3).fill({ method: 'PUT', authorization: 'Bearer secret', body: '{"a":1}' }));
  });

  it('gives up after the last attempt and returns the last answer', async () => {
    answers = [500, 500, 500, 500, 200];
    const response = await new ApiClient(url, 'secret', fast).request('GET', '/v1/x');
    expect(response.status).toBe(500);
    expect(seen).toHaveLength(4);
  });

  it('does not retry a client error, and describes it with its details', async () => {
    answers = [400];
    const response = await new ApiClient(url, 'secret', fast).request('PUT', '/v1/x', {});
    expect(seen).toHaveLength(1);
    expect(describeFailure(response)).toBe('HTTP 400 validation_failed: Invalid (body.items: bad)');
  });

  it('retries a refused connection, then says what failed', async () => {
    const client = new ApiClient('http://127.0.0.1:1', 'secret', fast);
    await expect(client.request('GET', '/v1/x')).rejects.toThrow('GET http://127.0.0.1:1/v1/x: fetch failed');
    expect(client.retries).toBe(3);
  });
});
