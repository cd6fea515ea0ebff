import { Validator } from '@seriousme/openapi-schema-validator';
import { apiRoutes as routes } from '../../../functions/contracts';
import { startTestStack, type TestStack } from '../support/stack';

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maxItems?: number;
  minItems?: number;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, { scheme: string }>;
  };
}

let api: TestStack;
let document: OpenApi;
beforeAll(async () => {
  api = await startTestStack();
  const response = await api.request<OpenApi>('GET', '/v1/openapi.json', { token: '' });
  expect(response.status).toBe(200);
  document = response.body;
});
afterAll(async () => {
  await api.stop();
});

function resolve(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace('#/components/schemas/', '');
  return name ? resolve(document.components.schemas[name]!) : schema;
}

test('It should serve an OpenAPI 3.1 document without a token', () => {
  expect(document.openapi.startsWith('3.1')).toBe(true);
  expect(document.components.securitySchemes.bearer?.scheme).toBe('bearer');
});

test.each(routes.map((route) => [route.method, route.path, route.authorized] as const))(
  'It should document %s %s with its security',
  (method, path, authorized) => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(operation!.security).toEqual(authorized ? [{ bearer: [] }] : []);
  },
);

test('It should document at most 100 items in the submit-report request body', () => {
  const operation = document.paths['/v1/departments/{departmentId}/reports/{week}']!.put!;
  const body = resolve(operation.requestBody!.content['application/json'].schema);
  const items = body.properties!.items!;
  expect(items.type).toBe('array');
  expect(items.maxItems).toBe(100);
  expect(items.minItems).toBe(1);
});

test('It should resolve every $ref to a component of the document', () => {
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of new Set(refs)) {
    const [, kind, name] = /^#\/components\/(schemas|headers)\/(.+)$/.exec(ref) ?? [];
    expect([ref, kind]).toEqual([ref, expect.stringMatching(/^(schemas|headers)$/)]);
    expect(document.components[kind as 'schemas' | 'headers'][name!]).toBeDefined();
  }
});

test('It should serve a document that validates against the OpenAPI 3.1 schema', async () => {
  const validator = new Validator();
  const result = await validator.validate(
    structuredClone(document) as unknown as Parameters<Validator['validate']>[0],
  );
  expect(validator.version).toBe('3.1');
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});
