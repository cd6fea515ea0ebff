/**
 * The cold-start benchmark (`npm run bench:cold`): what a user waits for when no warm Lambda
 * environment is left, which in a district's traffic is nearly every request.
 *
 * 1. Synthesizes the CDK app once into a temporary cloud assembly, so every bundle is exactly the one
 *    `cdk synth` builds and deploys (same construct, same esbuild options, same catalog.json beside
 *    it), and reads each function's environment from the same synthesis.
 * 2. Starts the local emulators with the demo data set, plus fixtures the scenarios need.
 * 3. Per round, in a shuffled order, starts a fresh `node` per function that imports the bundle and
 *    runs its handler once on a representative event (init + first invoke), each between two runs of
 *    a hello-world module through the same runner; the function's ratio in that round is its wall time
 *    over the mean of the two hello-world runs around it. The ratio's median over the rounds is what
 *    the targets judge: the machine is shared, and absolute times move with its load.
 *
 * Prints per function the median ratio, wall time, in-process init and first-invoke times and the
 * bundle size, with the machine and its load, and exits non-zero when a target is missed, when a
 * handler answers anything but what its scenario expects, or when a function has no scenario.
 *
 * Two reference rows follow the functions, bundled with the same settings and judged by no target:
 * the SDK's DynamoDB client with one GetItem and nothing else (the least an SDK function can cost),
 * and the same GetItem through the authorizer's light client (test/bench/cold-reference/).
 *
 * Options: `--rounds N` (default 9), `--only name,name` (a subset, for working on one function;
 * the reference rows are measured only without it), `--cpu-prof DIR` (a V8 CPU profile of every
 * measured cold start, for `tsx test/bench/cold-profile.ts DIR`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { buildApp } from '../../infra/app-builder';
import { BUNDLE_ALIASES, BUNDLING } from '../../infra/constructs/showcase-function';
import { FUNCTION_SIZING } from '../../infra/function-sizing';
import {
  GENERATOR_FUNCTION,
  LOCAL_BUCKET_NAME,
  RENDER_BATCH_FUNCTION,
  startLocalStack,
} from '../../infra/local/local-stack';
import { ENV, FUNCTION_NAMES, type FunctionName } from '../../shared/config/names';
import { routes } from '../../functions/routes';
import { cdkJsonContext } from '../infra/helpers';
import { median } from './support/measure';

const TARGETS = { api: 2.5, authorizer: 2 };
const RUNNER = fileURLToPath(new URL('./cold-runner.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_TOKEN = 'cold-bench-admin-token-0123456789abcdefghijklmnop';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const ROUNDS = Number(option('rounds') ?? 9);
const ONLY = option('only')?.split(',') as FunctionName[] | undefined;
/** `--cpu-prof DIR`: every measured cold start (not hello world) writes a V8 CPU profile into DIR. */
const CPU_PROF_DIR = option('cpu-prof');

// ---------------------------------------------------------------------------------------------------
// The bundles, as `cdk synth` builds them

interface Bundle {
  name: FunctionName;
  file: string;
  bytes: number;
  /** The function's environment as deployed; references to the stack's resources are left empty. */
  environment: Record<string, string>;
}

/**
 * The variables the deployed stack fills with references (the table, the bucket, the generator, the
 * event bus). A reference in any other variable stops the bench: it needs a local stand-in here first.
 */
const REFERENCED = [
  ENV.tableName,
  ENV.bucketName,
  ENV.generatorFunctionName,
  ENV.renderBatchFunctionName,
  ENV.eventBusName,
] as string[];
const LOCAL_EVENT_BUS = 'cold-bench-events';

function synthesizeBundles(outdir: string): Bundle[] {
  // Assets are bundled and staged into outdir while the stacks are constructed; nothing else of the
  // synthesis is needed here.
  // cdk.json's context, plus the web app's URL that every reminder links to (without it a reminder to
  // a department that has not reported fails; a deployment that sends reminders sets it).
  const { stateless } = buildApp(
    { ...cdkJsonContext(), webAppUrl: 'https://showcase.example.org', 'aws:cdk:enable-asset-metadata': true },
    outdir,
  );
  return FUNCTION_NAMES.map((name) => {
    const cfn = stateless.functions[name].node.defaultChild as CfnFunction;
    const assetDir = join(outdir, String(cfn.getMetadata('aws:asset:path')));
    const file = join(assetDir, 'index.mjs');
    const resolved = Stack.of(cfn).resolve(cfn.environment) as { variables?: Record<string, unknown> };
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(resolved.variables ?? {})) {
      // A reference gets its local stand-in, which the local stack has set in this process's env.
      if (typeof value === 'string') environment[key] = value;
      else if (REFERENCED.includes(key)) environment[key] = '';
      else throw new Error(`${name}: no local stand-in for the reference in ${key}`);
    }
    // Deployed, the files shipped with a bundle (the catalog, the OpenAPI document) lie beside it in
    // /var/task; here they lie beside it in the asset.
    for (const [key, value] of Object.entries(environment)) {
      if (value.startsWith('/var/task/')) environment[key] = join(assetDir, value.slice('/var/task/'.length));
    }
    return { name, file, bytes: statSync(file).size, environment };
  });
}

/** The reference rows: test/bench/cold-reference/*.ts, bundled with the functions' esbuild settings. */
const REFERENCES = ['sdk-get-item', 'light-get-item'] as const;

async function bundleReferences(outdir: string): Promise<{ name: string; file: string; bytes: number }[]> {
  return Promise.all(
    REFERENCES.map(async (name) => {
      const file = join(outdir, name, 'index.mjs');
      await build({
        entryPoints: [join(ROOT, 'test', 'bench', 'cold-reference', `${name}.ts`)],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        minify: BUNDLING.minify,
        sourcemap: BUNDLING.sourceMap,
        sourcesContent: BUNDLING.sourcesContent,
        banner: { js: BUNDLING.banner },
        alias: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [from, join(ROOT, to)])),
        logLevel: 'error',
      });
      return { name: `ref: ${name}`, file, bytes: statSync(file).size };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Representative events

type Role = 'admin' | 'reviewer' | 'department';
interface Principal {
  tokenId: string;
  role: Role;
  departmentId?: string;
}

interface Fixtures {
  reviewerToken: string;
  department: { departmentId: string; tokenId: string };
  reportWeek: string;
  /** A period with an editorial, for get-editorial. */
  editorialPeriod: string;
  /** A fresh token per round for revoke-token to revoke. */
  revocable: string[];
}

interface Scenario {
  /** What the handler must answer: an HTTP status, or a check of the authorizer/generator result. */
  expect: (result: unknown) => boolean;
  event: (round: number, fixtures: Fixtures) => unknown;
}

function httpEvent(
  method: string,
  routePath: string,
  params: Record<string, string>,
  options: { principal?: Principal; query?: Record<string, string>; body?: unknown } = {},
) {
  const path = routePath.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
  const routeKey = `${method} ${routePath}`;
  const now = new Date();
  const query = options.query ?? {};
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {
      host: 'api.example.org',
      'user-agent': 'cold-bench',
      ...(options.principal ? { authorization: 'Bearer (checked by the authorizer)' } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-bench' },
      requestId: `cold-${now.getTime()}`,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(options.principal ? { authorizer: { lambda: { authenticated: true, ...options.principal } } } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    isBase64Encoded: false,
  };
}

const status =
  (code: number) =>
  (result: unknown): boolean =>
    (result as { statusCode?: number } | null)?.statusCode === code;

const admin: Principal = { tokenId: 'cold-bench-admin', role: 'admin' };
const reviewer: Principal = { tokenId: 'cold-bench-reviewer', role: 'reviewer' };
const departmentOf = (f: Fixtures): Principal => ({
  tokenId: f.department.tokenId,
  role: 'department',
  departmentId: f.department.departmentId,
});
/** A distinct, started half-year per round, so every request-summary round starts a generation. */
const periodOf = (round: number) => `${2001 + Math.floor(round / 2)}-H${(round % 2) + 1}`;
/** A distinct week per round in a year the demo does not touch, so every submission is new. */
const weekOf = (round: number) => `2024-W${String(round + 2).padStart(2, '0')}`;
/** A distinct week per round with no editorial yet, so every put-editorial round stores revision 1. */
const editorialPeriodOf = (round: number) => `2005-W${String(round + 1).padStart(2, '0')}`;
/** A demo week: the reminder reads the roster and the week's reports (no channels are configured). */
const REMINDER_WEEK = '2023-W20';

const reportBody = {
  items: [
    {
      theme: 'political',
      title: '专题轮训全覆盖',
      detail: '组织全区党员干部分批次参加专题轮训，覆盖各级领导班子成员。',
      highlight: true,
      metrics: [{ metric: 'cadres-trained', value: '120' }],
    },
    {
      theme: 'talent',
      title: '人才奖励资金兑现',
      highlight: false,
      metrics: [
        { metric: 'award-money', value: '12.5', unit: '万元' },
        { metric: 'graduates-recruited', value: '37' },
      ],
    },
  ],
};

const SCENARIOS: Partial<Record<FunctionName, Scenario>> = {
  authorizer: {
    expect: (result) =>
      (result as { context?: { authenticated?: boolean } } | null)?.context?.authenticated === true,
    event: (_round, f) => {
      const base = httpEvent('GET', '/v1/summaries/{period}', { period: '2023-H1' });
      return {
        version: '2.0',
        type: 'REQUEST',
        routeArn: 'arn:aws:execute-api:local:000000000000:bench/$default/GET/v1/summaries/{period}',
        identitySource: [`Bearer ${f.reviewerToken}`],
        routeKey: base.routeKey,
        rawPath: base.rawPath,
        rawQueryString: '',
        headers: { ...base.headers, authorization: `Bearer ${f.reviewerToken}` },
        pathParameters: base.pathParameters,
        requestContext: base.requestContext,
      };
    },
  },
  'get-health': { expect: status(200), event: () => httpEvent('GET', '/v1/health', {}) },
  'get-openapi': { expect: status(200), event: () => httpEvent('GET', '/v1/openapi.json', {}) },
  'get-catalog': {
    expect: status(200),
    event: () => httpEvent('GET', '/v1/catalog', {}, { principal: reviewer }),
  },
  'list-departments': {
    expect: status(200),
    event: () => httpEvent('GET', '/v1/departments', {}, { principal: admin }),
  },
  'put-department': {
    expect: status(201),
    event: (round) =>
      httpEvent(
        'PUT',
        '/v1/departments/{departmentId}',
        { departmentId: `cold-r${round}-${Date.now().toString(36)}` },
        { principal: admin, body: { name: `冷启动测试单位 ${round}` } },
      ),
  },
  'create-token': {
    expect: status(201),
    event: () =>
      httpEvent(
        'POST',
        '/v1/tokens',
        {},
        { principal: admin, body: { role: 'reviewer', label: 'cold-start bench' } },
      ),
  },
  'revoke-token': {
    expect: status(204),
    event: (round, f) =>
      httpEvent('DELETE', '/v1/tokens/{tokenId}', { tokenId: f.revocable[round]! }, { principal: admin }),
  },
  'submit-report': {
    expect: status(201),
    event: (round, f) =>
      httpEvent(
        'PUT',
        '/v1/departments/{departmentId}/reports/{week}',
        { departmentId: f.department.departmentId, week: weekOf(round) },
        { principal: departmentOf(f), body: reportBody },
      ),
  },
  'get-report': {
    expect: status(200),
    event: (_round, f) =>
      httpEvent(
        'GET',
        '/v1/departments/{departmentId}/reports/{week}',
        { departmentId: f.department.departmentId, week: f.reportWeek },
        { principal: departmentOf(f) },
      ),
  },
  'list-reports': {
    expect: status(200),
    event: (_round, f) =>
      httpEvent(
        'GET',
        '/v1/departments/{departmentId}/reports',
        { departmentId: f.department.departmentId },
        { principal: reviewer, query: { period: '2023-H1' } },
      ),
  },
  'request-summary': {
    expect: status(202),
    event: (round) =>
      httpEvent('POST', '/v1/summaries/{period}', { period: periodOf(round) }, { principal: reviewer }),
  },
  'get-summary': {
    expect: status(200),
    event: () => httpEvent('GET', '/v1/summaries/{period}', { period: '2023-H1' }, { principal: reviewer }),
  },
  'download-document': {
    expect: status(302),
    event: () =>
      httpEvent(
        'GET',
        '/v1/summaries/{period}/documents/{scope}/{format}',
        { period: '2023-H1', scope: 'district', format: 'docx' },
        { principal: reviewer },
      ),
  },
  'get-report-template': {
    expect: (result) =>
      status(200)(result) && (result as { isBase64Encoded?: boolean }).isBase64Encoded === true,
    event: (_round, f) =>
      httpEvent('GET', '/v1/templates/weekly-report.xlsx', {}, { principal: departmentOf(f) }),
  },
  'get-me': {
    expect: status(200),
    event: (_round, f) => httpEvent('GET', '/v1/me', {}, { principal: departmentOf(f) }),
  },
  'get-coverage': {
    expect: status(200),
    event: () => httpEvent('GET', '/v1/coverage/{period}', { period: '2023-H1' }, { principal: reviewer }),
  },
  'list-tokens': {
    expect: status(200),
    event: () => httpEvent('GET', '/v1/tokens', {}, { principal: admin, query: { limit: '50' } }),
  },
  'send-reminder': {
    expect: status(200),
    event: () => httpEvent('POST', '/v1/reminders/{week}', { week: REMINDER_WEEK }, { principal: admin }),
  },
  'scheduled-reminder': {
    expect: (result) => (result as { week?: string } | null)?.week === REMINDER_WEEK,
    event: () => ({ source: 'schedule', week: REMINDER_WEEK }),
  },
  'put-editorial': {
    expect: status(201),
    event: (round) =>
      httpEvent(
        'PUT',
        '/v1/summaries/{period}/editorial',
        { period: editorialPeriodOf(round) },
        {
          principal: reviewer,
          body: {
            overview: '上半年，全区组织工作紧扣中心大局，各项任务扎实推进。',
            nextSteps: '持续抓好专题轮训。',
          },
        },
      ),
  },
  'get-editorial': {
    expect: status(200),
    event: (_round, f) =>
      httpEvent(
        'GET',
        '/v1/summaries/{period}/editorial',
        { period: f.editorialPeriod },
        { principal: reviewer },
      ),
  },
  'generate-summary': {
    // Since the fan-out the generator reads the roster, splits it into batches and invokes render-batch
    // for each; the Lambda stub accepts the invocations and nothing renders, so the generation stays
    // running. A week of the demo's 2022-H2 per round: a running generation holds its period.
    expect: (result) => (result as { status?: string } | null)?.status === 'running',
    event: (round) => ({
      source: 'schedule',
      period: `2022-W${27 + round}`,
      scheduledTime: new Date().toISOString(),
    }),
  },
};

/**
 * Functions without a cold-start scenario, and why: render-batch runs only inside a generation, invoked
 * by the generator with a batch of its plan, and no user waits for its start; `npm run bench:summary`
 * measures it through the fan-out.
 */
const MEASURED_ELSEWHERE: readonly FunctionName[] = ['render-batch'];

/**
 * The targets are for what a user waits for: the authorizer and every function behind a route. The
 * generator and the scheduled reminder run in the background and are measured without one.
 */
const targetOf = (name: FunctionName): number | undefined =>
  name === 'authorizer'
    ? TARGETS.authorizer
    : routes.some((route) => route.functionName === name)
      ? TARGETS.api
      : undefined;

// ---------------------------------------------------------------------------------------------------
// One cold start

interface Run {
  wallMs: number;
  /** The child's own clock (from its process start): module loaded, handler returned. */
  initMs: number;
  totalMs: number;
  /** CPU time of the process (all its threads): far less sensitive to the machine's load than wall time. */
  cpuMs: number;
  result: unknown;
}

/** What Lambda's runtime sets for every function, as far as the code under test can see it. */
function runtimeEnvironment(name: string, localEndpoints: Record<string, string>): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(
      name in FUNCTION_SIZING ? FUNCTION_SIZING[name as FunctionName].memoryMb : 128,
    ),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'cold-bench',
    TZ: ':UTC',
    // The SDK warns once per process on Node < 22; Lambda runs Node 22, where it never does.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LANG: 'en_US.UTF-8',
    ...localEndpoints,
  };
}

function coldStart(file: string, name: string, event: unknown, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The function's own time limit: the generator plans its work by the time it has left.
    const timeout = name in FUNCTION_SIZING ? FUNCTION_SIZING[name as FunctionName].timeoutSeconds : 3;
    const profile =
      CPU_PROF_DIR && name !== 'hello-world'
        ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
        : [];
    const args = [...profile, RUNNER, file, JSON.stringify(event), name, String(timeout)];
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let log = '';
    let report = '';
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stdio[3]!.on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let parsed: Partial<Omit<Run, 'wallMs'>> & { error?: string } = {};
      try {
        parsed = JSON.parse(report) as typeof parsed;
      } catch {
        // handled below
      }
      const { initMs, totalMs, cpuMs, result } = parsed;
      if (
        code !== 0 ||
        parsed.error ||
        initMs === undefined ||
        totalMs === undefined ||
        cpuMs === undefined
      ) {
        reject(new Error(`${name} failed (exit ${code}): ${parsed.error ?? ''}\n${log.slice(-2000)}`));
        return;
      }
      resolve({ wallMs, initMs, totalMs, cpuMs, result });
    });
  });
}

// ---------------------------------------------------------------------------------------------------

/** A fixed-seed shuffle: each round a different order, the same orders on every run of the bench. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed * 2654435761 + 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

async function main() {
  const unknown = ONLY?.filter((name) => !(FUNCTION_NAMES as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown function(s) ${unknown.join(', ')}`);
  // Inside the project (under the ignored cdk.out/) so that a bundle that leaves a package external
  // resolves it from node_modules, as the deployed one would from the runtime's own copy.
  mkdirSync(join(ROOT, 'cdk.out'), { recursive: true });
  const work = mkdtempSync(join(ROOT, 'cdk.out', 'cold-bench-'));
  const awsStub = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      // EventBridge's PutEvents for the functions that publish integration events: every entry taken.
      if (request.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
        response
          .writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'cold-bench' })
          .end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'cold-bench' }] }));
        return;
      }
      // Lambda's Invoke API for request-summary: accepted, and nothing runs (the generator is measured
      // on its own, not as background work that would slow the next cold start down).
      response.writeHead(202, { 'x-amzn-requestid': 'cold-bench' }).end();
    });
  });
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  try {
    console.log('Synthesizing the CDK app (bundling every function as cdk synth does)…');
    const bundles = synthesizeBundles(join(work, 'cdk.out')).filter(
      (bundle) => !ONLY || ONLY.includes(bundle.name),
    );
    const helloFile = join(work, 'hello.mjs');
    writeFileSync(helloFile, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");

    console.log('Starting the emulators with the demo data…');
    stack = await startLocalStack({
      port: 0,
      dataDir: join(work, 'data'),
      adminToken: ADMIN_TOKEN,
      demo: true,
      environment: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    await stack.idle();
    await new Promise<void>((resolve) => awsStub.listen(0, '127.0.0.1', resolve));
    // What the local stack set up in this process: the emulators' endpoints, the credentials they
    // accept (Lambda passes the role's credentials the same way) and the local resource names.
    const localEndpoints = {
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID!,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY!,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      AWS_ENDPOINT_URL_S3: process.env.AWS_ENDPOINT_URL_S3!,
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(awsStub.address() as AddressInfo).port}`,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(awsStub.address() as AddressInfo).port}`,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      [ENV.s3ForcePathStyle]: 'true',
    };

    const localResources: Record<string, string> = {
      [ENV.tableName]: stack.tableName,
      [ENV.bucketName]: LOCAL_BUCKET_NAME,
      [ENV.generatorFunctionName]: GENERATOR_FUNCTION,
      [ENV.renderBatchFunctionName]: RENDER_BATCH_FUNCTION,
      [ENV.eventBusName]: LOCAL_EVENT_BUS,
    };

    // Fixtures, through the same use cases the API runs (imported now: they read the stack's environment).
    const { editorialDependencies, repositories, reportDependencies } =
      await import('../../shared/adapters/dependencies');
    const { createToken } = await import('../../shared/use-cases/tokens');
    const { submitReport } = await import('../../shared/use-cases/reports');
    const deps = repositories();
    const demo = stack.demoTokens!;
    const { tokenIdOf } = await import('../../shared/use-cases/tokens');
    const { keys } = await import('../../shared/adapters/dynamodb/keys');
    const fixtures: Fixtures = {
      reviewerToken: demo.reviewer,
      department: {
        departmentId: demo.department.departmentId,
        tokenId: tokenIdOf(demo.department.token),
      },
      reportWeek: '2024-W01',
      editorialPeriod: '2023-H1',
      revocable: [],
    };
    const { putEditorial } = await import('../../shared/use-cases/editorials');
    await putEditorial(editorialDependencies(), {
      period: fixtures.editorialPeriod,
      content: { overview: '上半年工作总体平稳有序。' },
      principal: reviewer,
    });
    await submitReport(reportDependencies(), {
      departmentId: fixtures.department.departmentId,
      week: fixtures.reportWeek,
      items: reportBody.items,
      principal: admin,
    });
    for (let round = 0; round <= ROUNDS; round++) {
      const token = await createToken(deps, { role: 'reviewer', label: `cold-bench revocable ${round}` });
      fixtures.revocable.push(token.record.tokenId);
    }

    const missing = bundles
      .filter((bundle) => !SCENARIOS[bundle.name] && !MEASURED_ELSEWHERE.includes(bundle.name))
      .map((bundle) => bundle.name);
    // What one cold start runs: a deployed function with its scenario, or a reference row.
    interface Measured {
      name: string;
      file: string;
      bytes: number;
      environment: Record<string, string>;
      scenario: Scenario;
      target: number | undefined;
      memoryMb: number | undefined;
    }
    const referenceKey = keys.token(fixtures.department.tokenId);
    const referenceScenario: Scenario = {
      expect: (result) => (result as { found?: boolean } | null)?.found === true,
      event: () => ({ tableName: stack!.tableName, ...referenceKey }),
    };
    const measured: Measured[] = [
      ...bundles
        .filter((bundle) => SCENARIOS[bundle.name])
        .map((bundle) => ({
          ...bundle,
          scenario: SCENARIOS[bundle.name]!,
          target: targetOf(bundle.name),
          memoryMb: FUNCTION_SIZING[bundle.name].memoryMb,
        })),
      ...(ONLY ? [] : await bundleReferences(join(work, 'references'))).map((reference) => ({
        ...reference,
        environment: {},
        scenario: referenceScenario,
        target: undefined,
        memoryMb: undefined,
      })),
    ];
    const helloEnv = runtimeEnvironment('hello-world', localEndpoints);
    const hello = () => coldStart(helloFile, 'hello-world', {}, helloEnv);

    const samples = new Map<string, { ratio: number; cpuRatio: number; run: Run }[]>(
      measured.map((bundle) => [bundle.name, []]),
    );
    const helloRuns: Run[] = [];
    const failures: string[] = [];
    const loads: number[] = [];

    // Round 0 warms the file cache and the emulators and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      loads.push(loadavg()[0]!);
      let before = await hello();
      for (const bundle of shuffled(measured, round)) {
        const { scenario } = bundle;
        const env = { ...runtimeEnvironment(bundle.name, localEndpoints), ...bundle.environment };
        for (const key of REFERENCED) if (env[key] === '') env[key] = localResources[key]!;
        const run = await coldStart(bundle.file, bundle.name, scenario.event(round, fixtures), env);
        const after = await hello();
        if (!scenario.expect(run.result)) {
          failures.push(`${bundle.name} answered ${JSON.stringify(run.result).slice(0, 300)}`);
        }
        if (round > 0) {
          samples.get(bundle.name)!.push({
            ratio: run.wallMs / ((before.wallMs + after.wallMs) / 2),
            cpuRatio: run.cpuMs / ((before.cpuMs + after.cpuMs) / 2),
            run,
          });
          helloRuns.push(after);
        }
        before = after;
      }
      process.stdout.write(round === 0 ? 'warm-up done; rounds: ' : `${round} `);
    }
    process.stdout.write('\n\n');

    const cpu = cpus();
    console.log(
      `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
        `Node ${process.version}, ${process.platform}`,
    );
    console.log(
      `Load average (1 min) during the rounds: median ${median(loads).toFixed(1)}, ` +
        `min ${Math.min(...loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}`,
    );
    console.log(
      `${ROUNDS} rounds after a warm-up; hello world (median): ` +
        `${median(helloRuns.map((run) => run.wallMs)).toFixed(0)} ms wall, ` +
        `${median(helloRuns.map((run) => run.cpuMs)).toFixed(0)} ms CPU`,
    );
    console.log('');
    console.log(
      'function             ratio  target   wall ms  init ms  invoke ms  CPU ratio  bundle KB  memory MB  ratio range',
    );
    let missed = false;
    for (const bundle of measured) {
      const runs = samples.get(bundle.name)!;
      const ratio = median(runs.map((s) => s.ratio));
      const { target } = bundle;
      const ok = target === undefined || ratio <= target;
      if (!ok) missed = true;
      const ratios = runs.map((s) => s.ratio);
      console.log(
        [
          bundle.name.padEnd(19),
          `${ratio.toFixed(2)}×`.padStart(7),
          (target === undefined ? '   —   ' : `≤ ${target}×`.padStart(7)).padEnd(7),
          median(runs.map((s) => s.run.wallMs))
            .toFixed(0)
            .padStart(9),
          median(runs.map((s) => s.run.initMs))
            .toFixed(0)
            .padStart(8),
          median(runs.map((s) => s.run.totalMs - s.run.initMs))
            .toFixed(0)
            .padStart(10),
          `${median(runs.map((s) => s.cpuRatio)).toFixed(2)}×`.padStart(10),
          (bundle.bytes / 1024).toFixed(1).padStart(10),
          (bundle.memoryMb === undefined ? '—' : String(bundle.memoryMb)).padStart(10),
          `  ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
          ok ? '' : '  MISSED',
        ].join(' '),
      );
    }
    console.log('');
    console.log('ratio: init + first invoke (whole process, wall) over hello world in the same round.');
    console.log('init/invoke: the process’s own clock, from its start to the import, then the handler.');
    console.log('CPU ratio: the same comparison in CPU time (user + system), which the load disturbs less.');
    for (const name of missing) {
      console.log(`MISSING: ${name} has no representative event in test/bench/cold.bench.ts`);
    }
    for (const failure of failures) console.log(`WRONG ANSWER: ${failure}`);
    if (missed || missing.length > 0 || failures.length > 0) process.exitCode = 1;
  } finally {
    awsStub.close();
    await stack?.stop();
    // The profiles point into the bundles, and their source maps are how cold-profile.ts reads them.
    if (CPU_PROF_DIR) console.log(`Bundles kept for the profiles in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
