/**
 * The alarms that say something is wrong before a department notices: any function error or
 * throttle, anything in a dead-letter queue, and an API 5xx rate above 1 %. Function and queue thresholds
 * are "more than zero" because at this traffic level every one of these is worth a look.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';

/** The share of 5xx responses, in percent, above which the API alarm fires. */
export const API_5XX_RATE_PERCENT = 1;

export interface ShowcaseAlarmsProps {
  /** Every function, by name; each gets an errors and a throttles alarm. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Every dead-letter queue; each gets a depth alarm. */
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** The HTTP API whose 5xx responses are watched. */
  readonly httpApi: apigw.IHttpApi;
  /**
   * Address subscribed to the alarm topic; the subscription must be confirmed from the first e-mail.
   *
   * @default - no topic: the alarms are visible in the console but notify nobody
   */
  readonly alarmEmail?: string;
  /**
   * Custom metrics that count failures, each alarmed on its first occurrence (such as integration
   * events that could not be published).
   *
   * @default - none
   */
  readonly failureMetrics?: readonly { id: string; description: string; metric: cloudwatch.IMetric }[];
}

export class ShowcaseAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: ShowcaseAlarmsProps) {
    super(scope, id);

    if (props.alarmEmail) {
      // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, hence a key of our own.
      const key = new kms.Key(this, 'TopicKey', {
        description: 'Showcase alarm topic',
        enableKeyRotation: true,
        // The key only protects notifications in flight; nothing stored depends on it.
        removalPolicy: RemovalPolicy.DESTROY,
        pendingWindow: Duration.days(7),
      });
      key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}-errors`,
        `${name}: an invocation failed`,
        fn.metricErrors({ period: Duration.minutes(5) }),
      );
      this.add(
        `${name}-throttles`,
        `${name}: an invocation was throttled`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
      );
    }
    for (const dlq of props.deadLetterQueues) {
      this.add(
        `${dlq.node.id}-depth`,
        `A message is waiting in a dead-letter queue: ${dlq.purpose}`,
        dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      );
    }
    for (const failure of props.failureMetrics ?? [])
      this.add(failure.id, failure.description, failure.metric);
    // A rate, not a count: a burst of traffic should not page anyone for one failed request in thousands,
    // while at today's volume a single 5xx among a few dozen requests still crosses 1 %.
    this.add(
      'api-5xx-rate',
      `More than ${API_5XX_RATE_PERCENT} % of the HTTP API's responses in five minutes were 5xx`,
      new cloudwatch.MathExpression({
        label: 'API 5xx rate (%)',
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM }),
          requests: props.httpApi.metricCount({ statistic: cloudwatch.Stats.SUM }),
        },
        period: Duration.minutes(5),
      }),
      API_5XX_RATE_PERCENT,
    );
  }

  private add(id: string, description: string, metric: cloudwatch.IMetric, threshold = 0): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means no invocations or an empty queue: nothing is wrong.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
