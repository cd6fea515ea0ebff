/**
 * Builds the whole CDK app from a context object, so that `infra/app.ts` (the real synth) and the
 * assertion tests construct exactly the same stacks.
 */
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig, type Config } from './config';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';
import { WebStack } from './stacks/web-stack';

/** The repository root: function entries, the lock file and relative catalog paths are resolved here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ShowcaseApp {
  readonly app: App;
  readonly config: Config;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly web: WebStack;
}

/**
 * @param context CDK context for the App; the CLI adds cdk.json and `-c` values on top when it runs
 *   infra/app.ts, tests pass everything here (including `aws:cdk:bundling-stacks: []`).
 * @param outdir where the cloud assembly (templates, bundled assets) goes; the CLI passes it itself,
 *   `npm run bench:cold` names a directory of its own
 * @throws ConfigError when the context is invalid, before any stack is built
 */
export function buildApp(context: Record<string, unknown> = {}, outdir?: string): ShowcaseApp {
  const app = new App({ context, ...(outdir ? { outdir } : {}) });
  const config = readConfig((key) => app.node.tryGetContext(key), PROJECT_ROOT);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `Showcase-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    stage: config.stage,
    description: `Showcase ${config.stage}: reports table and documents bucket (retained on deletion)`,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env,
    config,
    projectRoot: PROJECT_ROOT,
    table: stateful.table,
    bucket: stateful.bucket,
    description: `Showcase ${config.stage}: HTTP API, functions, schedules and alarms`,
  });

  const web = new WebStack(app, `${prefix}-Web`, {
    env,
    projectRoot: PROJECT_ROOT,
    httpApi: stateless.api.httpApi,
    documentsBucket: stateful.bucket,
    description: `Showcase ${config.stage}: the web app on CloudFront, with the API under /v1/`,
  });

  // cdk-nag 3 runs as a CDK policy-validation plugin (it replaced the v2 Aspect): any finding that is
  // not acknowledged on its resource fails `cdk synth`. Each acknowledgment sits beside the resource.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, config, stateful, stateless, web };
}
