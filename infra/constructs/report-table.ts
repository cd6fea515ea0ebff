/**
 * The single DynamoDB table that holds departments, tokens, reports and summaries. Everything that
 * protects the data is fixed here; the only choice left to the caller is deletion protection, so a dev
 * stage can still be torn down by hand.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { WEEK_HEADS_INDEX } from '../../shared/adapters/dynamodb/keys';

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
    // The week heads by week-year, for a reviewer's coverage of the whole roster in one Query (keys.ts
    // says why it is sparse and what it projects). Added to an existing table, DynamoDB backfills it
    // from the heads that carry its attributes: those written since; README "Week heads".
    this.table.addGlobalSecondaryIndex({
      indexName: WEEK_HEADS_INDEX.indexName,
      partitionKey: { name: WEEK_HEADS_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: WEEK_HEADS_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...WEEK_HEADS_INDEX.projected],
    });
  }
}
