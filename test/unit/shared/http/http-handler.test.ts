import type { Context } from 'aws-lambda';
import * as z from '../../../../shared/validation/zod';
import { NotFoundError } from '../../../../shared/errors/app-error';
import { defineContract } from '../../../../shared/http/contract';
import { httpHandler, type HttpEvent } from '../../../../shared/http/http-handler';
import type { AuthorizerContext } from '../../../../shared/http/principal';
import { logger } from '../../../../shared/observability/logger';

logger.setLogLevel('SILENT');

const context = {
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:test',
  memoryLimitInMB: '128',
  awsRequestId: 'lambda-request-id',
  getRemainingTimeInMillis: () => 10_000,
} as Context;

const contract = defineContract({
  operationId: 'testRoute',
  summary: 'A route for tests',
  tags: ['test'],
  access: { roles: ['admin', 'department'], ownDepartmentParam: 'departmentId' },
  params: z.strictObject({ departmentId: z.string().check(z.regex(/^[a-z]+$/)) }),
  body: z.strictObject({ name: z.string(), flag: z.optional(z.boolean()) }),
  responses: { 200: { description: 'ok' } },
});

const admin: AuthorizerContext = { authenticated: true, tokenId: 'a', role: 'admin' };
const department = (departmentId: string): AuthorizerContext => ({
  authenticated: true,
  tokenId: 'd',
  role: 'department',
  departmentId,
});

function event(
  options: {
    authorizer?: AuthorizerContext;
    departmentId?: string;
    body?: string;
    contentType?: string;
    isBase64Encoded?: boolean;
  } = {},
): HttpEvent {
  return {
    version: '2.0',
    routeKey: 'PUT /test/{departmentId}',
    rawPath: '/test',
    rawQueryString: '',
    headers: { 'Content-Type': options.contentType ?? 'application/json' },
    pathParameters: { departmentId: options.departmentId ?? 'qwb' },
    body: options.body ?? '{"name":"x"}',
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      requestId: 'gateway-request-id',
      ...(options.authorizer ? { authorizer: { lambda: options.authorizer } } : {}),
    },
  } as unknown as HttpEvent;
}

const echo = httpHandler(contract, async ({ params, body, principal, headers }) => ({
  statusCode: 200,
  headers: { etag: '"1"' },
  body: { params, body, principal, contentType: headers['content-type'] },
}));

interface ResponseJson extends Record<string, unknown> {
  error: { code: string; message: string; details: { field: string; message: string }[] };
}
const parse = (body: string | undefined) => JSON.parse(body ?? '') as ResponseJson;

describe('successful requests', () => {
  test('It should pass parsed input to the core and return its JSON with x-request-id', async () => {
    const response = await echo(event({ authorizer: admin, body: '{"name":"x","flag":true}' }), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      etag: '"1"',
      'x-request-id': 'gateway-request-id',
    });
    expect(parse(response.body)).toEqual({
      params: { departmentId: 'qwb' },
      body: { name: 'x', flag: true },
      principal: { tokenId: 'a', role: 'admin' },
      contentType: 'application/json',
    });
  });

  test('It should decode a base64 body', async () => {
    const body = Buffer.from('{"name":"编码"}').toString('base64');
    const response = await echo(event({ authorizer: admin, body, isBase64Encoded: true }), context);
    expect(parse(response.body).body).toEqual({ name: '编码' });
  });

  test('It should send an empty body without content-type when the core returns none', async () => {
    const handler = httpHandler({ ...contract, body: undefined }, async () => ({ statusCode: 204 }));
    const response = await handler(event({ authorizer: admin }), context);
    expect(response).toEqual({
      statusCode: 204,
      headers: { 'x-request-id': 'gateway-request-id' },
      body: '',
    });
  });

  test('It should send a binary body base64-encoded with isBase64Encoded', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]);
    const handler = httpHandler({ ...contract, body: undefined }, async () => ({
      statusCode: 200,
      binary: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    }));
    const response = await handler(event({ authorizer: admin }), context);
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream', 'x-request-id': 'gateway-request-id' },
      body: Buffer.from(bytes).toString('base64'),
      isBase64Encoded: true,
    });
  });
});

describe('errors', () => {
  test('It should answer 500 with a generic message that never shows internals', async () => {
    const handler = httpHandler(contract, async () => {
      throw new Error('secret table name');
    });
    const response = await handler(event({ authorizer: admin }), context);
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'x-request-id': 'gateway-request-id' });
    expect(response.body).not.toContain('secret');
    expect(parse(response.body)).toEqual({
      error: { code: 'internal_error', message: expect.stringContaining('x-request-id'), details: [] },
    });
  });

  test('It should answer an exposed application error with its status, message and details', async () => {
    const handler = httpHandler(contract, async () => {
      throw new NotFoundError('No such thing', [
        { field: 'path.departmentId', message: 'no such department' },
      ]);
    });
    const response = await handler(event({ authorizer: admin }), context);
    expect(response.statusCode).toBe(404);
    expect(parse(response.body)).toEqual({
      error: {
        code: 'not_found',
        message: 'No such thing',
        details: [{ field: 'path.departmentId', message: 'no such department' }],
      },
    });
  });

  test('It should fall back to the Lambda request id when the gateway gives none', async () => {
    const withoutId = event({ authorizer: admin, body: '{' });
    (withoutId.requestContext as { requestId?: string }).requestId = undefined;
    const response = await echo(withoutId, context);
    expect(response.headers).toMatchObject({ 'x-request-id': 'lambda-request-id' });
  });
});

describe('the order of checks', () => {
  test('It should answer 401 before looking at bad input when the token was refused', async () => {
    const response = await echo(
      event({
        authorizer: { authenticated: false, reason: 'unknown token' },
        departmentId: 'BAD',
        body: '{',
      }),
      context,
    );
    expect(response.statusCode).toBe(401);
    expect(parse(response.body).error).toMatchObject({ details: [{ field: 'header.authorization' }] });
    expect(response.headers).toMatchObject({ 'x-request-id': 'gateway-request-id' });
  });

  test('It should answer 401 when there is no authorizer context at all', async () => {
    const response = await echo(event(), context);
    expect(response.statusCode).toBe(401);
  });

  test('It should answer 403 for a role the route does not allow before validating input', async () => {
    const response = await echo(
      event({ authorizer: { authenticated: true, tokenId: 'r', role: 'reviewer' }, body: 'not json' }),
      context,
    );
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).error).toMatchObject({ details: [{ field: 'header.authorization' }] });
  });

  test("It should answer 403 naming the path parameter for another department's token", async () => {
    const response = await echo(
      event({ authorizer: department('zzb'), departmentId: 'qwb', body: '{' }),
      context,
    );
    expect(response.statusCode).toBe(403);
    expect(parse(response.body).error).toMatchObject({ details: [{ field: 'path.departmentId' }] });
  });

  test('It should let a department token act on its own department', async () => {
    const response = await echo(event({ authorizer: department('qwb') }), context);
    expect(response.statusCode).toBe(200);
  });

  test('It should not ask for a token on a public route', async () => {
    const handler = httpHandler(
      { ...contract, access: 'public', params: undefined, body: undefined },
      async () => ({
        statusCode: 200,
        body: { status: 'ok' },
      }),
    );
    expect((await handler(event(), context)).statusCode).toBe(200);
  });
});

describe('input', () => {
  test.each([
    ['a malformed path parameter', { departmentId: 'BAD' }, 400, ['path.departmentId']],
    ['malformed JSON', { body: '{"name":' }, 400, ['body']],
    ['an empty body', { body: '' }, 400, ['body']],
    ['an unknown field', { body: '{"name":"x","extra":1,"more":2}' }, 400, ['body.extra', 'body.more']],
    ['a wrong type', { body: '{"name":1}' }, 400, ['body.name']],
    ['a body that is not JSON', { contentType: 'text/plain' }, 415, ['header.content-type']],
    ['a body over 256 KB', { body: `{"name":"${'x'.repeat(256 * 1024)}"}` }, 413, ['body']],
  ])('It should refuse %s naming the field', async (_case, options, status, fields) => {
    const response = await echo(event({ authorizer: admin, ...options }), context);
    expect(response.statusCode).toBe(status);
    expect(parse(response.body).error.details.map((d) => d.field)).toEqual(fields);
    expect(response.headers).toMatchObject({ 'x-request-id': 'gateway-request-id' });
  });

  test('It should accept a JSON content type with parameters', async () => {
    const response = await echo(
      event({ authorizer: admin, contentType: 'Application/JSON; charset=utf-8' }),
      context,
    );
    expect(response.statusCode).toBe(200);
  });
});
