/**
 * Builds the OpenAPI 3.1 document from the route table and the contracts the handlers validate with.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits directly; named schemas (`.meta({ id })`)
 * become components.
 */
import * as z from '../validation/zod';
import { isPublic } from '../domain/access';
import type { RouteContract } from './contract';
import { ErrorBody } from './schemas';

export interface DocumentedRoute {
  method: string;
  path: string;
  contract: RouteContract;
}

type JsonSchema = Record<string, unknown>;

/**
 * The errors every operation of a kind can answer. A 404 is not among them: only a contract knows
 * whether its operation can answer one, and it documents it with its own description.
 */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input; `details` names each field at fault',
  401:
    'No token, or an unknown, revoked or expired one (for an expired one the message says so). A request ' +
    'without an Authorization header at all is answered by API Gateway itself, before the API sees it, ' +
    'with `{"message":"Unauthorized"}`.',
  403: 'The token may not do this (role or department)',
  413: 'Body larger than 256 KB',
  415: 'Body is not application/json',
  429:
    'Too many requests: the stage is throttled (rate and burst per stage, see the README). Answered by ' +
    'API Gateway with `{"message":"Too Many Requests"}`; retry later with backoff.',
  500: 'Internal error; the body never shows internals',
};

/** What the API is, for the document's `info`. */
export const API_DESCRIPTION =
  'Departments of a district government submit weekly achievement reports; every submission is kept as ' +
  'an immutable revision; half-years of them are aggregated with exact decimals into summary documents ' +
  '(JSON, HTML, Word, Markdown) that reviewers download through short-lived links. Every route except ' +
  'the health check and this document needs `Authorization: Bearer <token>`; `x-roles` on an operation ' +
  'lists the roles that may call it. Every response the API writes carries an `x-request-id` header, ' +
  'which the logs carry too, and its errors are always the `Error` body; API Gateway answers 429 ' +
  '(throttling) and 401 for a request without Authorization itself, with `{"message"}`.';

const TAGS = [
  { name: 'meta', description: 'Health check and this document' },
  { name: 'catalog', description: 'Themes and metrics that reports count' },
  { name: 'departments', description: 'The roster of reporting departments' },
  { name: 'tokens', description: 'API tokens: issue, list, revoke' },
  { name: 'reports', description: 'Weekly reports and their revisions' },
  { name: 'summaries', description: 'Summaries of a week, quarter, half-year or year, and their documents' },
  { name: 'reminders', description: 'Reminders to the departments that have not reported a week' },
];

const GatewayMessage = z.withMeta(z.object({ message: z.string() }), {
  id: 'GatewayMessage',
  description: 'A body written by API Gateway itself',
});

export function buildOpenApiDocument(routes: DocumentedRoute[], info: { title: string; version: string }) {
  const components: Record<string, JsonSchema> = {};

  const toSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
    const generated = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    });
    // zod points named schemas at its own `$defs`; in this document they live under components.schemas.
    const json = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema;
    const { $schema: _schema, $defs, ...rest } = json;
    Object.assign(components, $defs as Record<string, JsonSchema> | undefined);
    if (typeof rest.id === 'string') {
      const id = rest.id;
      delete rest.id;
      components[id] = rest;
      return { $ref: `#/components/schemas/${id}` };
    }
    return rest;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { contract } = route;
    const authorized = !isPublic(contract.access);
    const parameters: unknown[] = [];
    for (const [location, schema] of [
      ['path', contract.params],
      ['query', contract.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: location,
          required: location === 'path' || (json.required ?? []).includes(name),
          schema: property,
          ...(typeof property.description === 'string' ? { description: property.description } : {}),
        });
      }
    }
    for (const [name, description] of Object.entries(contract.headers ?? {})) {
      parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
    }

    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(contract.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
        ...(response.mediaType ? { content: { [response.mediaType]: {} } } : {}),
        ...(response.schema
          ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }
          : {}),
      };
    }
    const errorStatuses = [
      ...(contract.params || contract.query || contract.body ? [400] : []),
      ...(authorized ? [401, 403] : []),
      ...(contract.body ? [413, 415] : []),
      429,
      500,
    ];
    for (const status of errorStatuses) responses[status] ??= { description: STATUS_TEXT[status] };
    const errorBody = toSchema(ErrorBody, 'output');
    for (const [status, value] of Object.entries(responses)) {
      const response = value as { content?: unknown; headers?: Record<string, unknown> };
      const code = Number(status);
      const schema =
        code === 429
          ? toSchema(GatewayMessage, 'output')
          : code === 401
            ? { oneOf: [errorBody, toSchema(GatewayMessage, 'output')] }
            : errorBody;
      responses[status] = {
        ...response,
        // API Gateway writes the 429 itself, without the API's request id.
        ...(code === 429
          ? {}
          : { headers: { ...response.headers, 'x-request-id': { $ref: '#/components/headers/RequestId' } } }),
        ...(code >= 400 && !response.content ? { content: { 'application/json': { schema } } } : {}),
      };
    }

    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: contract.operationId,
      summary: contract.summary,
      ...(contract.description ? { description: contract.description } : {}),
      tags: contract.tags,
      ...(isPublic(contract.access)
        ? { security: [] }
        : { security: [{ bearer: [] }], 'x-roles': contract.access.roles }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(contract.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: API_DESCRIPTION,
      contact: { name: 'The Showcase maintainers (see the README)' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: TAGS,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      headers: {
        RequestId: {
          description:
            'Identifies this request in the logs; quote it when reporting a problem. On every response the ' +
            'API writes, errors included (not on those API Gateway writes itself: 429, and 401 without a header).',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token from POST /v1/tokens (prefix shwc_), or the local ADMIN_TOKEN',
        },
      },
    },
  };
}
