/**
 * A queue that only ever receives events something else failed to deliver. Encryption, TLS-only
 * access and the longest retention SQS offers are fixed, so there is time to look at a failure.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /**
   * Whose failed events land here, in words; it appears in the cdk-nag suppression and on the queue's
   * alarm so an operator knows where to look.
   */
  readonly purpose: string;
}

export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.queue = new sqs.Queue(this, 'Queue', {
      // SQS-managed keys: the services writing here (Lambda destinations, EventBridge Scheduler) need no
      // KMS grants, and the messages are event envelopes, not documents.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${props.purpose}); a dead-letter queue of a dead-letter queue would only move the problem.`,
    });
  }
}
