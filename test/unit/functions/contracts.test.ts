import { apiRoutes, contracts } from '../../../functions/contracts';
import { pathOf, routes } from '../../../functions/routes';

describe('the route table and the contracts', () => {
  test('It should derive whether a route needs a token from its contract alone', () => {
    for (const route of apiRoutes) {
      expect(route.contract).toBe(contracts[route.functionName]);
      expect(route.authorized).toBe(route.contract.access !== 'public');
    }
    expect(apiRoutes.filter((route) => !route.authorized).map((route) => route.path)).toEqual([
      '/v1/health',
      '/v1/openapi.json',
    ]);
    expect(apiRoutes).toHaveLength(routes.length);
  });

  test('It should fill a route path with encoded parameters and refuse a missing one', () => {
    expect(pathOf('get-summary', { period: '2023-H1' })).toBe('/v1/summaries/2023-H1');
    expect(pathOf('get-report', { departmentId: 'qwb', week: '2023-W10' })).toBe(
      '/v1/departments/qwb/reports/2023-W10',
    );
    expect(() => pathOf('get-summary', {})).toThrow(/needs period/);
  });
});
