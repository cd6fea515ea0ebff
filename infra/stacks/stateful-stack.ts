/**
 * What outlives any deployment: the reports table and the documents bucket. Kept apart from the
 * stateless stack so that the API, functions and schedules can be replaced or destroyed freely.
 */
import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DocumentBucket } from '../constructs/document-bucket';
import { ReportTable } from '../constructs/report-table';

export interface StatefulStackProps extends StackProps {
  /** Deployment stage; 'prod' switches on the table's deletion protection. */
  readonly stage: string;
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.ITable;
  readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    // Outside production a stage must be removable by hand once the stack is gone (the table is
    // retained either way); in production DeleteTable is refused.
    const { table } = new ReportTable(this, 'Reports', { deletionProtection: props.stage === 'prod' });
    const { bucket } = new DocumentBucket(this, 'Documents');
    this.table = table;
    this.bucket = bucket;

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The DynamoDB table' });
    new CfnOutput(this, 'BucketName', { value: bucket.bucketName, description: 'The documents bucket' });
    new CfnOutput(this, 'CreateAdminTokenCommand', {
      description: 'Run once from the repository root to create the first admin token',
      value: Fn.join('', [
        'npm run ops:create-admin-token -- --table ',
        table.tableName,
        ' --region ',
        Aws.REGION,
      ]),
    });
  }
}
