// The process `npm run bench:cold` times: what a Lambda runtime does on a cold start, and nothing more.
// It imports one bundle, runs its handler once on the event given as argv[3], reports its own clock on
// file descriptor 3 (stdout is the function's log, as on Lambda) and exits at once, as Lambda freezes
// the environment after the response instead of waiting for open sockets to close.
// Plain JavaScript on purpose: a TypeScript loader would be measured along with the function.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [, , modulePath, eventJson, functionName, timeoutSeconds] = process.argv;
const event = JSON.parse(eventJson);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
  awsRequestId: 'cold-bench',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'cold-bench',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

try {
  const { handler } = await import(pathToFileURL(modulePath).href);
  const initMs = performance.now();
  const initCpu = process.cpuUsage();
  const result = await handler(event, context);
  const totalMs = performance.now();
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const initCpuMs = (initCpu.user + initCpu.system) / 1000;
  writeSync(3, JSON.stringify({ initMs, totalMs, cpuMs, initCpuMs, result }));
  process.exit(0);
} catch (error) {
  writeSync(3, JSON.stringify({ error: String(error?.stack ?? error) }));
  process.exit(1);
}
