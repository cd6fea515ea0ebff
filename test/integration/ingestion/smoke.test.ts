import { startTestStack, departmentWithToken, type TestStack } from '../support/stack';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

test('It should store a first revision and answer 201 with the stored report', async () => {
  const token = await departmentWithToken(api, 'qwb', '区委办');
  const response = await api.request('PUT', '/v1/departments/qwb/reports/2023-W23', {
    token,
    rawBody:
      '{"items":[{"theme":"talent","title":"人才奖励","metrics":[{"metric":"award-money","value":12.5,"unit":"万元"}]}]}',
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('etag')).toBe('"1"');
  expect(response.body.items[0].metrics[0]).toEqual({ metric: 'award-money', value: '125000', unit: '元' });
});
