/**
 * Summary generation: the generator (the coordinator that splits a generation into batches), the
 * render-batch function the batches run on, how a failed generation or batch is kept, and the schedules
 * that start it all. Both functions are only ever invoked asynchronously (by request-summary, by
 * EventBridge Scheduler, by the generator), so their failures must land somewhere a person sees them.
 */
import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import { ENV, SUMMARY_BATCH } from '../../shared/config/names';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../nag';
import { DeadLetterQueue } from './dead-letter-queue';
import { type FunctionDefaults, ShowcaseFunction } from './showcase-function';

/**
 * At most this many generations run at once. Each reads a half-year of reports; a burst of requests
 * must queue up (Lambda retries throttled async events) instead of swamping the table and the
 * account's concurrency.
 */
export const GENERATOR_RESERVED_CONCURRENCY = 2;

/**
 * The fan-out width: at most this many render batches run at once. It bounds the load one generation puts
 * on the table and the bucket, and what it takes from the account's concurrency (1,000 by default); 200
 * batches of a 10,000-department province run in 8 waves. Batches beyond it wait in Lambda's asynchronous
 * queue (a throttled event is retried for up to six hours), they are not lost.
 */
export const RENDER_BATCH_RESERVED_CONCURRENCY = 25;

/** When the aggregator runs by itself, in the configured time zone. */
export const SUMMARY_SCHEDULES = [
  {
    id: 'Weekly',
    // Monday morning: the running half-year summary includes the week that just fell due.
    expression: 'cron(0 6 ? * MON *)',
    kind: 'running',
  },
  {
    id: 'HalfYear',
    // Just after a half-year ends (1 Jan, 1 Jul): the final document of the half-year that ended.
    expression: 'cron(30 0 1 1,7 ? *)',
    kind: 'ended',
  },
  {
    id: 'WeeklyShowcase',
    // Monday 12:30, just after the default 12:00 deadline: the 周晒 of the week that ended.
    expression: 'cron(30 12 ? * MON *)',
    kind: 'week-ended',
  },
  {
    id: 'Quarter',
    // The first day after a quarter: its summary, once (no "to date" runs for quarters).
    expression: 'cron(30 0 1 1,4,7,10 ? *)',
    kind: 'quarter-ended',
  },
  {
    id: 'Year',
    // 1 January: the year just ended, once.
    expression: 'cron(45 0 1 1 ? *)',
    kind: 'year-ended',
  },
] as const;

export interface SummaryGeneratorProps {
  /** Settings shared by every function of the deployment. */
  readonly defaults: FunctionDefaults;
  /**
   * Variables the aggregator needs beyond the shared ones (TABLE_NAME, BUCKET_NAME).
   *
   * @default - only the shared environment
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Variables the render-batch function needs beyond the shared ones.
   *
   * @default - only the shared environment
   */
  readonly renderBatchEnvironment?: Readonly<Record<string, string>>;
  /** IANA time zone the schedules are evaluated in, e.g. Asia/Shanghai. */
  readonly timeZone: string;
  /**
   * Departments per render batch: the generator splits the roster into slices of this size. A batch
   * gets its slice in its event, so only the generator is given the setting.
   *
   * @default SUMMARY_BATCH.defaultSize (50)
   */
  readonly summaryBatchSize?: number;
}

export class SummaryGenerator extends Construct {
  readonly generator: ShowcaseFunction;
  readonly renderBatch: ShowcaseFunction;
  /** Every dead-letter queue of summary generation, so each gets an alarm. */
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  readonly schedules: readonly scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: SummaryGeneratorProps) {
    super(scope, id);

    const failedGenerations = new DeadLetterQueue(this, 'FailedGenerations', {
      purpose: 'generate-summary invocations that failed after their retries',
    });
    const failedBatches = new DeadLetterQueue(this, 'FailedBatches', {
      purpose: 'render-batch invocations that failed (their generation is recorded as failed)',
    });
    // No retries: a batch that fails records its generation as failed (conditional on running), so a
    // retry could never complete that generation; the event goes straight to the queue for a person to
    // read. A duplicate delivery, which Lambda may make even so, is harmless: a batch is counted once.
    this.renderBatch = new ShowcaseFunction(this, 'RenderBatch', {
      name: 'render-batch',
      defaults: props.defaults,
      environment: props.renderBatchEnvironment,
      reservedConcurrentExecutions: RENDER_BATCH_RESERVED_CONCURRENCY,
      onFailure: new SqsDestination(failedBatches.queue),
      retryAttempts: 0,
    });
    this.generator = new ShowcaseFunction(this, 'Generator', {
      name: 'generate-summary',
      defaults: props.defaults,
      environment: {
        ...props.environment,
        [ENV.renderBatchFunctionName]: this.renderBatch.function.functionName,
        [ENV.summaryBatchSize]: String(props.summaryBatchSize ?? SUMMARY_BATCH.defaultSize),
      },
      reservedConcurrentExecutions: GENERATOR_RESERVED_CONCURRENCY,
      onFailure: new SqsDestination(failedGenerations.queue),
      retryAttempts: 2,
    });
    this.renderBatch.function.grantInvoke(this.generator.function);

    // One role for both schedules, created here rather than by the target so that its trust policy
    // and its single suppression are visible in this file. The conditions stop another account's
    // schedules from using it (confused deputy).
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: start summary generation',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    acknowledgeWildcards(schedulerRole, {
      resources: [`${this.generator.function.functionArn}:*`],
      reason:
        'Generated by the LambdaInvoke target (generator.grantInvoke): lambda:InvokeFunction on the ' +
        'generate-summary function and its versions (<arn>:*); no other function is reachable.',
    });

    const deadLetterQueues: DeadLetterQueue[] = [failedGenerations, failedBatches];
    this.schedules = SUMMARY_SCHEDULES.map(({ id: scheduleId, expression, kind }) => {
      // Scheduler hands the event to Lambda asynchronously; this queue catches events Scheduler could
      // not hand over at all (throttled, function missing). Failures inside the function go to
      // FailedGenerations above.
      const undelivered = new DeadLetterQueue(this, `${scheduleId}Undelivered`, {
        purpose: `${kind} summary schedule events EventBridge Scheduler could not deliver`,
      });
      deadLetterQueues.push(undelivered);
      return new scheduler.Schedule(this, `${scheduleId}Schedule`, {
        description: `Generate the summary of kind ${kind}`,
        schedule: scheduler.ScheduleExpression.expression(expression, TimeZone.of(props.timeZone)),
        target: new targets.LambdaInvoke(this.generator.function, {
          input: scheduler.ScheduleTargetInput.fromObject({
            source: 'schedule',
            kind,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
          role: schedulerRole,
          deadLetterQueue: undelivered.queue,
          retryAttempts: 3,
          // A summary started hours late is still useful; one started the next day is not the one asked for.
          maxEventAge: Duration.hours(6),
        }),
      });
    });
    this.deadLetterQueues = deadLetterQueues;
  }
}
