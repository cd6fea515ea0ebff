/**
 * The deployed path of GET /v1/openapi.json: the document built at synth is read from OPENAPI_FILE
 * and served as it is. (From the sources, without the variable, the integration tests cover it.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { ENV } from '../../../../shared/config/names';

const dir = mkdtempSync(join(tmpdir(), 'showcase-openapi-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('It should serve the document from OPENAPI_FILE, not one built from the contracts', async () => {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 'shipped at synth' } }));
  process.env[ENV.openApiFile] = file;
  try {
    const { handler } = await import('../../../../functions/get-openapi/handler');
    const response = await handler(
      {
        version: '2.0',
        routeKey: 'GET /v1/openapi.json',
        rawPath: '/v1/openapi.json',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: { requestId: 'openapi-test', http: { method: 'GET' } },
      } as never,
      { awsRequestId: 'openapi-test', functionName: 'get-openapi' } as Context,
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({
      openapi: '3.1.0',
      info: { title: 'shipped at synth' },
    });
  } finally {
    delete process.env[ENV.openApiFile];
  }
});
