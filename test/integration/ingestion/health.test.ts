import { startTestStack, type TestStack } from '../support/stack';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

test('It should answer the health check without a token', async () => {
  const response = await api.request('GET', '/v1/health', { token: '' });
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ status: 'ok' });
  expect(response.headers.get('x-request-id')).toBeTruthy();
});

test('It should answer an unknown route with a 404 error body', async () => {
  const response = await api.request('GET', '/v1/nothing-here');
  expect(response.status).toBe(404);
  expect(response.body.error.code).toBe('not_found');
  expect(response.headers.get('x-request-id')).toBeTruthy();
});
