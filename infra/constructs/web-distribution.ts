/**
 * The web app in AWS: its files in a private S3 bucket, served by CloudFront through Origin Access
 * Control, HTTPS only, with strict security headers; `/v1/*` goes to the HTTP API on the same origin,
 * so the app calls its own origin (`connect-src 'self'`) and the API needs no CORS.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS } from '../web-security';

export interface WebDistributionProps {
  /** The HTTP API that `/v1/*` is routed to. */
  readonly httpApi: apigw.IHttpApi;
  /** The documents bucket: its presigned URLs are framed by the app's preview (CSP frame-src). */
  readonly documentsBucket: s3.IBucket;
  /** The app's files: the built web/dist, or a placeholder where bundling is skipped. */
  readonly source: s3deploy.ISource;
}

export class WebDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** https://<distribution domain>/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);

    const logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are delivered with an ACL, so the bucket must accept ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the log destination of the web bucket and the distribution; logging it to itself ' +
        'would log its own deliveries.',
    });

    this.bucket = new s3.Bucket(this, 'App', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'app-bucket/',
      // Retained like every bucket here: deleting a non-empty bucket would fail the stack's deletion, and
      // its files are rebuilt from the repository on the next deployment anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const documentsOrigin = `https://${props.documentsBucket.bucketRegionalDomainName}`;
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Showcase web app: strict CSP, HSTS, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(documentsOrigin),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });

    // The API's answers are per caller: nothing is cached unless the API says so, and the Authorization
    // header is part of the key (CloudFront forwards it on GET only when the cache policy names it).
    const apiCachePolicy = new cloudfront.CachePolicy(this, 'ApiCache', {
      comment: 'Showcase API: per-token, not cached by default',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const region = Stack.of(this).region;
    const apiOrigin = new origins.HttpOrigin(`${props.httpApi.apiId}.execute-api.${region}.amazonaws.com`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Showcase web app and API',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCachePolicy,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The departments of one district reach the app from wherever they work; no country is to be refused.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Every request but the static files needs a bearer token checked by the API’s authorizer, and the ' +
          'API stage throttles; a WAF web ACL is a per-deployment cost decision left to the operator.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, whose viewer TLS policy CloudFront ' +
          'fixes; a custom domain with its own certificate (and TLSv1.2_2021) is a deployment choice.',
      },
    );

    new s3deploy.BucketDeployment(this, 'Files', {
      sources: [props.source],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
      prune: true,
      memoryLimit: 512,
    });

    this.url = `https://${this.distribution.distributionDomainName}/`;
  }
}
