/**
 * The web app's distribution: kept in its own stack because it only reads from the others (the API's
 * id, the documents bucket's domain) and neither of them needs anything back, so there is no cycle.
 */
import { cpSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CfnOutput, DockerImage, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { WebDistribution } from '../constructs/web-distribution';
import { acknowledgeWildcards } from '../nag';
import { ensureWebBuild, WEB_DIST } from '../local/web-build';

export interface WebStackProps extends StackProps {
  /** Absolute path of the repository root. */
  readonly projectRoot: string;
  readonly httpApi: apigw.IHttpApi;
  readonly documentsBucket: s3.IBucket;
}

export class WebStack extends Stack {
  readonly web: WebDistribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);

    this.web = new WebDistribution(this, 'Web', {
      httpApi: props.httpApi,
      documentsBucket: props.documentsBucket,
      source: appSource(props.projectRoot),
    });

    // BucketDeployment's one shared function (a CDK-provided custom resource) copies the files.
    const deployment = this.node
      .findAll()
      .find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployment) {
      Validations.of(deployment).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK’s BucketDeployment function uses AWSLambdaBasicExecutionRole for its own logs only.',
      });
      const reason =
        'CDK’s BucketDeployment function copies the app’s files from the CDK asset bucket into the app ' +
        'bucket (replacing and pruning any key) and invalidates the distribution, whose invalidation ' +
        'API takes no resource narrower than *.';
      acknowledgeWildcards(deployment, {
        actions: ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'],
        resources: [this.web.bucket.arnForObjects('*')],
        reason,
      });
      Validations.of(deployment).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
          reason,
        },
        { id: 'AwsSolutions-IAM5[Resource::*]', reason },
        {
          id: 'AwsSolutions-L1',
          reason: 'CDK chooses the BucketDeployment function’s runtime, which moves with aws-cdk-lib.',
        },
      );
    }

    new CfnOutput(this, 'AppUrl', {
      value: this.web.url,
      description: 'The web app (and the API under /v1/)',
    });
  }
}

/**
 * The built app, built at synth time when it is missing or stale (infra/local/web-build.ts). Where
 * bundling is skipped (the infra tests), CDK stages the web/ folder itself as a placeholder, so a
 * fresh clone synthesizes without a build.
 */
function appSource(projectRoot: string): s3deploy.ISource {
  return s3deploy.Source.asset(join(projectRoot, 'web'), {
    exclude: ['dist', 'docs', 'node_modules'],
    bundling: {
      // Never pulled: the local build below always answers, and fails loudly if the build fails.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      local: {
        tryBundle(outputDir: string) {
          ensureWebBuild((line) => process.stderr.write(`${line}\n`));
          if (!existsSync(join(WEB_DIST, 'index.html'))) return false;
          // The build's own stamp file stays behind: it is not part of the app.
          cpSync(WEB_DIST, outputDir, { recursive: true, filter: (path) => !basename(path).startsWith('.') });
          return true;
        },
      },
    },
  });
}
