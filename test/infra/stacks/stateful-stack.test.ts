import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOfType, synthesize, type SynthesizedApp } from '../helpers';

describe('StatefulStack', () => {
  let dev: SynthesizedApp;
  let prod: SynthesizedApp;

  beforeAll(() => {
    dev = synthesize();
    prod = synthesize({ stage: 'prod' });
  });

  it('should name the stacks after the stage', () => {
    expect(dev.stateful.stackName).toBe('Showcase-dev-Stateful');
    expect(prod.stateful.stackName).toBe('Showcase-prod-Stateful');
    expect(prod.stateless.stackName).toBe('Showcase-prod-Stateless');
  });

  describe('the reports table', () => {
    it('should be a pk/sk single table, on demand, with point-in-time recovery and encryption at rest', () => {
      dev.statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', 1);
      dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    });

    it('should have one index, the sparse week heads index, projecting the status attributes only', () => {
      dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'weekHeadsPk', AttributeType: 'S' },
          { AttributeName: 'weekHeadsSk', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'week-heads',
            KeySchema: [
              { AttributeName: 'weekHeadsPk', KeyType: 'HASH' },
              { AttributeName: 'weekHeadsSk', KeyType: 'RANGE' },
            ],
            Projection: {
              ProjectionType: 'INCLUDE',
              // The sort key names the week and the department; a cell needs only these two more.
              NonKeyAttributes: ['revision', 'firstLate'],
            },
          },
        ],
        LocalSecondaryIndexes: Match.absent(),
      });
    });

    it('should be retained when the stack is deleted', () => {
      dev.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('should have deletion protection in prod only', () => {
      dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        DeletionProtectionEnabled: false,
      });
      prod.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        DeletionProtectionEnabled: true,
      });
    });
  });

  describe('the buckets', () => {
    it('should block all public access, encrypt and be retained, for both the documents and the log bucket', () => {
      const buckets = Object.values(resourcesOfType(dev.statefulTemplate, 'AWS::S3::Bucket'));
      expect(buckets).toHaveLength(2);
      dev.statefulTemplate.allResources('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        }),
      });
    });

    it('should deny every request that does not use TLS, on both buckets', () => {
      const policies = Object.values(resourcesOfType(dev.statefulTemplate, 'AWS::S3::BucketPolicy'));
      expect(policies).toHaveLength(2);
      dev.statefulTemplate.allResourcesProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('should version the documents, expire old versions and abort stale uploads, and log access', () => {
      dev.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            }),
          ],
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('DocumentsAccessLogs') },
        },
      });
    });
  });

  describe('outputs', () => {
    it('should output the table and bucket names and the exact admin token command', () => {
      const outputs = dev.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
      const tableRef = { Ref: Match.stringLikeRegexp('ReportsTable') };
      dev.statefulTemplate.hasOutput('TableName', { Value: tableRef });
      const [documentsBucket] = Object.keys(
        dev.statefulTemplate.findResources('AWS::S3::Bucket', {
          Properties: { VersioningConfiguration: { Status: 'Enabled' } },
        }),
      );
      dev.statefulTemplate.hasOutput('BucketName', { Value: { Ref: documentsBucket } });
      dev.statefulTemplate.hasOutput('CreateAdminTokenCommand', {
        Value: {
          'Fn::Join': [
            '',
            ['npm run ops:create-admin-token -- --table ', tableRef, ' --region ', { Ref: 'AWS::Region' }],
          ],
        },
      });
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining(['TableName', 'BucketName', 'CreateAdminTokenCommand']),
      );
    });
  });
});
