import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
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
