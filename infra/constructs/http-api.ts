/**
 * The public HTTP API, built from the route table in functions/routes.ts. Every route is private
 * unless its contract says `access: 'public'`: the Lambda authorizer is the API's default and only the
 * routes whose `authorized` (derived from that) is false opt out. Throttling and JSON access logs are fixed on the stage, and
 * CORS stays closed unless origins are configured.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiRoute } from '../../functions/contracts';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '../../shared/config/names';

type Route = Pick<ApiRoute, 'method' | 'path' | 'functionName' | 'authorized'>;
type RouteFunctionName = Route['functionName'];

export interface ShowcaseHttpApiProps {
  /** The route table; one route per entry, integrated with the function of that name. */
  readonly routes: readonly Route[];
  /** The function behind each route's `functionName`. */
  readonly handlers: Readonly<Record<RouteFunctionName, lambda.IFunction>>;
  /** The Lambda authorizer (payload 2.0, simple responses) guarding every `authorized` route. */
  readonly authorizer: lambda.IFunction;
  /** Steady-state requests per second across the stage. */
  readonly throttlingRateLimit: number;
  /** Requests absorbed in a burst above the rate. */
  readonly throttlingBurstLimit: number;
  /**
   * Browser origins allowed to call the API.
   *
   * @default [] - no CORS configuration at all, so browsers on other origins are refused
   */
  readonly corsOrigins?: readonly string[];
}

// Every field quoted: a variable API Gateway cannot fill is logged as "-", which would break bare JSON.
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
};

export class ShowcaseHttpApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** The API's base URL, ending in a slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ShowcaseHttpApiProps) {
    super(scope, id);
    const corsOrigins = props.corsOrigins ?? [];

    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
    });

    this.httpApi = new apigw.HttpApi(this, 'Api', {
      description: 'Showcase: weekly achievement reports in, half-year review documents out',
      // A route added without thinking about authorization is private.
      defaultAuthorizer: authorizer,
      // The default stage has no throttling or access logs; the stage below has both.
      createDefaultStage: false,
      corsPreflight:
        corsOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...corsOrigins],
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match'],
              exposeHeaders: ['etag', 'location'],
              maxAge: Duration.hours(1),
            },
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit, burstLimit: props.throttlingBurstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.url = this.stage.url;

    for (const route of props.routes) {
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.method}${route.path.replace(/[{}]/g, '').replace(/\//g, '-')}`,
          props.handlers[route.functionName],
        ),
        authorizer: route.authorized ? authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (!route.authorized && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (access: 'public' in its contract): health checks and the API description must work without a token.`,
        });
      }
    }
  }
}
