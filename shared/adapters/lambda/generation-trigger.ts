import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { GenerationRequest, GenerationTrigger } from '../../ports/summaries';

/**
 * Starts the aggregator with an asynchronous (`Event`) invocation: Lambda queues it, retries it and sends
 * a failed one to the on-failure destination. The endpoint comes from the SDK's configuration
 * (AWS_ENDPOINT_URL_LAMBDA locally, where the gateway implements the Invoke API).
 */
export class LambdaGenerationTrigger implements GenerationTrigger {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async start(request: GenerationRequest): Promise<void> {
    await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ source: 'api', ...request })),
      }),
    );
  }
}

export function createLambdaClient(): LambdaClient {
  return new LambdaClient({});
}
