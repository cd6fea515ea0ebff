/**
 * The EventBridge publisher against a real HTTP server on a free port that answers as EventBridge does
 * and checks each request's signature the way the local stand-ins of AWS do (infra/local/sigv4.ts).
 */
import type { ServerResponse } from 'node:http';
import {
  DYNAMODB_PROTOCOL,
  DynamoDbJsonClient,
  EVENTBRIDGE_PROTOCOL,
  regionalEndpoint,
} from '../../../../../shared/adapters/dynamodb/json-client';
import { EventBridgePublisher } from '../../../../../shared/adapters/events/publishers';
import type { IntegrationEvent } from '../../../../../shared/domain/events';
import { startSigningEndpoint, type FakeEndpoint, type SignedRequest } from '../../../support/fake-endpoint';

const credentials = { accessKeyId: 'AKIDTESTEVENTS', secretAccessKey: 'test-secret-key-events-0123' };

interface Received {
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
  signatureFault: string | undefined;
}

let server: FakeEndpoint;
let endpoint: string;
let answers: { status: number; body: unknown }[];
let received: Received[];

function answer(signed: SignedRequest, response: ServerResponse): void {
  received.push({
    target: signed.header('x-amz-target'),
    contentType: signed.header('content-type'),
    body: JSON.parse(signed.body.toString('utf8')) as unknown,
    signatureFault: signed.signatureFault,
  });
  const next = answers.shift() ?? { status: 500, body: { __type: 'NoAnswerLeft' } };
  response
    .writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1' })
    .end(JSON.stringify(next.body));
}

beforeAll(async () => {
  server = await startSigningEndpoint(credentials, 'events', answer);
  endpoint = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  answers = [];
  received = [];
});

function publisher() {
  const client = new DynamoDbJsonClient({
    protocol: EVENTBRIDGE_PROTOCOL,
    region: 'cn-northwest-1',
    endpoint,
    credentials: () => credentials,
    sleep: async () => undefined,
  });
  return new EventBridgePublisher(() => client, 'showcase-events');
}

const event = {
  type: 'ReportSubmitted',
  detail: { departmentId: 'qwb', week: '2023-W09', revision: 1 },
} as unknown as IntegrationEvent;
const at = new Date('2023-03-06T04:00:00.250Z');

describe('EventBridgePublisher', () => {
  test('It should send one signed PutEvents in the JSON protocol with the time in epoch seconds', async () => {
    answers = [{ status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } }];
    await publisher().publish(event, at);
    expect(received).toEqual([
      {
        target: 'AWSEvents.PutEvents',
        contentType: 'application/x-amz-json-1.1',
        signatureFault: undefined,
        body: {
          Entries: [
            {
              EventBusName: 'showcase-events',
              Source: expect.any(String),
              DetailType: 'ReportSubmitted',
              Detail: JSON.stringify(event.detail),
              Time: 1678075200.25,
            },
          ],
        },
      },
    ]);
  });

  test('It should fail when EventBridge refuses the entry, naming its error code', async () => {
    answers = [{ status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] } }];
    await expect(publisher().publish(event, at)).rejects.toThrow(
      'EventBridge refused the ReportSubmitted event: InternalFailure',
    );
  });

  test('It should name the service and the error type when the call fails', async () => {
    answers = [{ status: 400, body: { __type: 'ResourceNotFoundException', message: 'no such bus' } }];
    const error = (await publisher()
      .publish(event, at)
      .catch((caught: unknown) => caught)) as Error;
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe(
      'EventBridge PutEvents failed after 1 attempt: ResourceNotFoundException (HTTP 400)',
    );
    expect(error.message).not.toContain('no such bus');
  });

  test("It should address each service's own regional endpoint", () => {
    expect(regionalEndpoint('cn-northwest-1', EVENTBRIDGE_PROTOCOL.service)).toBe(
      'https://events.cn-northwest-1.amazonaws.com.cn',
    );
    expect(regionalEndpoint('us-east-1', DYNAMODB_PROTOCOL.service)).toBe(
      'https://dynamodb.us-east-1.amazonaws.com',
    );
  });
});
