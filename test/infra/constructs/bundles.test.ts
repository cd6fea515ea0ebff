/**
 * What ends up in the deployed bundles, checked on real ones: these tests let the CDK bundle a few
 * functions exactly as `cdk synth` does (the other infra tests skip bundling) and read each bundle and
 * the list of sources in its source map.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PROJECT_ROOT } from '../../../infra/app-builder';
import {
  BUNDLE_ALIASES,
  BUNDLING,
  ShowcaseFunction,
  type ShowcaseFunctionProps,
} from '../../../infra/constructs/showcase-function';
import { openApiDocument } from '../../../functions/contracts';
import { openApiDocumentFile } from '../../../infra/openapi-file';
import { buildReportTemplateFile } from '../../../infra/report-template-file';
import { timeZoneFile } from '../../../infra/time-zone-file';
import {
  BUNDLED_OPENAPI_FILE,
  BUNDLED_REPORT_TEMPLATE_FILE,
  BUNDLED_TIME_ZONE_FILE,
  type FunctionName,
} from '../../../shared/config/names';
import { computeZoneTable } from '../../../shared/domain/zone-table';
import { routes } from '../../../functions/routes';
import { defaultCatalog } from '../../../shared/domain/catalog';
import { buildTemplateSkeleton } from '../../../shared/domain/workbook/template-skeleton-builder';

interface Bundle {
  code: string;
  sources: string[];
}

const CATALOG_PATH = `${PROJECT_ROOT}/shared/domain/default-catalog.json`;
const TIME_ZONE = 'Asia/Shanghai';
const outdir = mkdtempSync(join(tmpdir(), 'showcase-bundles-'));
const assetDirs = new Map<FunctionName, string>();
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const bundled = new Map<FunctionName, Bundle>();
/** Bundled once per file when nothing is shipped beside it: several groups of tests read the same bundle. */
function bundle(
  name: FunctionName,
  shipped: Pick<ShowcaseFunctionProps, 'files' | 'builtFiles'> = {},
): Bundle {
  const plain = !shipped.files && !shipped.builtFiles;
  const known = plain ? bundled.get(name) : undefined;
  if (known) return known;
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, `Bundle${name.replace(/-/g, '')}`);
  const fn = new ShowcaseFunction(stack, 'Fn', {
    name,
    defaults: {
      projectRoot: PROJECT_ROOT,
      catalogPath: CATALOG_PATH,
      timeZoneFile: timeZoneFile(TIME_ZONE),
      environment: {},
      logLevel: 'INFO',
    },
    ...shipped,
  });
  const cfn = fn.function.node.defaultChild as CfnFunction;
  const assetDir = join(outdir, String(cfn.getMetadata('aws:asset:path')));
  assetDirs.set(name, assetDir);
  const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
  const result = { code: readFileSync(join(assetDir, 'index.mjs'), 'utf8'), sources: map.sources };
  if (plain) bundled.set(name, result);
  return result;
}

const fromPackage = (bundled: Bundle, name: string) =>
  bundled.sources.some((source) => source.includes(`node_modules/${name}/`));

describe('bundling settings', () => {
  it('should build one minified ES module with source maps that carry mappings only', () => {
    expect(BUNDLING).toMatchObject({
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
    });
  });

  it('should take ES module entries first, which is what lets esbuild tree-shake dependencies', () => {
    expect(BUNDLING.mainFields).toEqual(['module', 'main']);
  });

  it('should leave nothing external, the AWS SDK included, and replace only the credential chain', () => {
    expect(BUNDLING.externalModules).toEqual([]);
    expect(BUNDLE_ALIASES).toEqual({
      '@aws-sdk/credential-provider-node': './shared/adapters/aws/lambda-credentials.ts',
    });
  });
});

describe('the authorizer bundle', () => {
  let authorizer: Bundle;
  beforeAll(() => {
    authorizer = bundle('authorizer');
  }, 120_000);

  it('should import nothing at run time but Node built-ins', () => {
    const imports = [...authorizer.code.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => !specifier.startsWith('node:'))).toEqual([]);
    expect(authorizer.code).not.toMatch(/\brequire\(["']@aws-sdk\//);
  });

  it('should read its token without the SDK client: the SDK signer and marshaller only', () => {
    expect(authorizer.sources.some((s) => s.endsWith('shared/adapters/dynamodb/json-client.ts'))).toBe(true);
    expect(fromPackage(authorizer, '@smithy/signature-v4')).toBe(true);
    expect(fromPackage(authorizer, '@aws-sdk/util-dynamodb')).toBe(true);
    for (const sdkPackage of [
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-env',
      '@smithy/node-http-handler',
    ]) {
      expect([sdkPackage, fromPackage(authorizer, sdkPackage)]).toEqual([sdkPackage, false]);
    }
  });

  it('should carry no schema library: it validates nothing but a header', () => {
    expect(fromPackage(authorizer, 'zod')).toBe(false);
  });
});

describe('an API function bundle', () => {
  let submitReport: Bundle;
  beforeAll(() => {
    submitReport = bundle('submit-report');
  }, 120_000);

  it('should never carry the generator’s renderers or their dependencies', () => {
    expect(fromPackage(submitReport, 'docx')).toBe(false);
    expect(submitReport.sources.some((s) => s.endsWith('shared/use-cases/generate-summary.ts'))).toBe(false);
  });

  it('should reach DynamoDB and EventBridge through the light client, with none of the SDK clients', () => {
    // The SDK's DynamoDB client alone costs 2× a hello world's cold start (README "Cold start").
    expect(submitReport.sources.some((s) => s.endsWith('shared/adapters/dynamodb/json-client.ts'))).toBe(
      true,
    );
    expect(submitReport.code).toContain('"PutItem"');
    expect(submitReport.code).toContain('"PutEvents"');
    for (const sdkPackage of [
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      '@aws-sdk/client-eventbridge',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-lambda',
      '@smithy/node-http-handler',
      // The SDK client's machinery; the signer takes only a few encoders from @smithy/core.
      '@smithy/core/dist-es/submodules/schema',
      '@smithy/core/dist-es/submodules/retry',
      '@smithy/core/dist-es/submodules/endpoints',
    ]) {
      expect([sdkPackage, fromPackage(submitReport, sdkPackage)]).toEqual([sdkPackage, false]);
    }
  });
});

describe('the OpenAPI function bundle', () => {
  let openApi: Bundle;
  beforeAll(() => {
    // As the stateless stack builds it: the document built at synth ships beside the bundle.
    openApi = bundle('get-openapi', { files: { [BUNDLED_OPENAPI_FILE]: openApiDocumentFile() } });
  }, 120_000);

  it('should ship the document built at synth, equal to the one the contracts make', () => {
    const shipped = JSON.parse(
      readFileSync(join(assetDirs.get('get-openapi')!, BUNDLED_OPENAPI_FILE), 'utf8'),
    ) as unknown;
    expect(shipped).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('should carry every contract but none of what the routes run: no workbook library, no AWS SDK', () => {
    expect(openApi.sources.some((s) => s.endsWith('functions/get-report-template/schema.ts'))).toBe(true);
    expect(fromPackage(openApi, 'exceljs')).toBe(false);
    expect(fromPackage(openApi, 'docx')).toBe(false);
    expect(fromPackage(openApi, '@smithy/core')).toBe(false);
  });
});

describe('the report template function bundle', () => {
  let template: Bundle;
  beforeAll(() => {
    // As the stateless stack builds it: the skeleton, built with the bundle from its catalog, ships beside it.
    template = bundle('get-report-template', {
      builtFiles: { [BUNDLED_REPORT_TEMPLATE_FILE]: buildReportTemplateFile },
    });
  }, 120_000);

  it('should ship the skeleton built at synth, equal to the one the catalog makes', async () => {
    const shipped = JSON.parse(
      readFileSync(join(assetDirs.get('get-report-template')!, BUNDLED_REPORT_TEMPLATE_FILE), 'utf8'),
    ) as unknown;
    expect(shipped).toEqual(JSON.parse(JSON.stringify(await buildTemplateSkeleton(defaultCatalog))));
  }, 60_000);

  it('should fill the workbook in without exceljs, its builder or the renderer', () => {
    // exceljs was 1.2 MB of the bundle and most of its cold start (README "Cold start").
    expect(template.sources.some((s) => s.endsWith('shared/domain/workbook/template-skeleton.ts'))).toBe(
      true,
    );
    expect(fromPackage(template, 'exceljs')).toBe(false);
    expect(fromPackage(template, 'jszip')).toBe(false);
    // The parts filled per request are deflated by Node's zlib: fflate's first deflate in a cold process
    // cost more CPU than the whole fill.
    expect(fromPackage(template, 'fflate')).toBe(false);
    for (const module of ['template-skeleton-builder.ts', 'report-template.ts']) {
      expect([module, template.sources.some((s) => s.endsWith(`shared/domain/workbook/${module}`))]).toEqual([
        module,
        false,
      ]);
    }
    // A string of exceljs's own (its docProps/app.xml), whatever the source map says.
    expect(template.code).not.toContain('Microsoft Excel');
    expect(template.code).not.toContain('WorkbookWriter');
  });
});

describe('the API functions that once carried an S3 or Lambda client', () => {
  let requestSummary: Bundle;
  let downloadDocument: Bundle;
  beforeAll(() => {
    requestSummary = bundle('request-summary');
    downloadDocument = bundle('download-document');
  }, 120_000);

  it('should start the generator through the light client, without the SDK’s Lambda client', () => {
    // Each SDK client costs about a hello world's cold start of its own (README "Cold start").
    expect(
      requestSummary.sources.some((s) => s.endsWith('shared/adapters/lambda/generation-trigger.ts')),
    ).toBe(true);
    expect(requestSummary.code).toContain('/invocations');
    expect(fromPackage(requestSummary, '@aws-sdk/client-lambda')).toBe(false);
    expect(fromPackage(requestSummary, '@smithy/node-http-handler')).toBe(false);
  });

  it('should presign downloads with the signer alone, without the S3 client or its presigner', () => {
    expect(downloadDocument.sources.some((s) => s.endsWith('shared/adapters/s3/presigned-links.ts'))).toBe(
      true,
    );
    expect(fromPackage(downloadDocument, '@smithy/signature-v4')).toBe(true);
    for (const sdkPackage of [
      '@aws-sdk/client-s3',
      '@aws-sdk/s3-request-presigner',
      '@smithy/node-http-handler',
    ]) {
      expect([sdkPackage, fromPackage(downloadDocument, sdkPackage)]).toEqual([sdkPackage, false]);
    }
  });
});

describe('the render-batch bundle', () => {
  let renderBatch: Bundle;
  beforeAll(() => {
    renderBatch = bundle('render-batch');
  }, 120_000);

  it('should upload and reach DynamoDB through the light clients, with none of the SDK’s DynamoDB client', () => {
    // Per call, the SDK's clients cost about 3× the light store's CPU for an upload and 1.5× lightTable's
    // for a Query of week heads (README "Benchmarks", bench:uploads); a batch makes thousands of calls.
    for (const module of ['s3/light-document-store.ts', 'dynamodb/json-client.ts']) {
      expect([module, renderBatch.sources.some((s) => s.endsWith(`shared/adapters/${module}`))]).toEqual([
        module,
        true,
      ]);
    }
    expect(renderBatch.code).toContain('x-id=PutObject');
    for (const sdkPackage of ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']) {
      expect([sdkPackage, fromPackage(renderBatch, sdkPackage)]).toEqual([sdkPackage, false]);
    }
  });
});

describe('every API function bundle', () => {
  const bundles = new Map<FunctionName, Bundle>();
  beforeAll(() => {
    for (const { functionName } of routes) {
      bundles.set(
        functionName,
        functionName === 'get-openapi'
          ? bundle(functionName, { files: { [BUNDLED_OPENAPI_FILE]: openApiDocumentFile() } })
          : bundle(functionName),
      );
    }
  }, 600_000);

  it('should validate with zod’s mini API only, never the full one (a bundle with both pays for both)', () => {
    for (const [name, bundled] of bundles) {
      // The full API's classes live in zod/v4/classic and are constructed by name ("ZodType"; the mini
      // API's are "ZodMiniType", the shared core's "$ZodType").
      expect([name, fromPackage(bundled, 'zod/v4/classic')]).toEqual([name, false]);
      expect([name, bundled.code.includes('"ZodType"')]).toEqual([name, false]);
    }
    // And the check above is not vacuous: a function that validates a body carries the mini API.
    expect(fromPackage(bundles.get('submit-report')!, 'zod/v4/mini')).toBe(true);
  });

  it('should speak zod’s English and no other language: the messages are part of the API', () => {
    for (const [name, bundled] of bundles) {
      if (!fromPackage(bundled, 'zod/v4/mini')) continue;
      // zod/mini alone answers every fault "Invalid input"; shared/validation/zod.ts configures English.
      expect([name, bundled.code.includes('Invalid input: expected')]).toEqual([name, true]);
      // The other locales (German, Chinese shown here) stay out of the bundles.
      expect([name, /Ungültige Eingabe|无效输入/.test(bundled.code)]).toEqual([name, false]);
    }
  });
});

/**
 * Runs a bundle's handler once in a fresh node, as a cold start does (no Node flags), with
 * Intl.DateTimeFormat counted: the first one a process builds costs about 10 ms of CPU (README "Cold
 * start"). DynamoDB is a local server that gives every request the same answer, by default no items.
 * `output` is what the process printed on either stream, its log lines included.
 */
async function coldInvoke(
  name: FunctionName,
  event: unknown,
  environment: Record<string, string>,
  dynamoDbAnswer: { status: number; body: unknown } = { status: 200, body: { Items: [], Count: 0 } },
): Promise<{ formats: number; statusCode: number; body: Record<string, unknown>; output: string }> {
  const dynamodb = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(dynamoDbAnswer.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(dynamoDbAnswer.body));
    });
  });
  await new Promise<void>((resolve) => dynamodb.listen(0, '127.0.0.1', resolve));
  const { port } = dynamodb.address() as AddressInfo;
  const script = `
    let formats = 0;
    const DateTimeFormat = Intl.DateTimeFormat;
    const counted = { construct: (t, a) => (formats++, Reflect.construct(t, a)), apply: (t, s, a) => (formats++, Reflect.apply(t, s, a)) };
    Intl.DateTimeFormat = new Proxy(DateTimeFormat, counted);
    const { handler } = await import(process.argv[1]);
    const result = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'bundles-test', getRemainingTimeInMillis: () => 10000 });
    console.log('RESULT ' + JSON.stringify({ formats, statusCode: result.statusCode, body: JSON.parse(result.body) }));
    process.exit(0);
  `;
  const assetDir = assetDirs.get(name)!;
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', script, join(assetDir, 'index.mjs'), JSON.stringify(event)],
        {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'cn-north-1',
            AWS_ACCESS_KEY_ID: 'AKIDBUNDLESTEST',
            AWS_SECRET_ACCESS_KEY: 'bundles-test-secret',
            AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
            TABLE_NAME: 'showcase',
            GENERATOR_FUNCTION_NAME: 'showcase-generator',
            TIME_ZONE,
            CATALOG_FILE: join(assetDir, 'catalog.json'),
            POWERTOOLS_LOG_LEVEL: 'SILENT',
            ...environment,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(stdout + stderr) : reject(new Error(`exit ${code}: ${stderr}`)),
      );
    });
    const line = output.split('\n').find((text) => text.startsWith('RESULT '));
    if (!line) throw new Error(`no result in: ${output}`);
    const result = JSON.parse(line.slice('RESULT '.length)) as {
      formats: number;
      statusCode: number;
      body: Record<string, unknown>;
    };
    return { ...result, output };
  } finally {
    dynamodb.close();
  }
}

const requestOf = (method: string, routePath: string, params: Record<string, string>, role: string) => {
  const path = routePath.replace(/\{(\w+)\}/g, (_, key: string) => params[key]!);
  return {
    version: '2.0',
    routeKey: `${method} ${routePath}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.org', authorization: 'Bearer (checked by the authorizer)' },
    pathParameters: params,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundles-test' },
      requestId: 'bundles-test',
      routeKey: `${method} ${routePath}`,
      stage: '$default',
      authorizer: { lambda: { authenticated: true, tokenId: 'bundles-test', role } },
    },
    isBase64Encoded: false,
  };
};

describe('the functions that compute deadlines', () => {
  const functions = ['submit-report', 'request-summary', 'get-coverage', 'send-reminder'] as const;
  const shipped = (name: FunctionName) => join(assetDirs.get(name)!, BUNDLED_TIME_ZONE_FILE);
  beforeAll(() => {
    for (const name of functions) bundle(name);
  }, 240_000);

  it('should ship the zone’s offsets computed at synth, equal to what the zone gives', () => {
    for (const name of functions) {
      expect(JSON.parse(readFileSync(shipped(name), 'utf8'))).toEqual(computeZoneTable(TIME_ZONE));
    }
  });

  it('should carry no luxon: deadlines come from the shipped offsets', () => {
    // The marker: a string of luxon's own source that minifying keeps.
    expect(readFileSync(join(PROJECT_ROOT, 'node_modules/luxon/src/datetime.js'), 'utf8')).toContain(
      '"Invalid DateTime"',
    );
    for (const name of functions) {
      const { code, sources } = bundle(name);
      expect([name, fromPackage({ code, sources }, 'luxon'), code.includes('Invalid DateTime')]).toEqual([
        name,
        false,
        false,
      ]);
    }
  });

  it('should build no Intl.DateTimeFormat at start or on the first deadline (the 2023-H1 coverage)', async () => {
    const coverage = await coldInvoke(
      'get-coverage',
      requestOf('GET', '/v1/coverage/{period}', { period: '2023-H1' }, 'reviewer'),
      { TIME_ZONE_FILE: shipped('get-coverage') },
    );
    expect(coverage.statusCode).toBe(200);
    expect((coverage.body.weeks as { dueAt: string }[])[0]!.dueAt).toBe('2023-01-09T12:00:00.000+08:00');
    expect(coverage.formats).toBe(0);
    // From the sources' way, without the file, the same request computes the offsets from ICU: what the
    // count above would have caught.
    const fromIcu = await coldInvoke(
      'get-coverage',
      requestOf('GET', '/v1/coverage/{period}', { period: '2023-H1' }, 'reviewer'),
      {},
    );
    expect(fromIcu.statusCode).toBe(200);
    expect(fromIcu.formats).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    [
      'submit-report',
      requestOf(
        'PUT',
        '/v1/departments/{departmentId}/reports/{week}',
        { departmentId: 'd1', week: '2099-W10' },
        'admin',
      ),
    ],
    ['request-summary', requestOf('POST', '/v1/summaries/{period}', { period: '2099-H2' }, 'reviewer')],
    ['send-reminder', requestOf('POST', '/v1/reminders/{week}', { week: '2099-W10' }, 'admin')],
  ] as const)(
    'should build no Intl.DateTimeFormat in %s to find that a week has not started',
    async (name, event) => {
      const result = await coldInvoke(
        name,
        name === 'submit-report'
          ? {
              ...event,
              headers: { ...event.headers, 'content-type': 'application/json' },
              body: JSON.stringify({
                items: [{ theme: 'political', title: '专题轮训', highlight: false, metrics: [] }],
              }),
            }
          : event,
        {
          TIME_ZONE_FILE: shipped(name),
        },
      );
      expect(JSON.stringify(result.body)).toContain('has not started');
      expect(result.formats).toBe(0);
    },
    60_000,
  );
});

describe('the reminder function bundle', () => {
  let sendReminder: Bundle;
  beforeAll(() => {
    sendReminder = bundle('send-reminder');
  }, 120_000);

  it('should send e-mail and read its channels through the light client, with none of the SDK clients', () => {
    // SES and Secrets Manager were its last SDK clients; each cost about a hello world's cold start.
    for (const adapter of [
      'shared/adapters/notifications/ses-email-sender.ts',
      'shared/adapters/secrets/light-secrets-provider.ts',
      'shared/adapters/dynamodb/json-client.ts',
    ]) {
      expect([adapter, sendReminder.sources.some((s) => s.endsWith(adapter))]).toEqual([adapter, true]);
    }
    expect(sendReminder.code).toContain('/v2/email/outbound-emails');
    expect(sendReminder.code).toContain('"GetSecretValue"');
    for (const sdkPackage of [
      '@aws-sdk/client-sesv2',
      '@aws-sdk/client-secrets-manager',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      '@smithy/node-http-handler',
      '@smithy/core/dist-es/submodules/schema',
      '@smithy/core/dist-es/submodules/retry',
      '@smithy/core/dist-es/submodules/endpoints',
    ]) {
      expect([sdkPackage, fromPackage(sendReminder, sdkPackage)]).toEqual([sdkPackage, false]);
    }
  });
});

describe('a logged error in a deployed bundle', () => {
  beforeAll(() => {
    bundle('get-report');
  }, 120_000);

  it('should point its stack at the TypeScript sources, without --enable-source-maps', async () => {
    const result = await coldInvoke(
      'get-report',
      requestOf(
        'GET',
        '/v1/departments/{departmentId}/reports/{week}',
        { departmentId: 'd1', week: '2023-W10' },
        'admin',
      ),
      { POWERTOOLS_LOG_LEVEL: 'ERROR' },
      // Not retried, so the request fails at once: a 500 whose cause only the log shows.
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ValidationException' } },
    );
    expect(result.statusCode).toBe(500);
    const logged = result.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; error?: { location: string; stack: string } })
      .find((line) => line.message === 'Request failed');
    expect(logged?.error?.location).toMatch(/^shared\/adapters\/dynamodb\/json-client\.ts:\d+$/);
    const frames = logged!.error!.stack.split('\n').slice(1);
    expect(frames[0]).toMatch(/\(shared\/adapters\/dynamodb\/json-client\.ts:\d+:\d+\)$/);
    // The whole way down, the handler included.
    for (const source of ['shared/use-cases/reports.ts', 'functions/get-report/handler.ts']) {
      expect([
        source,
        frames.some((frame) => new RegExp(`[ (]${source}:\\d+:\\d+\\)?$`).test(frame)),
      ]).toEqual([source, true]);
    }
    // Nothing is left pointing into the minified bundle.
    expect(logged!.error!.stack).not.toContain('index.mjs');
  }, 60_000);
});
