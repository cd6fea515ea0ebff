/** The Lambda context a local invocation gets, in process (gateway.ts) or in a worker (lambda-worker.ts). */
import type { Context } from 'aws-lambda';
import type { FunctionName } from '../../shared/config/names';
import { FUNCTION_SIZING } from '../function-sizing';

export function lambdaContext(functionName: FunctionName, requestId: string): Context {
  // The same time limit the function has when deployed, so that code that watches it behaves alike.
  const deadline = Date.now() + FUNCTION_SIZING[functionName].timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(FUNCTION_SIZING[functionName].memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
