/**
 * The notification channels' secret read through Powertools' provider on the light client, against a
 * real HTTP server on a free port that answers as Secrets Manager does and checks each request's
 * signature for the `secretsmanager` service (infra/local/sigv4.ts). The SDK's SecretsManagerClient is
 * sent to the same server for the same secret, so the request it would have made is the one held to.
 */
import type { ServerResponse } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterError } from '@aws-lambda-powertools/parameters/errors';
import {
  DynamoDbJsonClient,
  SECRETS_MANAGER_PROTOCOL,
} from '../../../../../shared/adapters/dynamodb/json-client';
import {
  LightSecretsProvider,
  secretsManagerClient,
} from '../../../../../shared/adapters/secrets/light-secrets-provider';
import { SecretChannelDirectory } from '../../../../../shared/adapters/notifications/channel-directory';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTSECRETSREAD', secretAccessKey: 'test-secret-key-secrets-0123' };
const SECRET = 'showcase/prod/channels';
const channels = {
  channels: [
    { id: 'wecom', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1' },
    { id: 'mail', type: 'email' },
  ],
};

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  target: string | undefined;
  body: string;
  signatureFault: string | undefined;
}

type Answer = { status: number; body: unknown };

let server: FakeEndpoint;
let answers: Answer[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse) {
  const next = answers.shift() ?? { status: 500, body: { __type: 'NoAnswerLeft' } };
  received.push({
    method: signed.method,
    url: signed.url,
    contentType: signed.header('content-type'),
    target: signed.header('x-amz-target'),
    body: signed.body.toString('utf8'),
    signatureFault: signed.signatureFault,
  });
  response
    .writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1' })
    .end(JSON.stringify(next.body));
}

const found = (value: { SecretString?: string; SecretBinary?: string }): Answer => ({
  status: 200,
  body: {
    ARN: `arn:aws:secretsmanager:eu-central-1:123456789012:secret:${SECRET}-AbCdEf`,
    Name: SECRET,
    ...value,
  },
});

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 'secretsmanager', answer);
});

afterAll(() => server.close());

beforeEach(() => {
  answers = [];
  received = [];
});

function provider() {
  const client = new DynamoDbJsonClient({
    protocol: SECRETS_MANAGER_PROTOCOL,
    region: 'eu-central-1',
    endpoint: server.url,
    credentials: () => credentials,
    sleep: async () => undefined,
  });
  return new LightSecretsProvider(() => client);
}

describe('LightSecretsProvider', () => {
  test('It should send the request the SDK’s SecretsManagerClient sends for the same secret', async () => {
    answers = [found({ SecretString: 'x' }), found({ SecretString: 'x' })];
    const sdk = new SecretsManagerClient({ region: 'eu-central-1', endpoint: server.url, credentials });
    await sdk.send(new GetSecretValueCommand({ SecretId: SECRET }));
    await provider().get(SECRET);

    expect(received).toHaveLength(2);
    const [fromSdk, fromProvider] = received as [Received, Received];
    expect(fromSdk).toMatchObject({
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: SECRET }),
      signatureFault: undefined,
    });
    expect(fromProvider).toEqual(fromSdk);
  });

  test('It should give the secret’s string, parsed by Powertools’ json transform, and keep it for maxAge', async () => {
    answers = [found({ SecretString: JSON.stringify(channels) })];
    const secrets = provider();
    expect(await secrets.get(SECRET, { transform: 'json', maxAge: 300 })).toEqual(channels);
    expect(await secrets.get(SECRET, { transform: 'json', maxAge: 300 })).toEqual(channels);
    expect(received).toHaveLength(1);
  });

  test('It should give a binary secret as bytes, as the SDK decodes it', async () => {
    answers = [found({ SecretBinary: Buffer.from(JSON.stringify(channels)).toString('base64') })];
    const value = await provider().get(SECRET);
    expect(value).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(Buffer.from(value as Uint8Array).toString('utf8'))).toEqual(channels);
  });

  test('It should fail as Powertools does, wrapping Secrets Manager’s error named by its type', async () => {
    answers = [
      {
        status: 400,
        body: {
          __type: 'ResourceNotFoundException',
          Message: "Secrets Manager can't find the specified secret.",
        },
      },
    ];
    const error = (await provider()
      .get(SECRET)
      .catch((e: unknown) => e)) as GetParameterError;
    expect(error).toBeInstanceOf(GetParameterError);
    expect((error.cause as Error).name).toBe('ResourceNotFoundException');
    expect(received).toHaveLength(1);
  });
});

describe('SecretChannelDirectory on the light provider', () => {
  test('It should list the channels configured in the secret', async () => {
    answers = [found({ SecretString: JSON.stringify(channels) })];
    const listed = await new SecretChannelDirectory(SECRET, provider()).list();
    expect(listed.map((channel) => channel.id)).toEqual(['wecom', 'mail']);
  });
});

describe('secretsManagerClient', () => {
  test("It should take AWS_ENDPOINT_URL_SECRETS_MANAGER, as the SDK does, and the environment's credentials", async () => {
    answers = [found({ SecretString: '{}' })];
    const env = {
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    };
    expect(
      await new LightSecretsProvider(secretsManagerClient(env)).get(SECRET, { transform: 'json' }),
    ).toEqual({});
    expect(received).toHaveLength(1);
    expect(received[0]!.signatureFault).toBeUndefined();
  });
});
