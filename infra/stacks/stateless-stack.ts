/**
 * Everything that can be destroyed and rebuilt without losing data: the functions, the HTTP API and
 * its authorizer, the summary schedules and the alarms. The table and bucket come in through props;
 * what each function may do with them is decided in FUNCTION_ACCESS below and nowhere else.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { apiRoutes } from '../../functions/contracts';
import { LEADING_KEYS, WEEK_HEADS_INDEX, type ItemKind } from '../../shared/adapters/dynamodb/keys';
import {
  BUNDLED_OPENAPI_FILE,
  BUNDLED_REPORT_TEMPLATE_FILE,
  ENV,
  EVENT_PUBLISH_FAILURES,
  FUNCTION_NAMES,
  METRICS_NAMESPACE,
  type FunctionName,
} from '../../shared/config/names';
import { SUMMARIES_PREFIX } from '../../shared/domain/generation';
import type { Config } from '../config';
import { acknowledgeWildcards } from '../nag';
import { ShowcaseAlarms } from '../constructs/alarms';
import { ShowcaseHttpApi } from '../constructs/http-api';
import { deployedFile, type FunctionDefaults, ShowcaseFunction } from '../constructs/showcase-function';
import { openApiDocumentFile } from '../openapi-file';
import { buildReportTemplateFile } from '../report-template-file';
import { timeZoneFile } from '../time-zone-file';
import { SummaryGenerator } from '../constructs/summary-generator';
import { Reminders } from '../constructs/reminders';

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

/**
 * What a function may do in the table, by kind of item (shared/adapters/dynamodb/keys.ts LEADING_KEYS):
 * each kind is a partition-key prefix, and IAM's `dynamodb:LeadingKeys` condition holds the function to
 * those partitions. `write` includes reading.
 */
interface TableAccess {
  readonly read?: readonly ItemKind[];
  readonly write?: readonly ItemKind[];
  /**
   * Query the week heads index (keys.ts WEEK_HEADS_INDEX), held to its `HEADS#*` partitions: an index
   * is a resource of its own in IAM, which a grant on the table does not reach.
   */
  readonly weekHeads?: true;
}

interface Access {
  readonly table?: TableAccess;
  /**
   * Only the download function reads documents (s3:GetObject, to presign URLs); the generator stages the
   * run's context (put only); the render batches write documents, read back staged aggregates (under
   * a generation's staging/ folder only) and delete old generations (`publish`). All under the documents
   * prefix only.
   */
  readonly bucket?: 'read' | 'put' | 'publish';
  /** Reads the notification channels' secret (`groups`), and also sends e-mail through SES (`email`). */
  readonly notify?: 'groups' | 'email';
  /** Publishes integration events to the stack's bus. */
  readonly events?: true;
}

/**
 * Least privilege, per function, and the one place that grants anything. A function absent from a
 * column gets no permission and no variable for it.
 */
export const FUNCTION_ACCESS: Readonly<Record<FunctionName, Access>> = {
  authorizer: { table: { read: ['token'] } },
  'get-health': {},
  'get-openapi': {},
  'get-catalog': {},
  'put-department': { table: { write: ['department'] } },
  'list-departments': { table: { read: ['department'] } },
  'create-token': { table: { read: ['department'], write: ['token', 'tokenListing'] } },
  'revoke-token': { table: { write: ['token', 'tokenListing'] } },
  'submit-report': { table: { read: ['department'], write: ['report'] }, events: true },
  'get-report': { table: { read: ['department', 'report'] } },
  'list-reports': { table: { read: ['department', 'report'] } },
  // events: SummaryFailed for a generation it takes over or cannot start.
  'request-summary': { table: { write: ['summary'] }, events: true },
  'get-summary': { table: { read: ['summary'] } },
  'download-document': { table: { read: ['summary'] }, bucket: 'read' },
  'generate-summary': {
    table: { read: ['department', 'editorial'], write: ['summary'] },
    bucket: 'put',
    events: true,
  },
  'get-report-template': { table: { read: ['department'] } },
  'get-me': { table: { read: ['token', 'department'] } },
  'get-coverage': { table: { read: ['department', 'report'], weekHeads: true } },
  'list-tokens': { table: { read: ['tokenListing'] } },
  'send-reminder': { table: { read: ['department', 'report'], write: ['delivery'] }, notify: 'email' },
  'scheduled-reminder': { table: { read: ['department', 'report'], write: ['delivery'] }, notify: 'email' },
  'put-editorial': { table: { read: ['editorial'], write: ['editorial'] } },
  'get-editorial': { table: { read: ['editorial'] } },
  'render-batch': {
    table: { read: ['report'], write: ['summary', 'delivery'] },
    bucket: 'publish',
    events: true,
    notify: 'groups',
  },
};

/**
 * The item-level actions the adapters use. No Scan (every access path is a GetItem or a one-partition
 * Query), no DescribeTable: neither names a partition, so neither could be held to one.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * `ForAllValues:StringLike` holds every key the request touches to the patterns; the `Null` condition
 * refuses a request that names no key at all, which `ForAllValues` alone would let through.
 */
export function leadingKeysCondition(kinds: readonly ItemKind[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': kinds.map((kind) => LEADING_KEYS[kind]) },
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}

export class StatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly api: ShowcaseHttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, bucket } = props;

    const defaults: FunctionDefaults = {
      projectRoot: props.projectRoot,
      catalogPath: config.catalogPath,
      timeZoneFile: timeZoneFile(config.timeZone),
      logLevel: config.logLevel,
      environment: {
        [ENV.timeZone]: config.timeZone,
        [ENV.dueWeekday]: String(config.dueWeekday),
        [ENV.dueTime]: config.dueTime,
        [ENV.orgName]: config.orgName,
      },
    };
    // Integration events (ReportSubmitted, SummaryReady, SummaryFailed) for the district's own rules.
    const bus = new events.EventBus(this, 'Events', { description: 'Showcase integration events' });
    const resourceEnvironment = (name: FunctionName): Record<string, string> => ({
      ...(FUNCTION_ACCESS[name].events ? { [ENV.eventBusName]: bus.eventBusName } : {}),
      ...(FUNCTION_ACCESS[name].table ? { [ENV.tableName]: table.tableName } : {}),
      ...(FUNCTION_ACCESS[name].bucket ? { [ENV.bucketName]: bucket.bucketName } : {}),
      // The secret's name only: its values (webhook URLs, signing secrets) never reach an environment
      // variable or the template.
      ...(FUNCTION_ACCESS[name].notify && config.channelsSecretName
        ? { [ENV.channelsSecretName]: config.channelsSecretName }
        : {}),
      ...(FUNCTION_ACCESS[name].notify === 'email' && config.sesFromAddress
        ? { [ENV.sesFromAddress]: config.sesFromAddress }
        : {}),
      ...(FUNCTION_ACCESS[name].notify && config.webAppUrl ? { [ENV.webAppUrl]: config.webAppUrl } : {}),
    });

    const summaries = new SummaryGenerator(this, 'Summaries', {
      defaults,
      environment: resourceEnvironment('generate-summary'),
      renderBatchEnvironment: resourceEnvironment('render-batch'),
      timeZone: config.timeZone,
      summaryBatchSize: config.summaryBatchSize,
    });
    const generator = summaries.generator.function;
    const reminders = new Reminders(this, 'Reminders', {
      defaults,
      environment: resourceEnvironment('scheduled-reminder'),
      timeZone: config.timeZone,
    });

    const functions = {} as Record<FunctionName, lambda.IFunction>;
    for (const name of FUNCTION_NAMES) {
      if (name === 'generate-summary') {
        functions[name] = generator;
        continue;
      }
      if (name === 'render-batch') {
        functions[name] = summaries.renderBatch.function;
        continue;
      }
      if (name === 'scheduled-reminder') {
        functions[name] = reminders.reminder.function;
        continue;
      }
      functions[name] = new ShowcaseFunction(this, pascalCase(name), {
        name,
        defaults,
        environment: {
          ...resourceEnvironment(name),
          ...(name === 'request-summary' ? { [ENV.generatorFunctionName]: generator.functionName } : {}),
          ...(name === 'create-token' ? { [ENV.tokenLifetimeDays]: String(config.tokenLifetimeDays) } : {}),
          ...(name === 'get-openapi' ? { [ENV.openApiFile]: deployedFile(BUNDLED_OPENAPI_FILE) } : {}),
          ...(name === 'get-report-template'
            ? { [ENV.reportTemplateFile]: deployedFile(BUNDLED_REPORT_TEMPLATE_FILE) }
            : {}),
        },
        ...(name === 'get-openapi' ? { files: { [BUNDLED_OPENAPI_FILE]: openApiDocumentFile() } } : {}),
        // Built from the catalog the bundle ships, when the bundle is built (report-template-file.ts).
        ...(name === 'get-report-template'
          ? { builtFiles: { [BUNDLED_REPORT_TEMPLATE_FILE]: buildReportTemplateFile } }
          : {}),
      }).function;
    }
    this.functions = functions;

    const documents = bucket.arnForObjects(`${SUMMARIES_PREFIX}*`);
    for (const name of FUNCTION_NAMES) {
      const fn = functions[name];
      const access = FUNCTION_ACCESS[name];
      if (access.table) grantTable(fn, table, access.table);
      if (access.bucket === 'read') {
        iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:GetObject'], resourceArns: [documents] });
      }
      if (access.bucket === 'put') bucket.grantPut(fn, `${SUMMARIES_PREFIX}*`);
      if (access.bucket === 'publish') {
        bucket.grantPut(fn, `${SUMMARIES_PREFIX}*`);
        // The reduce reads back what the batches staged, and nothing else (a generation's staging/ folder).
        iam.Grant.addToPrincipal({
          grantee: fn,
          actions: ['s3:GetObject'],
          resourceArns: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*/staging/*`)],
        });
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
      if (access.events) bus.grantPutEventsTo(fn);
    }
    this.grantNotifications(functions, config);
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
      deadLetterQueues: [...summaries.deadLetterQueues, ...reminders.deadLetterQueues],
      httpApi: this.api.httpApi,
      alarmEmail: config.alarmEmail,
      failureMetrics: [
        {
          id: 'event-publish-failures',
          description: 'An integration event could not be published to the event bus (after retries)',
          metric: new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: EVENT_PUBLISH_FAILURES,
            dimensionsMap: { service: 'showcase' },
            statistic: cloudwatch.Stats.SUM,
            period: Duration.minutes(5),
          }),
        },
      ],
    });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName, description: 'Integration events bus' });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
  }

  /**
   * The channels' secret may be read by exactly the functions that notify, and they may send e-mail
   * from the configured identity only.
   */
  private grantNotifications(functions: Readonly<Record<FunctionName, lambda.IFunction>>, config: Config) {
    const notifying = FUNCTION_NAMES.filter((name) => FUNCTION_ACCESS[name].notify);
    if (config.channelsSecretName) {
      const secret = secretsmanager.Secret.fromSecretNameV2(
        this,
        'ChannelsSecret',
        config.channelsSecretName,
      );
      for (const name of notifying) secret.grantRead(functions[name]);
    }
    if (config.sesFromAddress) {
      const domain = config.sesFromAddress.split('@')[1]!;
      for (const name of notifying.filter((candidate) => FUNCTION_ACCESS[candidate].notify === 'email')) {
        functions[name].addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesFromAddress }),
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
            ],
            conditions: { StringEquals: { 'ses:FromAddress': config.sesFromAddress } },
          }),
        );
      }
    }
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
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*`)],
      reason:
        's3:GetObject only, under the documents prefix only: the function presigns GET URLs for documents ' +
        'whose keys (period, generation, scope) are only known per request. No List or GetBucket action.',
    });
    acknowledgeWildcards(roleOf('render-batch'), {
      actions: ['s3:DeleteObject*'],
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*`)],
      reason:
        'bucket.grantDelete on summaries/*: the publishing batch deletes its staged aggregates and the ' +
        'documents of failed and superseded generations, whose keys are only known at run time, and ' +
        'nothing outside summaries/.',
    });
    acknowledgeWildcards(roleOf('render-batch'), {
      actions: ['s3:Abort*'],
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*`)],
      reason:
        'bucket.grantPut: a batch writes one document per scope and format under keys built at run ' +
        'time, and may abort its own multipart uploads; it can write under the documents prefix only.',
    });
    acknowledgeWildcards(roleOf('render-batch'), {
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*/staging/*`)],
      reason:
        's3:GetObject on the staged aggregates of generations only (summaries/<period>/<generation>/' +
        'staging/*), whose keys are only known at run time; no published document can be read.',
    });
    acknowledgeWildcards(roleOf('generate-summary'), {
      actions: ['s3:Abort*'],
      resources: [bucket.arnForObjects(`${SUMMARIES_PREFIX}*`)],
      reason:
        'bucket.grantPut: the generator stages the run context under keys built at run time, and may ' +
        'abort its own multipart uploads; it can write under the documents prefix only.',
    });
    acknowledgeWildcards(roleOf('generate-summary'), {
      resources: [`${functions['render-batch'].functionArn}:*`],
      reason:
        'renderBatch.grantInvoke: lambda:InvokeFunction on render-batch and its versions and aliases ' +
        '(<arn>:*); no other function is reachable.',
    });
    acknowledgeWildcards(roleOf('request-summary'), {
      resources: [`${functions['generate-summary'].functionArn}:*`],
      reason:
        'generator.grantInvoke: lambda:InvokeFunction on generate-summary and its versions and aliases ' +
        '(<arn>:*); no other function is reachable.',
    });
  }
}

/** Reads and writes on the table's items, each held to its kinds of partition. */
function grantTable(fn: lambda.IFunction, table: dynamodb.ITable, access: TableAccess): void {
  if (access.weekHeads) {
    // Query only: the index has no items to get, and a Scan would name no partition.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['dynamodb:Query'],
      resourceArns: [`${table.tableArn}/index/${WEEK_HEADS_INDEX.indexName}`],
      conditions: leadingKeysCondition(['weekHeads']),
    });
  }
  const write = access.write ?? [];
  const read = [...write, ...(access.read ?? []).filter((kind) => !write.includes(kind))];
  if (read.length > 0) {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...TABLE_READ_ACTIONS],
      resourceArns: [table.tableArn],
      conditions: leadingKeysCondition(read),
    });
  }
  if (write.length > 0) {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...TABLE_WRITE_ACTIONS],
      resourceArns: [table.tableArn],
      conditions: leadingKeysCondition(write),
    });
  }
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
