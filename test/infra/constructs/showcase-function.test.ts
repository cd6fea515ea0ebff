import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../../infra/app-builder';
import { readFileSync } from 'node:fs';
import { ShowcaseFunction } from '../../../infra/constructs/showcase-function';
import { timeZoneFile } from '../../../infra/time-zone-file';
import {
  FUNCTION_SIZING,
  GENERATOR_MAX_OLD_SPACE_MB,
  RENDER_BATCH_MAX_SEMI_SPACE_MB,
} from '../../../infra/function-sizing';
import { routes } from '../../../functions/routes';
import {
  DEFAULT_HEARTBEAT_SECONDS,
  FUNCTION_NAMES,
  HEARTBEATS_BEFORE_STALE,
} from '../../../shared/config/names';

describe('FUNCTION_SIZING', () => {
  it('should size every function and nothing else', () => {
    expect(Object.keys(FUNCTION_SIZING).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it('should run the summary benchmark with the heap limit the deployed generator has', () => {
    const scripts = (
      JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(FUNCTION_SIZING['generate-summary'].maxOldSpaceMb).toBe(GENERATOR_MAX_OLD_SPACE_MB);
    expect(scripts['bench:summary']).toContain(`--max-old-space-size=${GENERATOR_MAX_OLD_SPACE_MB} `);
  });

  it('should size the generator for splitting a generation, not rendering it', () => {
    expect(FUNCTION_SIZING['generate-summary']).toMatchObject({ memoryMb: 1024, timeoutSeconds: 60 });
    // It beats once, when it starts; past the stale window another generation could take its lock.
    expect(FUNCTION_SIZING['generate-summary'].timeoutSeconds).toBeLessThanOrEqual(
      DEFAULT_HEARTBEAT_SECONDS * HEARTBEATS_BEFORE_STALE,
    );
    // Its heap cap must fit in its memory, with room for code and buffers outside the heap.
    expect(FUNCTION_SIZING['generate-summary'].maxOldSpaceMb).toBeLessThanOrEqual(1024 - 200);
  });

  it('should give the render batches one full vCPU and the deployed five minutes', () => {
    expect(FUNCTION_SIZING['render-batch']).toMatchObject({
      memoryMb: 1769,
      timeoutSeconds: 300,
      maxOldSpaceMb: GENERATOR_MAX_OLD_SPACE_MB,
      maxSemiSpaceMb: RENDER_BATCH_MAX_SEMI_SPACE_MB,
    });
    // The two semi-spaces and the capped old space fit in its memory with room for code and buffers.
    expect(2 * RENDER_BATCH_MAX_SEMI_SPACE_MB + GENERATOR_MAX_OLD_SPACE_MB).toBeLessThanOrEqual(1769 - 400);
  });

  it('should give the authorizer and every route a user waits for the CPU of 1,024 MB at cold start', () => {
    const waitedFor = [
      'authorizer' as const,
      ...routes.map((route) => route.functionName).filter((name) => name !== 'get-health'),
    ];
    for (const name of waitedFor) expect(FUNCTION_SIZING[name].memoryMb).toBeGreaterThanOrEqual(1024);
  });

  it('should keep every function behind the API under the 30 s integration timeout', () => {
    for (const route of routes) expect(FUNCTION_SIZING[route.functionName].timeoutSeconds).toBeLessThan(30);
    expect(FUNCTION_SIZING.authorizer.timeoutSeconds).toBeLessThan(30);
  });
});

describe('ShowcaseFunction', () => {
  function template(name: 'submit-report' | 'generate-summary' | 'render-batch' = 'submit-report'): Template {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Test');
    new ShowcaseFunction(stack, 'Fn', {
      name,
      defaults: {
        projectRoot: PROJECT_ROOT,
        catalogPath: `${PROJECT_ROOT}/shared/domain/default-catalog.json`,
        timeZoneFile: timeZoneFile('UTC'),
        environment: { TIME_ZONE: 'UTC' },
        logLevel: 'DEBUG',
      },
      environment: { TABLE_NAME: 'reports' },
    });
    return Template.fromStack(stack);
  }

  it('should take memory and timeout from FUNCTION_SIZING and merge the environments', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: FUNCTION_SIZING['submit-report'].memoryMb,
      Timeout: FUNCTION_SIZING['submit-report'].timeoutSeconds,
      Environment: {
        Variables: {
          TIME_ZONE: 'UTC',
          TABLE_NAME: 'reports',
          CATALOG_FILE: '/var/task/catalog.json',
          TIME_ZONE_FILE: '/var/task/time-zone.json',
          POWERTOOLS_SERVICE_NAME: 'showcase',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          // Stacks are source-mapped when logged, not by Node at every cold start.
          NODE_OPTIONS: Match.absent(),
        },
      },
    });
  });

  it('should cap the V8 heap of the generator only', () => {
    template('generate-summary').hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NODE_OPTIONS: `--max-old-space-size=${GENERATOR_MAX_OLD_SPACE_MB}`,
        }),
      },
    });
  });

  it('should give the render batches a young generation for their short-lived documents as well', () => {
    template('render-batch').hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NODE_OPTIONS: `--max-old-space-size=${GENERATOR_MAX_OLD_SPACE_MB} --max-semi-space-size=${RENDER_BATCH_MAX_SEMI_SPACE_MB}`,
        }),
      },
    });
  });

  it('should use its own role without AWS managed policies, writing only to its own log group', () => {
    const t = template();
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogGroup'), 'Arn'] },
          },
          { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  it('should retain its log group for three months', () => {
    template().hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
  });
});
