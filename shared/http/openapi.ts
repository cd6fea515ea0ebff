/**
 * Builds the OpenAPI 3.1 document from the route table and the contracts the handlers validate with.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits directly; named schemas (`.meta({ id })`)
 * become components.
 */
import * as z from 'zod';
import { isPublic } from '../domain/access';
import type { RouteContract } from './contract';
import { ErrorBody } from './schemas';

export interface DocumentedRoute {
  method: string;
  path: string;
  contract: RouteContract;
}

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input; `details` names each field at fault',
  401: 'No token, or an unknown or revoked one',
  403: 'The token may not do this (role or department)',
  404: 'No such department, report, summary or document',
  413: 'Body larger than 256 KB',
  415: 'Body is not application/json',
  500: 'Internal error; the body never shows internals',
};

export function buildOpenApiDocument(routes: DocumentedRoute[], info: { title: string; version: string }) {
  const components: Record<string, JsonSchema> = {};

  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
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
      ...(contract.params ? [404] : []),
      ...(contract.body ? [413, 415] : []),
      500,
    ];
    for (const status of errorStatuses) {
      responses[status] ??= {
        description: STATUS_TEXT[status],
        content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } },
      };
    }
    for (const [status, value] of Object.entries(responses)) {
      const response = value as { content?: unknown };
      if (Number(status) >= 400 && !response.content) {
        responses[status] = {
          ...response,
          content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } },
        };
      }
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
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
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
