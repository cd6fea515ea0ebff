/**
 * E-mail through SES v2's SendEmail on the light client, against a real HTTP server on a free port that
 * answers as SES does and checks each request's signature for the `ses` service the way the local
 * stack's stand-ins do (infra/local/sigv4.ts). The SDK's own SESv2Client is sent to the same server with
 * the same input, so the request it would have made is the one this sender is held to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbJsonClient, SES_PROTOCOL } from '../../../../../shared/adapters/dynamodb/json-client';
import { SesEmailSender, sesClient } from '../../../../../shared/adapters/notifications/ses-email-sender';
import { DeliveryError, isAbort } from '../../../../../shared/ports/notifications';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTSESSENDMAIL', secretAccessKey: 'test-secret-key-ses-0123456' };
const FROM = 'noreply@example.gov.cn';
const message = {
  to: 'zzb@example.gov.cn',
  subject: '提醒：2023-W10 周报尚未提交',
  text: '区委组织部：请于 3 月 13 日 09:00 前提交 2023-W10 的周报。\nhttps://showcase.example.gov.cn/?period=2023-W10',
};

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  sessionToken: string | undefined;
  body: string;
  signatureFault: string | undefined;
}

type Answer = { status: number; errorType?: string; body?: unknown; delayMs?: number } | 'reset';

let server: FakeEndpoint;
let answers: Answer[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse, request: IncomingMessage) {
  const next = answers.shift() ?? { status: 500, errorType: 'NoAnswerLeft' };
  received.push({
    method: signed.method,
    url: signed.url,
    contentType: signed.header('content-type'),
    sessionToken: signed.header('x-amz-security-token'),
    body: signed.body.toString('utf8'),
    signatureFault: signed.signatureFault,
  });
  if (next === 'reset') {
    request.socket.destroy();
    return;
  }
  const reply = () =>
    response
      .writeHead(next.status, {
        'content-type': 'application/json',
        ...(next.errorType ? { 'x-amzn-errortype': `${next.errorType}:http://internal.amazon.com/` } : {}),
      })
      .end(
        JSON.stringify(
          next.body ??
            (next.status === 200 ? { MessageId: 'm-1' } : { message: 'secret detail zzb@example.gov.cn' }),
        ),
      );
  if (next.delayMs) setTimeout(reply, next.delayMs).unref();
  else reply();
}

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 'ses', answer);
});

afterAll(() => server.close());

beforeEach(() => {
  answers = [];
  received = [];
});

const sleeps: number[] = [];
function sender(from: string | undefined) {
  sleeps.length = 0;
  const client = new DynamoDbJsonClient({
    protocol: SES_PROTOCOL,
    region: 'eu-central-1',
    endpoint: server.url,
    credentials: () => ({ ...credentials, sessionToken: 'role-session' }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return new SesEmailSender(() => client, from);
}

const noLimit = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('SesEmailSender', () => {
  test('It should send the request the SDK’s SESv2Client sends for the same e-mail: method, path, content type, body byte for byte', async () => {
    answers = [{ status: 200 }, { status: 200 }];
    const sdk = new SESv2Client({
      region: 'eu-central-1',
      endpoint: server.url,
      credentials: { ...credentials, sessionToken: 'role-session' },
    });
    await sdk.send(
      new SendEmailCommand({
        FromEmailAddress: FROM,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    await sender(FROM).send(message, noLimit());

    expect(received).toHaveLength(2);
    const [fromSdk, fromSender] = received as [Received, Received];
    expect(fromSdk.signatureFault).toBeUndefined();
    expect(fromSdk.url).toBe('/v2/email/outbound-emails');
    expect(JSON.parse(fromSdk.body)).toMatchObject({ FromEmailAddress: FROM });
    expect(fromSender).toEqual({ ...fromSdk, signatureFault: undefined });
    expect(fromSender.sessionToken).toBe('role-session');
  });

  test('It should address the regional endpoint the SDK resolves, in the aws and aws-cn partitions', async () => {
    for (const [region, host] of [
      ['eu-central-1', 'email.eu-central-1.amazonaws.com'],
      ['cn-northwest-1', 'email.cn-northwest-1.amazonaws.com.cn'],
    ] as const) {
      let sdkHost: string | undefined;
      const sdk = new SESv2Client({
        region,
        credentials,
        requestHandler: {
          handle: async (request: { hostname: string }) => {
            sdkHost = request.hostname;
            throw Object.assign(new Error('captured'), { name: 'Captured', $retryable: undefined });
          },
        } as never,
        maxAttempts: 1,
      });
      await failure(
        sdk.send(new SendEmailCommand({ FromEmailAddress: FROM, Content: { Simple: {} as never } })),
      );
      expect([region, sdkHost]).toEqual([region, host]);

      const client = new DynamoDbJsonClient({
        protocol: SES_PROTOCOL,
        region,
        credentials: () => credentials,
        maxAttempts: 1,
      });
      expect(new URL(client.endpoint).host).toBe(host);
    }
  });

  test('It should retry throttling and 5xx with backoff and then succeed', async () => {
    answers = [{ status: 429, errorType: 'TooManyRequestsException' }, { status: 503 }, { status: 200 }];
    await sender(FROM).send(message, noLimit());
    expect(received).toHaveLength(3);
    expect(received.every((request) => request.signatureFault === undefined)).toBe(true);
    expect(sleeps).toEqual([25, 50]);
  });

  test('It should retry a reset connection', async () => {
    answers = ['reset', { status: 200 }];
    await sender(FROM).send(message, noLimit());
    expect(received).toHaveLength(2);
  });

  test('It should fail at once on a rejected message, not to be retried, named by SES’s error type and without its text', async () => {
    answers = [{ status: 400, errorType: 'MessageRejected' }];
    const error = await failure(sender(FROM).send(message, noLimit()));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      message: 'SES did not accept the e-mail (MessageRejected)',
      retryable: false,
    });
    expect((error as Error).message).not.toContain('zzb@');
    expect(received).toHaveLength(1);
  });

  test('It should name the error from the body’s code when SES sends no error-type header', async () => {
    answers = [{ status: 400, body: { code: 'BadRequestException', message: 'detail' } }];
    const error = await failure(sender(FROM).send(message, noLimit()));
    expect(error).toMatchObject({
      message: 'SES did not accept the e-mail (BadRequestException)',
      retryable: false,
    });
  });

  test('It should give up after three attempts of 5xx and leave the delivery to be retried', async () => {
    answers = [{ status: 500, errorType: 'InternalFailure' }, { status: 500 }, { status: 500 }];
    const error = await failure(sender(FROM).send(message, noLimit()));
    expect(error).toMatchObject({ message: 'SES did not accept the e-mail (UnknownError)', retryable: true });
    expect(received).toHaveLength(3);
  });

  test('It should stop when the caller’s time is up, with the abort and without another attempt', async () => {
    answers = [{ status: 200, delayMs: 2_000 }, { status: 200 }];
    const error = await failure(sender(FROM).send(message, AbortSignal.timeout(100)));
    expect(isAbort(error)).toBe(true);
    expect(error).not.toBeInstanceOf(DeliveryError);
    expect(received).toHaveLength(1);
  });

  test('It should send nothing when no sender address is configured', async () => {
    const error = await failure(sender(undefined).send(message, noLimit()));
    expect(error).toMatchObject({ message: 'no sender address is configured for e-mail', retryable: false });
    expect(received).toEqual([]);
  });
});

describe('sesClient', () => {
  test("It should take AWS_ENDPOINT_URL_SESV2, as the SDK does, and the environment's credentials", async () => {
    answers = [{ status: 200 }];
    const env = {
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_SESV2: server.url,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    };
    await new SesEmailSender(sesClient(env), FROM).send(message, noLimit());
    expect(received).toHaveLength(1);
    expect(received[0]!.signatureFault).toBeUndefined();
    expect(received[0]!.sessionToken).toBeUndefined();
  });
});
