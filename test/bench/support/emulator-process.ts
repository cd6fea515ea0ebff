/**
 * The emulators (dynalite, s3rver behind the signature check) in a child process of their own, for the
 * benchmarks that measure a function's process (bench:coordinator runs them in its own process and shares
 * only the names and the environment): the emulators stand in for remote services, so their CPU
 * and memory must not count as the process's own. This module is the child's entry as well: forked with
 * BENCH_EMULATOR_DIR set, it runs the emulators until its parent says stop (or dies).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../../shared/config/names';

export const BENCH_TABLE_NAME = 'showcase';
export const BENCH_BUCKET_NAME = 'showcase-documents';
/** The only credentials s3rver knows; the handlers get the same (configureEnvironment). */
export const BENCH_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const CREDENTIALS = BENCH_CREDENTIALS;

export interface EmulatorEndpoints {
  dynamoEndpoint: string;
  s3Endpoint: string;
}

async function runEmulators(dataDir: string): Promise<void> {
  const { startEmulators } = await import('../../../infra/local/emulators');
  const emulators = await startEmulators({
    dataDir,
    tableName: BENCH_TABLE_NAME,
    bucketName: BENCH_BUCKET_NAME,
    credentials: CREDENTIALS,
  });
  process.send?.({ dynamoEndpoint: emulators.dynamoEndpoint, s3Endpoint: emulators.s3Endpoint });
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void emulators.stop().then(() => {
      process.send?.({ maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
    });
  });
  // A parent that dies without saying stop (V8 aborts it when it runs out of heap) must not leave the
  // emulators running: they would hold the data dir's LevelDB lock and the next run would fail on it.
  process.on('disconnect', () => {
    void emulators.stop().finally(() => process.exit(1));
  });
}

export function startEmulatorProcess(
  dataDir: string,
): Promise<{ child: ChildProcess; endpoints: EmulatorEndpoints }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_EMULATOR_DIR: dataDir },
    // `node --cpu-prof` on a bench profiles the emulators too (lambda-processes.ts does so for its processes).
    execArgv: ['--import', 'tsx', ...process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'))],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The emulator process exited with ${code}`)));
    child.once('message', (message) => resolve({ child, endpoints: message as EmulatorEndpoints }));
  });
}

/** Stops the emulators; resolves with their process's peak RSS in KiB, when it could say. */
export function stopEmulatorProcess(child: ChildProcess): Promise<number | undefined> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('message', (message) => resolve((message as { maxRssKb?: number }).maxRssKb));
    child.once('exit', () => resolve(undefined));
    child.send('stop');
  });
}

/** The environment local-stack.ts gives the handlers, pointed at the child's emulators. */
export function configureEnvironment(endpoints: EmulatorEndpoints): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'showcase',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [ENV.tableName]: BENCH_TABLE_NAME,
    [ENV.bucketName]: BENCH_BUCKET_NAME,
    [ENV.s3ForcePathStyle]: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

if (process.env.BENCH_EMULATOR_DIR && process.send && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runEmulators(process.env.BENCH_EMULATOR_DIR);
}
