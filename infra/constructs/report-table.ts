/**
 * The single DynamoDB table that holds departments, tokens, reports and summaries. Everything that
 * protects the data is fixed here; the only choice left to the caller is deletion protection, so a dev
 * stage can still be torn down by hand.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface ReportTableProps {
  /**
   * Refuse DeleteTable until this is switched off again (production stages).
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
}

export class ReportTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ReportTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      // Traffic is a weekly burst around the due time and idle otherwise: on-demand fits.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-managed KMS key: encrypted at rest with CloudTrail-visible key use, no key to administer.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      // The reports are the system of record: a stack deletion must never take them along.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
