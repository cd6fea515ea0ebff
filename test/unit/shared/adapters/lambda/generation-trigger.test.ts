/**
 * The generation trigger's Invoke through the light client, against a real HTTP server on a free port
 * that answers as Lambda's Invoke API does and checks each request's signature for the `lambda` service
 * the way the local stack's Invoke API does (infra/local/sigv4.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDbJsonClient, LAMBDA_PROTOCOL } from '../../../../../shared/adapters/dynamodb/json-client';
import {
  lambdaInvokeClient,
  LambdaGenerationTrigger,
} from '../../../../../shared/adapters/lambda/generation-trigger';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTLAMBDAINVOKE', secretAccessKey: 'test-secret-key-lambda-0123' };

interface Received {
  method: string;
  url: string;
  invocationType: string | undefined;
  sessionToken: string | undefined;
  body: unknown;
  signatureFault: string | undefined;
}

type Answer = { status: number; errorType?: string } | 'reset';

let server: FakeEndpoint;
let endpoint: string;
let answers: Answer[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse, request: IncomingMessage) {
  const next = answers.shift() ?? { status: 500, errorType: 'NoAnswerLeft' };
  received.push({
    method: signed.method,
    url: signed.url,
    invocationType: signed.header('x-amz-invocation-type'),
    sessionToken: signed.header('x-amz-security-token'),
    body: JSON.parse(signed.body.toString('utf8')) as unknown,
    signatureFault: signed.signatureFault,
  });
  if (next === 'reset') {
    request.socket.destroy();
    return;
  }
  response
    .writeHead(next.status, {
      'content-type': 'application/json',
      ...(next.errorType ? { 'x-amzn-errortype': `${next.errorType}:http://internal.amazon.com/` } : {}),
    })
    .end(next.errorType ? JSON.stringify({ Type: 'User', message: 'secret detail of the service' }) : '');
}

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 'lambda', answer);
  endpoint = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  answers = [];
  received = [];
});

const sleeps: number[] = [];
function trigger(functionName = 'showcase-generate-summary') {
  sleeps.length = 0;
  const client = new DynamoDbJsonClient({
    protocol: LAMBDA_PROTOCOL,
    region: 'eu-central-1',
    endpoint,
    credentials: () => ({ ...credentials, sessionToken: 'role-session' }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return new LambdaGenerationTrigger(() => client, functionName);
}

const request = { scope: 'district', period: '2023-H1', generationId: 'g-1' } as never;

describe('LambdaGenerationTrigger', () => {
  test('It should send one signed Event invocation to the function and accept 202', async () => {
    answers = [{ status: 202 }];
    await trigger().start(request);
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/2015-03-31/functions/showcase-generate-summary/invocations',
        invocationType: 'Event',
        sessionToken: 'role-session',
        body: { source: 'api', scope: 'district', period: '2023-H1', generationId: 'g-1' },
        signatureFault: undefined,
      },
    ]);
  });

  test('It should retry throttling and 5xx with backoff and then succeed', async () => {
    answers = [{ status: 429, errorType: 'TooManyRequestsException' }, { status: 503 }, { status: 202 }];
    await trigger().start(request);
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([25, 50]);
  });

  test('It should retry a reset connection', async () => {
    answers = ['reset', { status: 202 }];
    await trigger().start(request);
    expect(received).toHaveLength(2);
  });

  test("It should fail at once on a client error, named by Lambda's error type and without the body", async () => {
    answers = [{ status: 404, errorType: 'ResourceNotFoundException' }];
    const error = (await trigger('missing')
      .start(request)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe('Lambda Invoke failed after 1 attempt: ResourceNotFoundException (HTTP 404)');
    expect(error.message).not.toContain('secret');
    expect(received).toHaveLength(1);
  });

  test('It should not take a synchronous 200 for a queued invocation', async () => {
    answers = [{ status: 200 }];
    await expect(trigger().start(request)).rejects.toThrow('Lambda Invoke failed after 1 attempt');
  });

  test('It should give up after three attempts of 5xx', async () => {
    answers = [{ status: 500, errorType: 'ServiceException' }, { status: 500 }, { status: 500 }];
    await expect(trigger().start(request)).rejects.toMatchObject({ name: 'UnknownError', status: 500 });
    expect(received).toHaveLength(3);
  });

  test('It should escape the function name in the path', async () => {
    answers = [{ status: 202 }];
    await trigger('arn:aws:lambda:eu-central-1:123456789012:function:gen').start(request);
    expect(received[0]!.url).toBe(
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-central-1%3A123456789012%3Afunction%3Agen/invocations',
    );
    expect(received[0]!.signatureFault).toBeUndefined();
  });
});

describe('lambdaInvokeClient', () => {
  test("It should take AWS_ENDPOINT_URL_LAMBDA and the environment's credentials", async () => {
    answers = [{ status: 202 }];
    const env = {
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_LAMBDA: endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    };
    await new LambdaGenerationTrigger(lambdaInvokeClient(env), 'gen').start(request);
    expect(received).toHaveLength(1);
    expect(received[0]!.signatureFault).toBeUndefined();
    expect(received[0]!.sessionToken).toBeUndefined();
  });
});
