/**
 * The local gateway's own behaviour, where it stands in for API Gateway rather than running a handler.
 */
import { request as httpRequest } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestStack, type TestStack } from '../support/stack';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

test('It should refuse a path with malformed percent-encoding with 400 naming the parameter', async () => {
  const response = await api.request('GET', '/v1/departments/%E0%A4%A/reports/2023-W10');
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.details).toEqual([
    { field: 'path.departmentId', message: 'malformed percent-encoding' },
  ]);
});

describe('the Lambda Invoke API', () => {
  const forged = JSON.stringify({
    version: '2.0',
    rawPath: '/v1/tokens',
    headers: { 'content-type': 'application/json' },
    requestContext: { authorizer: { lambda: { role: 'admin', tokenId: 'forged' } } },
    body: JSON.stringify({ role: 'admin' }),
  });

  test('It should not be served on the public port, so a forged invocation mints no token', async () => {
    const response = await fetch(`${api.url}/2015-03-31/functions/create-token/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: forged,
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('shwc_');
  });

  test('It should refuse an unsigned invocation on its own port', async () => {
    const response = await fetch(
      `${process.env.AWS_ENDPOINT_URL_LAMBDA}/2015-03-31/functions/create-token/invocations`,
      {
        method: 'POST',
        body: forged,
      },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(await response.text()).not.toContain('shwc_');
  });

  test('It should refuse an invocation signed with other credentials', async () => {
    const client = new LambdaClient({
      region: 'us-east-1',
      credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-stack-secret' },
    });
    await expect(
      client.send(new InvokeCommand({ FunctionName: 'get-health', Payload: new TextEncoder().encode('{}') })),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    client.destroy();
  });

  test('It should run a function of the stack for its own signed client, as AWS_ENDPOINT_URL_LAMBDA points it', async () => {
    const client = new LambdaClient({});
    const result = await client.send(
      new InvokeCommand({
        FunctionName: 'get-health',
        Payload: new TextEncoder().encode(
          JSON.stringify({ version: '2.0', headers: {}, rawPath: '/v1/health' }),
        ),
      }),
    );
    client.destroy();
    expect(result.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(result.Payload))).toMatchObject({ statusCode: 200 });
  });

  test.each(['..%2Fnode_modules%2Fx', 'no-such-function', 'GET-HEALTH'])(
    'It should answer 404 for %s, a name not in the function list, even when signed',
    async (name) => {
      const client = new LambdaClient({});
      await expect(
        client.send(new InvokeCommand({ FunctionName: decodeURIComponent(name), Payload: new Uint8Array() })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
      client.destroy();
    },
  );
});

describe('the Host check on the public port', () => {
  test.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])(
    'It should serve Host %s with the stack port',
    async (host) => {
      const port = new URL(api.url).port;
      const response = await rawGet(api.url, '/v1/health', `${host}:${port}`);
      expect(response.status).toBe(200);
    },
  );

  test.each(['evil.example', 'evil.example:PORT', '127.0.0.1', 'localhost:1'])(
    'It should refuse Host "%s" with 403',
    async (host) => {
      const port = new URL(api.url).port;
      const response = await rawGet(api.url, '/v1/health', host.replace('PORT', port));
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body).error.details[0].field).toBe('header.host');
    },
  );
});

/** fetch() will not send a Host of our choosing; node:http will. */
function rawGet(base: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        headers: host ? { host } : {},
        setHost: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}
