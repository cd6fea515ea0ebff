import { flattenReference } from '../../infra/nag';

describe('flattenReference', () => {
  it('should flatten references the way cdk-nag names IAM5 findings', () => {
    expect(flattenReference({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn123', 'Arn'] }, ':*']] })).toBe(
      '<Fn123.Arn>:*',
    );
    expect(flattenReference({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Stack:Export' }, '/*']] })).toBe(
      'Stack:Export/*',
    );
    expect(flattenReference({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::b/*']] })).toBe(
      'arn:<AWS::Partition>:s3:::b/*',
    );
    expect(flattenReference({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' })).toBe(
      'arn:<AWS::Partition>:s3:::b',
    );
    expect(flattenReference({ 'Fn::GetStackOutput': { OutputName: 'X' } })).toBe(
      '{"Fn::GetStackOutput":{"OutputName":"X"}}',
    );
  });
});
