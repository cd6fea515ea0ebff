import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { BatchDispatcher, BatchRequest } from '../../ports/summaries';

/**
 * Starts one render batch with an asynchronous (`Event`) invocation of the render-batch function: Lambda
 * queues it and runs as many at once as the function's reserved concurrency allows. Locally the endpoint
 * is the gateway's Invoke API (AWS_ENDPOINT_URL_LAMBDA), so the same code path runs there.
 */
export class LambdaBatchDispatcher implements BatchDispatcher {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async dispatch(request: BatchRequest): Promise<void> {
    await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
  }
}

/**
 * The SDK's Lambda client, for the generator's batch invocations: the generator loads the SDK for S3
 * anyway and nobody waits for its start (the API functions invoke through the light client instead).
 * The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_LAMBDA locally).
 */
export function createLambdaClient(): LambdaClient {
  return new LambdaClient({});
}
