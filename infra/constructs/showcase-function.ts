/**
 * The one place that decides how a Lambda function of this project is built and run. Callers name the
 * function and add their environment; runtime, architecture, bundling, logging and tracing are fixed
 * here so that no function can be deployed without them.
 */
import { isAbsolute, join, relative } from 'node:path';
import { AssetStaging, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  BUNDLED_CATALOG_FILE,
  BUNDLED_TIME_ZONE_FILE,
  ENV,
  type FunctionName,
} from '../../shared/config/names';
import { FUNCTION_SIZING, v8FlagsOf } from '../function-sizing';

/** Where a deployed function finds a file shipped beside its bundle: the bundle is unpacked into /var/task. */
export const deployedFile = (name: string) => `/var/task/${name}`;
/** Where the deployed functions find the bundled catalog. */
export const DEPLOYED_CATALOG_FILE = deployedFile(BUNDLED_CATALOG_FILE);

/**
 * Packages replaced in the bundles, with the module (relative to the project root) that replaces each.
 * The SDK's default credential chain becomes the environment, where Lambda puts the role's
 * credentials; shared/adapters/aws/lambda-credentials.ts says why.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './shared/adapters/aws/lambda-credentials.ts',
};

// esbuild's ESM output has no `require`; CommonJS dependencies bundled into it still call it.
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __showcaseCreateRequire } from 'node:module'; const require = __showcaseCreateRequire(import.meta.url);";

/**
 * How every function is bundled (all but the catalog copy, which needs the deployment's paths):
 * one ES module (`index.mjs`), minified, tree-shaken (esbuild shakes ES modules, so packages are taken
 * by their `module` entry first), with the AWS SDK inside. infra tests pin these settings and check
 * what ends up in the bundles; `npm run bench:cold` measures what they cost at cold start.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  // Maps without the sources' text: only the mappings are needed to point a logged error's stack at
  // the TypeScript (shared/observability/source-mapped-stack.ts reads the map when an error is logged),
  // and they are a third of the size (0.75 MB against 2.4 MB for get-report).
  sourceMap: true,
  sourcesContent: false,
  banner: CREATE_REQUIRE_BANNER,
  // Nothing external, the AWS SDK included: bundled from the lockfile's version and tree-shaken to
  // the clients and commands a function uses, it loads far faster than the runtime's full copy
  // (npm run bench:cold), and the code deployed is the code tested.
  externalModules: [],
  // esbuild resolves an alias's path from its working directory: the project root when it runs
  // locally, the bundling input when it runs in Docker.
  workingDirectory: AssetStaging.BUNDLING_INPUT_DIR,
  esbuildArgs: {
    '--alias': Object.entries(BUNDLE_ALIASES).map(([name, path]) => `${name}=${path}`),
  },
} as const satisfies BundlingOptions;

/**
 * The shell command that builds a file shipped beside a bundle, given the bundling's paths: the project
 * (the bundling input), the catalog within it, and the file to write. Paths are as the bundling sees
 * them (locally the project's own, in a Docker bundling container its mount); quote them.
 */
export type BuildFileCommand = (paths: { inputDir: string; catalog: string; output: string }) => string;

/** Settings every function of one deployment shares; built once by the stateless stack. */
export interface FunctionDefaults {
  /** Absolute path of the repository root: entries are `functions/<name>/handler.ts` below it. */
  readonly projectRoot: string;
  /** Absolute path of the catalog, already validated, copied into every bundle as catalog.json. */
  readonly catalogPath: string;
  /**
   * Absolute path of the time zone's offsets computed at synth for the environment's TIME_ZONE
   * (infra/time-zone-file.ts), copied into every bundle as time-zone.json: a function that computes
   * deadlines then needs neither luxon nor ICU (shared/domain/zone.ts).
   */
  readonly timeZoneFile: string;
  /** Environment every function receives (time zone, due time, organisation name). */
  readonly environment: Readonly<Record<string, string>>;
  /** POWERTOOLS_LOG_LEVEL for every function. */
  readonly logLevel: string;
}

export interface ShowcaseFunctionProps {
  /** The folder under functions/; also selects the memory and timeout in FUNCTION_SIZING. */
  readonly name: FunctionName;
  /** Settings shared by every function of the deployment. */
  readonly defaults: FunctionDefaults;
  /**
   * Variables only this function needs (TABLE_NAME, BUCKET_NAME …), added to the shared ones.
   *
   * @default - only the shared environment
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Files shipped beside the bundle (found at `deployedFile(name)` when deployed): file name → absolute
   * path at synth.
   *
   * @default - none but the catalog
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Files built while the bundle is built and shipped beside it (found at `deployedFile(name)`): file
   * name → the shell command that writes it. The command runs only when the bundle is built, so a synth
   * without bundling (the infra tests) does not pay for it.
   *
   * @default - none
   */
  readonly builtFiles?: Readonly<Record<string, BuildFileCommand>>;
  /**
   * Concurrency reserved for, and capping, this function.
   *
   * @default - no reservation: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Where asynchronous invocations that still fail after their retries are sent.
   *
   * @default - none: failed asynchronous events are dropped (only relevant to async-invoked functions)
   */
  readonly onFailure?: lambda.IDestination;
  /**
   * Retries of a failed asynchronous invocation.
   *
   * @default 2 (Lambda's own default)
   */
  readonly retryAttempts?: number;
}

/**
 * A Node.js function with the project's fixed settings: nodejs22.x on arm64, an ESM bundle
 * (minified, with source maps, the AWS SDK bundled in) that carries the catalog, its own log
 * group with a retention period, X-Ray tracing, and a role that holds nothing but what callers grant.
 */
export class ShowcaseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ShowcaseFunctionProps) {
    super(scope, id);
    const { name, defaults } = props;
    const sizing = FUNCTION_SIZING[name];

    // Three months covers a reporting quarter of debugging; logs are retained on stack deletion
    // (the CDK default) so an incident can still be investigated after a teardown.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the one NodejsFunction would create: that one carries the
    // AWSLambdaBasicExecutionRole managed policy, which may write to any log group in the account.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Showcase ${name} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(defaults.projectRoot, 'functions', name, 'handler.ts'),
      handler: 'handler',
      projectRoot: defaults.projectRoot,
      depsLockFilePath: join(defaults.projectRoot, 'package-lock.json'),
      description: `Showcase ${name}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: sizing.memoryMb,
      timeout: Duration.seconds(sizing.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      environment: {
        ...defaults.environment,
        ...props.environment,
        [ENV.catalogFile]: DEPLOYED_CATALOG_FILE,
        [ENV.timeZoneFile]: deployedFile(BUNDLED_TIME_ZONE_FILE),
        POWERTOOLS_SERVICE_NAME: 'showcase',
        POWERTOOLS_LOG_LEVEL: defaults.logLevel,
        // No --enable-source-maps: it indexes the bundle's map at every cold start. A logged error's
        // stack is mapped to the sources when it is logged instead (shared/observability/source-mapped-stack.ts).
        ...(v8FlagsOf(sizing).length > 0 ? { NODE_OPTIONS: v8FlagsOf(sizing).join(' ') } : {}),
      },
      bundling: {
        ...BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp ${shellQuote(catalogPathIn(inputDir, defaults))} ${shellQuote(`${outputDir}/${BUNDLED_CATALOG_FILE}`)}`,
            `cp ${shellQuote(defaults.timeZoneFile)} ${shellQuote(`${outputDir}/${BUNDLED_TIME_ZONE_FILE}`)}`,
            ...Object.entries(props.files ?? {}).map(
              ([fileName, path]) => `cp ${shellQuote(path)} ${shellQuote(`${outputDir}/${fileName}`)}`,
            ),
            ...Object.entries(props.builtFiles ?? {}).map(([fileName, command]) =>
              command({
                inputDir,
                catalog: catalogPathIn(inputDir, defaults),
                output: `${outputDir}/${fileName}`,
              }),
            ),
          ],
        },
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the project targets and tests against (Node 22 LTS, supported by Lambda ' +
        'until 2027); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK update.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions, so their resource must be "*".',
    });
  }
}

/**
 * The catalog as the bundling command sees it: relative to the bundling input when it lies inside the
 * project (so the same command works in a Docker bundling container), else its absolute path.
 */
function catalogPathIn(inputDir: string, defaults: FunctionDefaults): string {
  const inProject = relative(defaults.projectRoot, defaults.catalogPath);
  if (inProject.startsWith('..') || isAbsolute(inProject)) return defaults.catalogPath;
  return `${inputDir}/${inProject.split('\\').join('/')}`;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
