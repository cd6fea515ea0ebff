/**
 * Everything that can be destroyed and rebuilt without losing data: the functions, the HTTP API and
 * its authorizer, the summary schedules and the alarms. The table and bucket come in through props;
 * what each function may do with them is decided in FUNCTION_ACCESS below and nowhere else.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { apiRoutes } from '../../functions/contracts';
import { ENV, FUNCTION_NAMES, type FunctionName } from '../../shared/config/names';
import { SUMMARIES_PREFIX } from '../../shared/domain/generation';
import type { Config } from '../config';
import { acknowledgeWildcards } from '../nag';
import { ShowcaseAlarms } from '../constructs/alarms';
import { ShowcaseHttpApi } from '../constructs/http-api';
import { type FunctionDefaults, ShowcaseFunction } from '../constructs/showcase-function';
import { SummaryGenerator } from '../constructs/summary-generator';

export interface StatelessStackProps extends StackProps {
  /** Validated configuration of the stage. */
  readonly config: Config;
  /** Absolute path of the repository root (function entries, lock file). */
  readonly projectRoot: string;
  /** The reports table from the stateful stack. */
  readonly table: dynamodb.ITable;
  /** The documents bucket from the stateful stack. */
  readonly bucket: s3.IBucket;
}

interface Access {
  readonly table?: 'read' | 'readWrite';
  /** Only the download function reads documents (to presign URLs); only the aggregator writes them. */
  readonly bucket?: 'read' | 'put';
}

/** Least privilege, per function. A function absent from a column gets no permission and no variable for it. */
export const FUNCTION_ACCESS: Readonly<Record<FunctionName, Access>> = {
  authorizer: { table: 'read' },
  'get-health': {},
  'get-openapi': {},
  'get-catalog': {},
  'put-department': { table: 'readWrite' },
  'list-departments': { table: 'read' },
  'create-token': { table: 'readWrite' },
  'revoke-token': { table: 'readWrite' },
  'submit-report': { table: 'readWrite' },
  'get-report': { table: 'read' },
  'list-reports': { table: 'read' },
  'request-summary': { table: 'readWrite' },
  'get-summary': { table: 'read' },
  'download-document': { table: 'read', bucket: 'read' },
  'generate-summary': { table: 'readWrite', bucket: 'put' },
  'get-report-template': { table: 'read' },
  'get-me': { table: 'read' },
  'get-coverage': { table: 'read' },
  'list-tokens': { table: 'read' },
};

export class StatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly api: ShowcaseHttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, bucket } = props;

    const defaults: FunctionDefaults = {
      projectRoot: props.projectRoot,
      catalogPath: config.catalogPath,
      logLevel: config.logLevel,
      environment: {
        [ENV.timeZone]: config.timeZone,
        [ENV.dueWeekday]: String(config.dueWeekday),
        [ENV.dueTime]: config.dueTime,
        [ENV.orgName]: config.orgName,
      },
    };
    const resourceEnvironment = (name: FunctionName): Record<string, string> => ({
      ...(FUNCTION_ACCESS[name].table ? { [ENV.tableName]: table.tableName } : {}),
      ...(FUNCTION_ACCESS[name].bucket ? { [ENV.bucketName]: bucket.bucketName } : {}),
    });

    const summaries = new SummaryGenerator(this, 'Summaries', {
      defaults,
      environment: resourceEnvironment('generate-summary'),
      timeZone: config.timeZone,
    });
    const generator = summaries.generator.function;

    const functions = {} as Record<FunctionName, lambda.IFunction>;
    for (const name of FUNCTION_NAMES) {
      if (name === 'generate-summary') {
        functions[name] = generator;
        continue;
      }
      functions[name] = new ShowcaseFunction(this, pascalCase(name), {
        name,
        defaults,
        environment: {
          ...resourceEnvironment(name),
          ...(name === 'request-summary' ? { [ENV.generatorFunctionName]: generator.functionName } : {}),
          ...(name === 'create-token' ? { [ENV.tokenLifetimeDays]: String(config.tokenLifetimeDays) } : {}),
        },
      }).function;
    }
    this.functions = functions;

    for (const name of FUNCTION_NAMES) {
      const fn = functions[name];
      const access = FUNCTION_ACCESS[name];
      if (access.table === 'read') table.grantReadData(fn);
      if (access.table === 'readWrite') table.grantReadWriteData(fn);
      if (access.bucket === 'read') bucket.grantRead(fn);
      if (access.bucket === 'put') {
        bucket.grantPut(fn);
        // Clean-up of failed and superseded generations: delete under summaries/ only, and list that
        // prefix to find the keys (S3 has no "delete prefix"). No grant* method scopes a listing.
        bucket.grantDelete(fn, `${SUMMARIES_PREFIX}*`);
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${SUMMARIES_PREFIX}*`] } },
          }),
        );
      }
    }
    generator.grantInvoke(functions['request-summary']);
    this.acknowledgeGrantWildcards(functions, bucket);

    this.api = new ShowcaseHttpApi(this, 'Http', {
      routes: apiRoutes,
      handlers: functions,
      authorizer: functions.authorizer,
      throttlingRateLimit: config.throttlingRateLimit,
      throttlingBurstLimit: config.throttlingBurstLimit,
      corsOrigins: config.corsOrigins,
    });

    new ShowcaseAlarms(this, 'Alarms', {
      functions,
      deadLetterQueues: summaries.deadLetterQueues,
      httpApi: this.api.httpApi,
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
  }

  /**
   * The wildcards CDK's grants write and IAM has no narrower form for, acknowledged on the one role
   * each appears in and for the exact action or resource only.
   */
  private acknowledgeGrantWildcards(
    functions: Readonly<Record<FunctionName, lambda.IFunction>>,
    bucket: s3.IBucket,
  ): void {
    const roleOf = (name: FunctionName) => {
      const role = functions[name].role;
      if (!role) throw new Error(`${name} has no execution role`);
      return role;
    };
    acknowledgeWildcards(roleOf('download-document'), {
      actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
      resources: [bucket.arnForObjects('*')],
      reason:
        'bucket.grantRead: the function presigns GET URLs for documents whose keys are only known per ' +
        'request, so it reads objects anywhere in the documents bucket (and that bucket only).',
    });
    acknowledgeWildcards(roleOf('generate-summary'), {
      actions: ['s3:DeleteObject*'],
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*`)],
      reason:
        'bucket.grantDelete on summaries/*: the aggregator deletes the documents of failed and superseded ' +
        'generations, whose keys are only known at run time, and nothing outside summaries/.',
    });
    acknowledgeWildcards(roleOf('generate-summary'), {
      actions: ['s3:Abort*'],
      resources: [bucket.arnForObjects('*')],
      reason:
        'bucket.grantPut: the aggregator writes one document per scope and format under keys built at run ' +
        'time, and may abort its own multipart uploads; it can write to the documents bucket only.',
    });
    acknowledgeWildcards(roleOf('request-summary'), {
      resources: [`${functions['generate-summary'].functionArn}:*`],
      reason:
        'generator.grantInvoke: lambda:InvokeFunction on generate-summary and its versions and aliases ' +
        '(<arn>:*); no other function is reachable.',
    });
  }
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
