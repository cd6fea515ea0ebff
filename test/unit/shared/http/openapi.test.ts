/**
 * The contract as third-party tools read it: the document GET /v1/openapi.json serves, built without a
 * stack. (test/integration/ingestion/openapi.test.ts checks it over HTTP and against the 3.1 schema;
 * `npm run lint:openapi` runs Redocly on it.)
 */
import { openApiDocument } from '../../../../functions/contracts';
import { ERROR_CODES, AppError } from '../../../../shared/errors/app-error';
import * as errors from '../../../../shared/errors/app-error';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking JSON

const document = openApiDocument() as unknown as Json;
const operations: [string, string, Json][] = Object.entries(document.paths as Json).flatMap(
  ([path, methods]) =>
    Object.entries(methods as Json).map(([method, op]): [string, string, Json] => [path, method, op as Json]),
);
const operation = (path: string, method: string) => document.paths[path][method] as Json;

function resolve(schema: Json): Json {
  const name = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;
  return name ? resolve(document.components.schemas[name]) : schema;
}

/** Every key path in a schema (following $refs once each) where `key` occurs. */
function pathsWithKey(schema: unknown, key: string, at = '', seen = new Set<string>()): string[] {
  if (Array.isArray(schema))
    return schema.flatMap((entry, i) => pathsWithKey(entry, key, `${at}/${i}`, seen));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return [];
    seen.add(node.$ref);
    return pathsWithKey(resolve(node), key, `${at}->${node.$ref}`, seen);
  }
  return Object.entries(node).flatMap(([name, value]) => [
    ...(name === key ? [`${at}/${name}`] : []),
    ...pathsWithKey(value, key, `${at}/${name}`, seen),
  ]);
}

describe('the OpenAPI document', () => {
  test('It should have no default in any input schema, so generated clients keep optional fields optional', () => {
    for (const [path, method, op] of operations) {
      const inputs = [op.requestBody, ...(op.parameters ?? []).map((p: Json) => p.schema)];
      expect([path, method, pathsWithKey(inputs, 'default')]).toEqual([path, method, []]);
    }
    const item = resolve(
      resolve(
        operation('/v1/departments/{departmentId}/reports/{week}', 'put').requestBody.content[
          'application/json'
        ].schema,
      ).properties.items.items,
    );
    expect(item.required).toEqual(expect.not.arrayContaining(['highlight', 'metrics']));
  });

  test('It should document 404 exactly where the API can answer one', () => {
    const with404 = operations.filter(([, , op]) => op.responses['404']).map(([, , op]) => op.operationId);
    expect(with404.sort()).toEqual(
      [
        'createToken',
        'revokeToken',
        'submitReport',
        'getReport',
        'listReports',
        'getSummary',
        'downloadDocument',
      ].sort(),
    );
  });

  test('It should put x-request-id on every response the API writes', () => {
    expect(document.components.headers.RequestId.schema).toEqual({ type: 'string' });
    for (const [path, method, op] of operations) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (status === '429') continue;
        expect([path, method, status, (response as Json).headers?.['x-request-id']]).toEqual([
          path,
          method,
          status,
          { $ref: '#/components/headers/RequestId' },
        ]);
      }
    }
  });

  test('It should document the download redirect, its Location and not to forward Authorization', () => {
    const op = operation('/v1/summaries/{period}/documents/{scope}/{format}', 'get');
    expect(op.responses['302'].headers.location.description).toMatch(/Presigned/);
    expect(op.description).toMatch(/WITHOUT the Authorization header/);
    expect(op.description).toMatch(/Only one auth mechanism allowed/);
    const scope = op.parameters.find((p: Json) => p.name === 'scope');
    expect(scope.schema.pattern).toBe('^[a-z0-9][a-z0-9-]{0,63}$');
  });

  test("It should document throttling (429) everywhere and API Gateway's own 401 on private routes", () => {
    for (const [, , op] of operations) {
      expect(
        resolve(op.responses['429'].content['application/json'].schema).properties.message,
      ).toBeDefined();
      if (op.security.length > 0) {
        expect(op.responses['401'].description).toMatch(/API Gateway itself/);
        expect(op.responses['401'].content['application/json'].schema.oneOf).toHaveLength(2);
      }
    }
  });

  test('It should list every error code as an enum, and every error class should use one of them', () => {
    const code = resolve(document.components.schemas.Error).properties.error.properties.code;
    expect(code.enum).toEqual([...ERROR_CODES]);
    const classes = (Object.values(errors) as unknown[]).filter(
      (value): value is new (message: string) => AppError =>
        typeof value === 'function' && value.prototype instanceof AppError,
    );
    expect(classes.length).toBeGreaterThanOrEqual(8);
    for (const ErrorClass of classes) {
      expect(ERROR_CODES).toContain(new ErrorClass('x').code);
    }
  });

  test('It should describe the API, its contact and licence, and every tag it uses', () => {
    expect(document.info.description).toMatch(/weekly achievement reports/);
    expect(document.info.contact.name).toBeTruthy();
    expect(document.info.license.name).toBeTruthy();
    const declared = (document.tags as Json[]).map((tag) => tag.name);
    for (const [, , op] of operations) for (const tag of op.tags) expect(declared).toContain(tag);
    for (const tag of document.tags as Json[]) expect(tag.description).toBeTruthy();
  });

  test('It should mark every timestamp as date-time and every byte count as not negative', () => {
    const atFields: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((entry, i) => visit(entry, `${at}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [name, value] of Object.entries(node as Json)) {
        if (name === 'properties') {
          for (const [property, schema] of Object.entries(value as Json)) {
            if (/At$/.test(property)) {
              atFields.push(`${at}/${property}`);
              expect([`${at}/${property}`, (schema as Json).format]).toEqual([
                `${at}/${property}`,
                'date-time',
              ]);
            }
            if (property === 'bytes') expect((schema as Json).minimum).toBe(0);
          }
        }
        visit(value, `${at}/${name}`);
      }
    };
    visit(document, '#');
    expect(atFields.length).toBeGreaterThanOrEqual(10);
  });

  test('It should state the own-department rule on every report route', () => {
    for (const [path, , op] of operations) {
      if (!path.includes('/reports')) continue;
      expect(op.description).toMatch(
        /A department token may only \w+ for its own department|its own department's/,
      );
    }
  });
});
