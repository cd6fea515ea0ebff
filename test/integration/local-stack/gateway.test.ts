/**
 * The local gateway's own behaviour, where it stands in for API Gateway rather than running a handler.
 */
import { startTestStack, type TestStack } from '../support/stack';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

test('It should refuse a path with malformed percent-encoding with 400 naming the parameter', async () => {
  const response = await api.request('GET', '/v1/departments/%E0%A4%A/reports/2023-W10');
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.details).toEqual([
    { field: 'path.departmentId', message: 'malformed percent-encoding' },
  ]);
});
