import { API_5XX_RATE_PERCENT } from '../../../infra/constructs/alarms';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { apiRoutes as routes } from '../../../functions/contracts';
import {
  AUTHORIZER_CACHE_TTL_SECONDS,
  ENV,
  FUNCTION_NAMES,
  type FunctionName,
} from '../../../shared/config/names';
import { resourcesOfType, synthesize, type SynthesizedApp } from '../helpers';
import { RENDER_BATCH_RESERVED_CONCURRENCY } from '../../../infra/constructs/summary-generator';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The logical id of each function, found by the description ShowcaseFunction gives it. */
function functionIds(template: Template): Record<FunctionName, string> {
  const byName = {} as Record<FunctionName, string>;
  for (const [id, fn] of Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))) {
    const name = String(fn.Properties?.Description).replace(/^Showcase /, '') as FunctionName;
    byName[name] = id;
  }
  return byName;
}

/** Every IAM statement granted to a function's role, across all policies attached to it. */
function statementsOf(template: Template, functionId: string): Statement[] {
  const fn = template.toJSON().Resources[functionId];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties?.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** Every IAM action granted to a function's role, across all policies attached to it. */
function actionsOf(template: Template, functionId: string): string[] {
  return statementsOf(template, functionId).flatMap((statement) => [statement.Action].flat());
}

/**
 * The partition-key patterns a function may read and write, from its DynamoDB statements; fails the
 * test if any DynamoDB statement lacks the LeadingKeys condition.
 */
function leadingKeysOf(template: Template, functionId: string) {
  const reach = { read: new Set<string>(), write: new Set<string>() };
  for (const statement of statementsOf(template, functionId)) {
    const actions = [statement.Action].flat();
    if (!actions.some((action) => action.startsWith('dynamodb:'))) continue;
    expect(statement.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    const patterns = [statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']].flat();
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      // CDK merges statements with equal conditions, so one statement may both read and write.
      if (actions.includes('dynamodb:GetItem')) reach.read.add(String(pattern));
      if (actions.includes('dynamodb:PutItem')) reach.write.add(String(pattern));
    }
  }
  return { read: [...reach.read].sort(), write: [...reach.write].sort() };
}

/** Each function's partitions: what it may read, and what it may write. A new function needs a row. */
const PARTITIONS: [FunctionName, string[], string[]][] = [
  ['authorizer', ['TOKEN#*'], []],
  ['put-department', ['DEPARTMENT'], ['DEPARTMENT']],
  ['list-departments', ['DEPARTMENT'], []],
  ['create-token', ['DEPARTMENT', 'TOKEN#*', 'TOKENS'], ['TOKEN#*', 'TOKENS']],
  ['revoke-token', ['TOKEN#*', 'TOKENS'], ['TOKEN#*', 'TOKENS']],
  ['list-tokens', ['TOKENS'], []],
  ['submit-report', ['DEPARTMENT', 'REPORT#*'], ['REPORT#*']],
  ['get-report', ['DEPARTMENT', 'REPORT#*'], []],
  ['list-reports', ['DEPARTMENT', 'REPORT#*'], []],
  ['request-summary', ['SUMMARY#*'], ['SUMMARY#*']],
  ['get-summary', ['SUMMARY#*'], []],
  ['download-document', ['SUMMARY#*'], []],
  ['generate-summary', ['DEPARTMENT', 'EDITORIAL#*', 'SUMMARY#*'], ['SUMMARY#*']],
  ['render-batch', ['DELIVERY#*', 'REPORT#*', 'SUMMARY#*'], ['DELIVERY#*', 'SUMMARY#*']],
  ['send-reminder', ['DELIVERY#*', 'DEPARTMENT', 'REPORT#*'], ['DELIVERY#*']],
  ['scheduled-reminder', ['DELIVERY#*', 'DEPARTMENT', 'REPORT#*'], ['DELIVERY#*']],
  ['put-editorial', ['EDITORIAL#*'], ['EDITORIAL#*']],
  ['get-editorial', ['EDITORIAL#*'], []],
  ['get-health', [], []],
  ['get-openapi', [], []],
  ['get-catalog', [], []],
  ['get-report-template', ['DEPARTMENT'], []],
  ['get-me', ['DEPARTMENT', 'TOKEN#*'], []],
  ['get-coverage', ['DEPARTMENT', 'REPORT#*'], []],
];

describe('StatelessStack', () => {
  let app: SynthesizedApp;
  let template: Template;
  let ids: Record<FunctionName, string>;

  beforeAll(() => {
    app = synthesize();
    template = app.statelessTemplate;
    ids = functionIds(template);
  });

  describe('functions', () => {
    it('should create one function per entry in FUNCTION_NAMES', () => {
      expect(Object.keys(ids).sort()).toEqual([...FUNCTION_NAMES].sort());
    });

    it('should run every function on nodejs22.x, arm64, with tracing and its own log group', () => {
      template.allResourcesProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') } },
      });
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
    });

    it('should give every function the shared environment and the bundled catalog and time zone paths', () => {
      template.allResourcesProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            [ENV.catalogFile]: '/var/task/catalog.json',
            // The zone's offsets computed at synth (infra/time-zone-file.ts): no deadline needs ICU.
            [ENV.timeZoneFile]: '/var/task/time-zone.json',
            [ENV.timeZone]: 'Asia/Shanghai',
            [ENV.dueWeekday]: '1',
            [ENV.dueTime]: '12:00',
            [ENV.orgName]: Match.anyValue(),
            POWERTOOLS_SERVICE_NAME: 'showcase',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
      });
    });

    it('should set TABLE_NAME and BUCKET_NAME only where the function may use them', () => {
      const functions = template.toJSON().Resources;
      const variables = (name: FunctionName) =>
        functions[ids[name]].Properties.Environment.Variables as Record<string, unknown>;
      const withBucket = FUNCTION_NAMES.filter((name) => ENV.bucketName in variables(name));
      const withoutTable = FUNCTION_NAMES.filter((name) => !(ENV.tableName in variables(name)));
      expect(withBucket.sort()).toEqual(['download-document', 'generate-summary', 'render-batch']);
      expect(withoutTable.sort()).toEqual(['get-catalog', 'get-health', 'get-openapi']);
      expect(variables('request-summary')[ENV.generatorFunctionName]).toEqual({
        Ref: ids['generate-summary'],
      });
      expect(variables('generate-summary')[ENV.renderBatchFunctionName]).toEqual({
        Ref: ids['render-batch'],
      });
      const withLifetime = FUNCTION_NAMES.filter((name) => ENV.tokenLifetimeDays in variables(name));
      expect(withLifetime).toEqual(['create-token']);
      expect(variables('create-token')[ENV.tokenLifetimeDays]).toBe('365');
      // Only the generator splits the roster; a batch receives its slice in its event.
      const withBatchSize = FUNCTION_NAMES.filter((name) => ENV.summaryBatchSize in variables(name));
      expect(withBatchSize).toEqual(['generate-summary']);
      expect(variables('generate-summary')[ENV.summaryBatchSize]).toBe('50');
      const withOpenApiFile = FUNCTION_NAMES.filter((name) => ENV.openApiFile in variables(name));
      expect(withOpenApiFile).toEqual(['get-openapi']);
      expect(variables('get-openapi')[ENV.openApiFile]).toBe('/var/task/openapi.json');
      const withTemplateFile = FUNCTION_NAMES.filter((name) => ENV.reportTemplateFile in variables(name));
      expect(withTemplateFile).toEqual(['get-report-template']);
      expect(variables('get-report-template')[ENV.reportTemplateFile]).toBe('/var/task/report-template.json');
    });
  });

  describe('least privilege', () => {
    it('should never grant "*" or a whole service ("service:*")', () => {
      for (const policy of Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))) {
        for (const statement of (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement) {
          for (const action of [statement.Action].flat()) {
            expect(action).not.toBe('*');
            expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
          }
        }
      }
    });

    it('should let only download-document read documents, render-batch its staged aggregates, and only the generation write', () => {
      const readers = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).some((action) => action.startsWith('s3:GetObject')),
      );
      const writers = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).includes('s3:PutObject'),
      );
      expect(readers).toEqual(['download-document', 'render-batch']);
      expect(writers).toEqual(['generate-summary', 'render-batch']);
      const reading = statementsOf(template, ids['render-batch']).filter((statement) =>
        [statement.Action].flat().includes('s3:GetObject'),
      );
      expect(reading).toHaveLength(1);
      expect(JSON.stringify(reading[0]!.Resource)).toMatch(/"\/summaries\/\*\/staging\/\*"\]/);
    });

    it('should let only render-batch delete documents, and list and delete under summaries/ only', () => {
      const deleters = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).includes('s3:DeleteObject*'),
      );
      expect(deleters).toEqual(['render-batch']);
      const fn = template.toJSON().Resources[ids['render-batch']];
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
        .filter((policy) => (policy.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
      const listing = statements.find((statement) => statement.Action === 's3:ListBucket');
      expect(listing).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['summaries/*'] } } });
      const deleting = statements.find((statement) => [statement.Action].flat().includes('s3:DeleteObject*'));
      expect(JSON.stringify(deleting?.Resource)).toContain('/summaries/*');
    });

    it('should let only the writing functions write to the table', () => {
      const writers = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).includes('dynamodb:PutItem'),
      );
      const readers = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).includes('dynamodb:GetItem'),
      );
      expect(writers.sort()).toEqual(
        [
          'create-token',
          'generate-summary',
          'put-department',
          'put-editorial',
          'render-batch',
          'request-summary',
          'revoke-token',
          'submit-report',
          // the reminders record each delivery
          'send-reminder',
          'scheduled-reminder',
        ].sort(),
      );
      expect(readers.sort()).toEqual(
        FUNCTION_NAMES.filter((name) => !['get-catalog', 'get-health', 'get-openapi'].includes(name)).sort(),
      );
    });

    it.each<[FunctionName, string[], string[]]>(PARTITIONS)(
      'should hold %s to its partitions: reads %j, writes %j',
      (name, read, write) => {
        expect(leadingKeysOf(template, ids[name])).toEqual({ read: read.sort(), write: write.sort() });
      },
    );

    it('should cover every function in the partition table above', () => {
      expect(PARTITIONS.map(([name]) => name).sort()).toEqual([...FUNCTION_NAMES].sort());
    });

    it('should let only get-coverage query the week heads index, and only its HEADS# partitions', () => {
      const onIndex = (name: FunctionName) =>
        statementsOf(template, ids[name]).filter((statement) =>
          JSON.stringify(statement.Resource).includes('/index/'),
        );
      const queriers = FUNCTION_NAMES.filter((name) => onIndex(name).length > 0);
      expect(queriers).toEqual(['get-coverage']);
      const [statement, ...others] = onIndex('get-coverage');
      expect(others).toHaveLength(0);
      expect(statement!.Action).toBe('dynamodb:Query');
      expect(JSON.stringify(statement!.Resource)).toMatch(/"\/index\/week-heads"\]/);
      expect(statement!.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['HEADS#*'] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
    });

    it('should never allow Scan or DescribeTable, which name no partition', () => {
      for (const name of FUNCTION_NAMES) {
        const actions = actionsOf(template, ids[name]);
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions).not.toContain('dynamodb:DescribeTable');
      }
    });

    it('should let download-document only GetObject under the documents prefix', () => {
      const s3 = statementsOf(template, ids['download-document']).filter((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('s3:')),
      );
      expect(s3).toHaveLength(1);
      expect(s3[0]!.Action).toBe('s3:GetObject');
      expect(JSON.stringify(s3[0]!.Resource)).toMatch(/"\/summaries\/\*"\]/);
    });

    it('should let only request-summary invoke the generator, and only the generator invoke render-batch', () => {
      const invokers = FUNCTION_NAMES.filter((name) =>
        actionsOf(template, ids[name]).includes('lambda:InvokeFunction'),
      );
      expect(invokers.sort()).toEqual(['generate-summary', 'request-summary']);
      const invoked = (name: FunctionName) =>
        statementsOf(template, ids[name])
          .filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'))
          .flatMap((statement) => [statement.Resource].flat())
          .map((resource) => JSON.stringify(resource));
      expect(invoked('request-summary').every((arn) => arn.includes(ids['generate-summary']))).toBe(true);
      expect(invoked('generate-summary').length).toBeGreaterThan(0);
      expect(invoked('generate-summary').every((arn) => arn.includes(ids['render-batch']))).toBe(true);
    });
  });

  describe('HTTP API', () => {
    it('should create exactly the routes of functions/routes.ts, each integrated with its own function', () => {
      const routeKeys = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).map(
        (route) => route.Properties?.RouteKey,
      );
      expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
      template.resourceCountIs('AWS::ApiGatewayV2::Integration', routes.length);
    });

    it('should put the Lambda authorizer on every authorized route and none on the public ones', () => {
      const [authorizerId] = Object.keys(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'));
      for (const route of routes) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: `${route.method} ${route.path}`,
          AuthorizationType: route.authorized ? 'CUSTOM' : 'NONE',
          AuthorizerId: route.authorized ? { Ref: authorizerId } : Match.absent(),
        });
      }
      expect(routes.filter((route) => !route.authorized).map((route) => route.path)).toEqual([
        '/v1/health',
        '/v1/openapi.json',
      ]);
    });

    it('should configure the authorizer for payload 2.0, simple responses and the shared cache TTL', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
        AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [ids.authorizer, 'Arn'] }])] },
      });
    });

    it('should throttle the stage and write JSON access logs to a log group', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
          Format: Match.serializedJson(
            Match.objectLike({ requestId: '$context.requestId', status: '$context.status' }),
          ),
        },
      });
    });

    it('should have no CORS configuration when no origins are configured', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    });

    it('should output the API URL', () => {
      template.hasOutput('ApiUrl', { Value: Match.anyValue() });
    });
  });

  describe('summary generation', () => {
    it('should cap the generator and the fan-out width with reserved concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Showcase generate-summary',
        ReservedConcurrentExecutions: 2,
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Showcase render-batch',
        ReservedConcurrentExecutions: RENDER_BATCH_RESERVED_CONCURRENCY,
      });
      const reserved = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter(
        (fn) => fn.Properties?.ReservedConcurrentExecutions !== undefined,
      );
      expect(reserved).toHaveLength(2);
    });

    it('should deploy the generator as a coordinator and render-batch with a full vCPU', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Showcase generate-summary',
        MemorySize: 1024,
        Timeout: 60,
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Showcase render-batch',
        MemorySize: 1769,
        Timeout: 300,
      });
    });

    it('should send a failed render batch to its own dead-letter queue at once, without retries', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids['render-batch'] },
        MaximumRetryAttempts: 0,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailedBatches'), 'Arn'] } },
        },
      });
    });

    it('should send failed asynchronous generations to an encrypted, TLS-only dead-letter queue', () => {
      // The other asynchronous function, scheduled-reminder, is checked with the reminders below.
      const config = Object.values(resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig')).filter(
        (resource) =>
          JSON.stringify(resource.Properties?.FunctionName) ===
          JSON.stringify({ Ref: ids['generate-summary'] }),
      );
      expect(config).toHaveLength(1);
      expect(config[0]?.Properties).toMatchObject({
        FunctionName: { Ref: ids['generate-summary'] },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
      });
    });

    it('should encrypt every dead-letter queue and refuse plain-HTTP access to it', () => {
      const queues = Object.keys(resourcesOfType(template, 'AWS::SQS::Queue'));
      // Failed generations and render batches, one per summary schedule (5), failed reminders, the
      // reminder schedule's.
      expect(queues).toHaveLength(9);
      template.allResourcesProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      for (const queue of queues) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });

    it.each([
      ['cron(0 6 ? * MON *)', 'running'],
      ['cron(30 0 1 1,7 ? *)', 'ended'],
      ['cron(30 12 ? * MON *)', 'week-ended'],
      ['cron(30 0 1 1,4,7,10 ? *)', 'quarter-ended'],
      ['cron(45 0 1 1 ? *)', 'year-ended'],
    ])(
      'should schedule %s in the configured time zone for the %s summary, with retries and a DLQ',
      (expression, kind) => {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: expression,
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': [ids['generate-summary'], 'Arn'] },
            Input: Match.serializedJson({
              source: 'schedule',
              kind,
              scheduledTime: '<aws.scheduler.scheduled-time>',
            }),
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Undelivered'), 'Arn'] } },
          },
        });
      },
    );

    it('should use a different dead-letter queue for each schedule', () => {
      const dlqs = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule')).map((schedule) =>
        JSON.stringify((schedule.Properties?.Target as { DeadLetterConfig: unknown }).DeadLetterConfig),
      );
      expect(new Set(dlqs).size).toBe(dlqs.length);
      expect(dlqs).toHaveLength(6);
    });

    it('should remind on Monday 09:00 in the configured time zone, with retries and a DLQ', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 9 ? * MON *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        Target: {
          Arn: { 'Fn::GetAtt': [ids['scheduled-reminder'], 'Arn'] },
          Input: Match.serializedJson({
            source: 'schedule',
            scheduledTime: '<aws.scheduler.scheduled-time>',
          }),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 2 * 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ReminderUndelivered'), 'Arn'] } },
        },
      });
    });

    it('should send failed scheduled reminders to their own dead-letter queue after two retries', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids['scheduled-reminder'] },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailedReminders'), 'Arn'] } },
        },
      });
    });

    it('should evaluate the schedules in the time zone from the context', () => {
      const other = synthesize({ timeZone: 'Europe/Berlin' });
      other.statelessTemplate.allResourcesProperties('AWS::Scheduler::Schedule', {
        ScheduleExpressionTimezone: 'Europe/Berlin',
      });
    });
  });

  describe('alarms', () => {
    it('should alarm on errors and throttles of every function, every DLQ and the API 5xx rate', () => {
      // DLQs: failed generations, failed render batches, one per summary schedule (5), failed reminders,
      // the reminder schedule's. + the event publish failures alarm.
      template.resourceCountIs('AWS::CloudWatch::Alarm', FUNCTION_NAMES.length * 2 + 2 + 5 + 2 + 1 + 1);
      for (const metric of ['Errors', 'Throttles']) {
        for (const name of FUNCTION_NAMES) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            MetricName: metric,
            Namespace: 'AWS/Lambda',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids[name] } }],
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
          });
        }
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: API_5XX_RATE_PERCENT,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
          Match.objectLike({
            Id: 'errors',
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }),
            }),
          }),
          Match.objectLike({
            Id: 'requests',
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: 'Count', Namespace: 'AWS/ApiGateway' }),
            }),
          }),
        ]),
      });
    });

    it('should create no topic and no alarm actions without an alarm e-mail', () => {
      template.resourceCountIs('AWS::SNS::Topic', 0);
      template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
    });
  });

  describe('cdk-nag', () => {
    it('should leave no AwsSolutions finding unacknowledged', () => {
      const report = new AwsSolutionsChecks(app.app).validateScope(app.app);
      expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    });
  });
});

describe('StatelessStack with optional settings', () => {
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesize({
      stage: 'prod',
      alarmEmail: 'ops@example.org',
      corsOrigins: ['https://portal.example.org'],
      throttlingRateLimit: 5,
      throttlingBurstLimit: 10,
      summaryBatchSize: 20,
    });
  });

  it('should open CORS to exactly the configured origins', () => {
    app.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://portal.example.org'] }),
    });
  });

  it('should give the generator the summary batch size from the context', () => {
    const generator = Object.values(resourcesOfType(app.statelessTemplate, 'AWS::Lambda::Function')).find(
      (fn) => fn.Properties?.Description === 'Showcase generate-summary',
    );
    expect(generator?.Properties?.Environment).toMatchObject({
      Variables: { [ENV.summaryBatchSize]: '20' },
    });
  });

  it('should take the stage throttling from the context', () => {
    app.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });

  it('should notify the alarm e-mail through an encrypted, TLS-only topic', () => {
    const template = app.statelessTemplate;
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it('should leave no AwsSolutions finding unacknowledged', () => {
    const report = new AwsSolutionsChecks(app.app).validateScope(app.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('StatelessStack notifications', () => {
  it('should let exactly the reminder functions read the channels secret, named by context, never its value', () => {
    const app = synthesize({
      channelsSecretName: 'showcase/dev/channels',
      sesFromAddress: 'noreply@example.gov.cn',
    });
    const template = app.statelessTemplate;
    const ids = functionIds(template);
    const readers = FUNCTION_NAMES.filter((name) =>
      actionsOf(template, ids[name]).includes('secretsmanager:GetSecretValue'),
    );
    // render-batch (the batch that publishes) posts the scheduled weekly showcase to the group channels.
    expect(readers.sort()).toEqual(['render-batch', 'scheduled-reminder', 'send-reminder']);
    const senders = FUNCTION_NAMES.filter((name) => actionsOf(template, ids[name]).includes('ses:SendEmail'));
    expect(senders.sort()).toEqual(['scheduled-reminder', 'send-reminder']);
    for (const name of ['scheduled-reminder', 'send-reminder'] as const) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: `Showcase ${name}`,
        Environment: {
          Variables: Match.objectLike({
            [ENV.channelsSecretName]: 'showcase/dev/channels',
            [ENV.sesFromAddress]: 'noreply@example.gov.cn',
          }),
        },
      });
    }
    // No other function learns the secret's name.
    const withName = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn.Properties?.Environment ?? {}).includes(ENV.channelsSecretName),
    );
    expect(withName).toHaveLength(3);
  });

  it('should grant nothing for notifications when no secret or sender is configured', () => {
    const template = synthesize().statelessTemplate;
    const ids = functionIds(template);
    for (const name of FUNCTION_NAMES) {
      expect(actionsOf(template, ids[name])).not.toContain('secretsmanager:GetSecretValue');
      expect(actionsOf(template, ids[name])).not.toContain('ses:SendEmail');
    }
  });
});

describe('StatelessStack events', () => {
  const template = () => synthesize().statelessTemplate;

  it('should give the stack an event bus that exactly submit-report and the summary functions may put events on', () => {
    const t = template();
    t.resourceCountIs('AWS::Events::EventBus', 1);
    const ids = functionIds(t);
    const publishers = FUNCTION_NAMES.filter((name) => actionsOf(t, ids[name]).includes('events:PutEvents'));
    // request-summary announces SummaryFailed for a generation it takes over or cannot start.
    expect(publishers.sort()).toEqual([
      'generate-summary',
      'render-batch',
      'request-summary',
      'submit-report',
    ]);
    for (const name of publishers) {
      t.hasResourceProperties('AWS::Lambda::Function', {
        Description: `Showcase ${name}`,
        Environment: {
          Variables: Match.objectLike({ [ENV.eventBusName]: { Ref: Match.stringLikeRegexp('Events') } }),
        },
      });
    }
  });

  it('should alarm on the first event that could not be published', () => {
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Showcase',
      MetricName: 'EventPublishFailures',
      Dimensions: [{ Name: 'service', Value: 'showcase' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});
