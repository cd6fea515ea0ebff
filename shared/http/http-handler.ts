/**
 * Everything every HTTP function does the same way, in one place: request ids, structured logs,
 * authentication and role checks, body parsing, validation against the route's contract, and the
 * mapping of errors to the JSON error body. A function supplies its contract and a `core` that takes
 * parsed input and returns a result.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from '../validation/zod';
import {
  AppError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
  type ErrorDetail,
} from '../errors/app-error';
import { hasRole, isPublic, mayActFor, type Principal } from '../domain/access';
import { logger } from '../observability/logger';
import { EXPIRED_TOKEN } from '../use-cases/tokens';
import type { RouteContract } from './contract';
import { parseJsonBody } from './json-body';
import type { AuthorizerContext } from './principal';

export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext | undefined>;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export interface HttpRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Undefined only on public routes. */
  principal: Principal;
  requestId: string;
}

export interface HttpResult {
  statusCode: number;
  body?: unknown;
  /**
   * A binary body (a workbook): sent base64-encoded with isBase64Encoded, which API Gateway decodes
   * before it answers; the core sets its content-type header.
   */
  binary?: Uint8Array;
  headers?: Record<string, string>;
}

type Infer<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

export function zodIssuesToDetails(prefix: string, error: z.core.$ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${base}.${key}`, message: 'unknown field' }));
    }
    return [{ field: base, message: issue.message }];
  });
}

function validate<T extends z.ZodMiniType>(schema: T | undefined, input: unknown, prefix: string): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = zodIssuesToDetails(prefix, result.error);
    throw new ValidationError(`Invalid ${prefix}: ${details.map((d) => d.field).join(', ')}`, details);
  }
  return result.data as Infer<T>;
}

function lowerCaseHeaders(headers: Record<string, string | undefined> | undefined) {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function authenticate(event: HttpEvent, access: RouteContract['access'], params: unknown): Principal {
  if (isPublic(access)) return undefined as unknown as Principal;
  const context = event.requestContext.authorizer?.lambda;
  if (!context || context.authenticated !== true) {
    // Only expiry is worth telling: the holder needs a new token. Unknown and revoked look alike.
    throw context?.reason === EXPIRED_TOKEN
      ? new UnauthorizedError('The token has expired; ask an admin for a new one')
      : new UnauthorizedError();
  }
  const principal: Principal = {
    tokenId: context.tokenId,
    role: context.role,
    departmentId: context.departmentId,
  };
  if (!hasRole(principal, access)) {
    throw new ForbiddenError(`The ${principal.role} role may not use this route`, [
      { field: 'header.authorization', message: `role ${principal.role} is not allowed here` },
    ]);
  }
  if (access.ownDepartmentParam) {
    const requested = (params as Record<string, unknown> | undefined)?.[access.ownDepartmentParam];
    if (!mayActFor(principal, requested)) {
      throw new ForbiddenError('A department token may only act on its own department', [
        { field: `path.${access.ownDepartmentParam}`, message: 'not the department of this token' },
      ]);
    }
  }
  return principal;
}

export function errorResponse(error: unknown, requestId: string): HttpResponse {
  const appError =
    error instanceof AppError && error.expose
      ? error
      : new AppError(
          500,
          'internal_error',
          'Internal server error; quote the x-request-id when reporting it',
        );
  if (!(error instanceof AppError) || !error.expose)
    logger.error('Request failed', { error: error as Error });
  return {
    statusCode: appError.statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
    body: JSON.stringify({
      error: { code: appError.code, message: appError.message, details: appError.details },
    }),
  };
}

export function httpHandler<P extends z.ZodMiniType, Q extends z.ZodMiniType, B extends z.ZodMiniType>(
  contract: RouteContract<P, Q, B>,
  core: (request: HttpRequest<Infer<P>, Infer<Q>, Infer<B>>) => Promise<HttpResult>,
) {
  const base = async (event: HttpEvent, context: Context): Promise<HttpResponse> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.appendKeys({ requestId, route: event.routeKey });
    try {
      const headers = lowerCaseHeaders(event.headers);
      const rawParams = event.pathParameters ?? {};
      // Authentication and the role come first: a caller without rights learns nothing from validation.
      const principal = authenticate(event, contract.access, rawParams);
      const params = validate(contract.params, rawParams, 'path');
      const query = validate(contract.query, event.queryStringParameters ?? {}, 'query');
      const body = contract.body
        ? validate(
            contract.body,
            parseJsonBody(event.body, event.isBase64Encoded, headers['content-type']),
            'body',
          )
        : (undefined as Infer<B>);
      const result = await core({ params, query, body, headers, principal, requestId });
      if (result.binary) {
        return {
          statusCode: result.statusCode,
          headers: { ...result.headers, 'x-request-id': requestId },
          body: Buffer.from(result.binary).toString('base64'),
          isBase64Encoded: true,
        };
      }
      const hasBody = result.body !== undefined;
      return {
        statusCode: result.statusCode,
        headers: {
          ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...result.headers,
          'x-request-id': requestId,
        },
        body: hasBody ? JSON.stringify(result.body) : '',
      };
    } catch (error) {
      return errorResponse(error, requestId);
    } finally {
      logger.removeKeys(['requestId', 'route']);
    }
  };
  return middy(base).use(injectLambdaContext(logger));
}
