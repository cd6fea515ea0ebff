/**
 * The Lambda authorizer of the HTTP API (payload 2.0, simple responses).
 *
 * Why it never answers isAuthorized: false: an HTTP API turns that into a bare 403, while the contract
 * says an unknown or revoked token is a 401 with the JSON error body. So the authorizer always lets the
 * request through and says in the context whether the token was valid; the shared HTTP middleware
 * refuses every unauthenticated request to a private route with 401. A request with no Authorization
 * header never reaches here: API Gateway answers 401 itself. An expired token is refused like a revoked
 * one, but its holder is told why; API Gateway caches the decision for 60 s, so a token may work for up
 * to a minute past its expiresAt.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { authorizerDependencies } from '../../shared/adapters/authorizer-dependencies';
import type { AuthorizerContext } from '../../shared/http/principal';
import { logger } from '../../shared/observability/logger';
import { authenticateSecret } from '../../shared/use-cases/tokens';

const { tokens } = authorizerDependencies();

async function authorize(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const outcome = match
    ? await authenticateSecret(tokens, match[1]!, new Date())
    : { reason: 'not a bearer token' };
  if ('reason' in outcome) {
    logger.info('Token refused', { reason: outcome.reason, routeKey: event.routeKey });
    return { isAuthorized: true, context: { authenticated: false, reason: outcome.reason } };
  }
  return { isAuthorized: true, context: { authenticated: true, ...outcome.principal } };
}

export const handler = middy(authorize).use(injectLambdaContext(logger));
