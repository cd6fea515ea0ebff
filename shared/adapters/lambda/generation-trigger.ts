import type { GenerationRequest, GenerationTrigger } from '../../ports/summaries';
import {
  dynamoDbJsonClientFromEnvironment,
  LAMBDA_PROTOCOL,
  type DynamoDbJsonClient,
} from '../dynamodb/json-client';

/**
 * Starts the aggregator with an asynchronous (`Event`) invocation: Lambda queues it, retries it and sends
 * a failed one to the on-failure destination.
 *
 * Sent as Lambda's REST call (POST /2015-03-31/functions/{name}/invocations with
 * X-Amz-Invocation-Type: Event, answered 202) through the light client that the API functions use for
 * DynamoDB: same signer, credentials from the environment, retries on throttling (429), 5xx and network
 * failures. Why not the SDK's LambdaClient: it was request-summary's last SDK client, and a client's
 * load and first request cost about a hello world's start on its own (README "Cold start"). The
 * endpoint is AWS_ENDPOINT_URL_LAMBDA (the local stack's Invoke API) or the regional one.
 */
export class LambdaGenerationTrigger implements GenerationTrigger {
  constructor(
    private readonly client: () => DynamoDbJsonClient,
    private readonly functionName: string,
  ) {}

  async start(request: GenerationRequest): Promise<void> {
    await this.client().request('Invoke', {
      path: `/2015-03-31/functions/${encodeURIComponent(this.functionName)}/invocations`,
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' },
      body: JSON.stringify({ source: 'api', ...request }),
      expectStatus: 202,
    });
  }
}

/** The light client for Lambda, reading its environment on the first invocation. */
export function lambdaInvokeClient(env: NodeJS.ProcessEnv = process.env): () => DynamoDbJsonClient {
  // Invoke of an Event answers once queued; 3 s per attempt as the API functions' DynamoDB calls.
  return dynamoDbJsonClientFromEnvironment(env, { protocol: LAMBDA_PROTOCOL, attemptTimeoutMs: 3000 });
}
