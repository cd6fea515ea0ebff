/**
 * The whole local stack: emulators, configuration, gateway, the ADMIN_TOKEN, demo data. `npm start`
 * and the integration tests both start it through here, so the tests exercise what a newcomer runs.
 *
 * Everything the handlers need is passed the way a Lambda deployment passes it: environment variables.
 * The AWS SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, which is how the real clients reach the emulators
 * without any code under functions/ or shared/ knowing it runs locally.
 */
import { ENV } from '../../shared/config/names';
import { join } from 'node:path';
import { startEmulators } from './emulators';
import { hasEmailChannel, startSesEmulator, type SesEmulator } from './ses-emulator';
import type { DemoTokens } from './demo/load-demo';
import { startGateway, type GatewayOptions } from './gateway';
import { randomCredentials } from './sigv4';
import { staticFiles } from './static-files';
import { WEB_DIST } from './web-build';

export const LOCAL_TABLE_NAME = 'showcase';
export const LOCAL_BUCKET_NAME = 'showcase-documents';
export const GENERATOR_FUNCTION = 'generate-summary';
export const RENDER_BATCH_FUNCTION = 'render-batch';
/** The sender of local e-mail; in AWS it is the verified identity of the CDK context `sesFromAddress`. */
export const LOCAL_SES_FROM = 'showcase@localhost.localdomain';

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Registered as an admin token at start when given (32+ characters). */
  adminToken?: string;
  /** Load the demo data set (the caller decides: `npm start` does so on an empty data dir only). */
  demo?: boolean;
  /** Passed through as-is (CATALOG_FILE, ORG_NAME, TIME_ZONE, …). */
  environment?: Record<string, string | undefined>;
  onRequest?: GatewayOptions['onRequest'];
  /** Child processes for render batches (default: one per core). */
  batchProcesses?: GatewayOptions['batchProcesses'];
  /** Called after each render batch with its time and its process's peak RSS (the benchmarks). */
  onInvocation?: GatewayOptions['onInvocation'];
}

export interface LocalStack {
  url: string;
  /** The DynamoDB table (LOCAL_TABLE_NAME, or one per data dir with DYNAMODB_ENDPOINT). */
  tableName: string;
  /** Tokens of the demo data set, when the data dir holds it. */
  demoTokens?: DemoTokens;
  /** The local SES's endpoint, when an e-mail channel is configured (its inbox: GET <endpoint>/store). */
  sesEndpoint?: string;
  /** Resolves when background work (summary generations) has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // The SDK's own switch for its eight-line notice that future versions need Node.js 22; the README
  // says which versions this project supports. Set before the first client exists.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Fresh for each start: the local S3 and Lambda endpoints accept only requests signed with them.
  const credentials = randomCredentials();
  const emulators = await startEmulators({
    dataDir: options.dataDir,
    tableName: LOCAL_TABLE_NAME,
    bucketName: LOCAL_BUCKET_NAME,
    credentials,
    // Empty or unset: dynalite in process, with the data in the data dir.
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  });

  const channelsFile = options.environment?.[ENV.channelsFile] ?? process.env[ENV.channelsFile];
  let ses: SesEmulator | undefined;
  if (hasEmailChannel(channelsFile)) ses = await startSesEmulator();

  const gatewayPort = options.port;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    // Real credentials never reach a local run. DynamoDB emulators accept any.
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: emulators.s3Endpoint,
    // The emulator does not compute the newer default checksums; real S3 needs them only where required.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    POWERTOOLS_SERVICE_NAME: 'showcase',
    [ENV.tableName]: emulators.tableName,
    [ENV.bucketName]: LOCAL_BUCKET_NAME,
    [ENV.s3ForcePathStyle]: 'true',
    [ENV.generatorFunctionName]: GENERATOR_FUNCTION,
    [ENV.renderBatchFunctionName]: RENDER_BATCH_FUNCTION,
    [ENV.eventsFile]: join(options.dataDir, 'events.ndjson'),
    [ENV.sesFromAddress]: LOCAL_SES_FROM,
    ...(ses ? { AWS_ENDPOINT_URL_SESV2: ses.endpoint } : {}),
  });
  // A stack started earlier in the same process may have left its SES endpoint behind.
  if (!ses) delete process.env.AWS_ENDPOINT_URL_SESV2;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  for (const [name, value] of Object.entries(options.environment ?? {})) {
    if (value !== undefined) process.env[name] = value;
  }

  const gateway = await startGateway({
    port: gatewayPort,
    credentials,
    onRequest: options.onRequest,
    batchProcesses: options.batchProcesses,
    onInvocation: options.onInvocation,
    // The app as built; npm start and the browser tests build it first (infra/local/web-build.ts).
    staticFiles: staticFiles({ root: WEB_DIST, documentsOrigin: new URL(emulators.s3Endpoint).origin }),
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = gateway.invokeUrl;
  // Messages link to the web app, which the gateway serves locally, unless told otherwise.
  process.env[ENV.webAppUrl] = options.environment?.[ENV.webAppUrl] ?? gateway.url;

  // Imported only now (these read the configuration set above at module load), and after the handlers,
  // because jest's ESM loader cannot take concurrent imports of the same modules.
  await gateway.loaded;
  const { prepareLocalData } = await import('./local-data');
  const demoTokens = await prepareLocalData({
    dataDir: options.dataDir,
    adminToken: options.adminToken,
    demo: options.demo ?? false,
  });
  // Health answers 200 from here on: the ADMIN_TOKEN and the demo data are registered.
  gateway.markReady();

  return {
    url: gateway.url,
    tableName: emulators.tableName,
    demoTokens,
    ...(ses ? { sesEndpoint: ses.endpoint } : {}),
    idle: gateway.idle,
    async stop() {
      await gateway.close();
      await ses?.stop();
      await emulators.stop();
    },
  };
}
