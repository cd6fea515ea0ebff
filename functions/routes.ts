/**
 * The HTTP API: every route and the function behind it. The CDK stack, the local gateway, the OpenAPI
 * document and the links the API hands out are all built from this one table. Whether a route needs a
 * token is said once, by its contract's `access` (functions/contracts.ts joins the two).
 */
import type { FunctionName } from '../shared/config/names';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  functionName: Exclude<
    FunctionName,
    'authorizer' | 'generate-summary' | 'scheduled-reminder' | 'render-batch'
  >;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/v1/health', functionName: 'get-health' },
  { method: 'GET', path: '/v1/openapi.json', functionName: 'get-openapi' },
  { method: 'GET', path: '/v1/catalog', functionName: 'get-catalog' },
  { method: 'GET', path: '/v1/departments', functionName: 'list-departments' },
  { method: 'PUT', path: '/v1/departments/{departmentId}', functionName: 'put-department' },
  { method: 'POST', path: '/v1/tokens', functionName: 'create-token' },
  { method: 'DELETE', path: '/v1/tokens/{tokenId}', functionName: 'revoke-token' },
  {
    method: 'PUT',
    path: '/v1/departments/{departmentId}/reports/{week}',
    functionName: 'submit-report',
  },
  {
    method: 'GET',
    path: '/v1/departments/{departmentId}/reports/{week}',
    functionName: 'get-report',
  },
  {
    method: 'GET',
    path: '/v1/departments/{departmentId}/reports',
    functionName: 'list-reports',
  },
  { method: 'POST', path: '/v1/summaries/{period}', functionName: 'request-summary' },
  { method: 'GET', path: '/v1/summaries/{period}', functionName: 'get-summary' },
  {
    method: 'GET',
    path: '/v1/summaries/{period}/documents/{scope}/{format}',
    functionName: 'download-document',
  },
  {
    method: 'GET',
    path: '/v1/templates/weekly-report.xlsx',
    functionName: 'get-report-template',
  },
  { method: 'GET', path: '/v1/me', functionName: 'get-me' },
  { method: 'GET', path: '/v1/coverage/{period}', functionName: 'get-coverage' },
  { method: 'GET', path: '/v1/tokens', functionName: 'list-tokens' },
  { method: 'POST', path: '/v1/reminders/{week}', functionName: 'send-reminder' },
  { method: 'PUT', path: '/v1/summaries/{period}/editorial', functionName: 'put-editorial' },
  { method: 'GET', path: '/v1/summaries/{period}/editorial', functionName: 'get-editorial' },
];

export type RouteFunctionName = Route['functionName'];

/**
 * The path of a route with its parameters filled in (each percent-encoded), for links the API returns.
 * Fails on an unknown route or a missing parameter, so a renamed route breaks tests instead of links.
 */
export function pathOf(functionName: RouteFunctionName, params: Readonly<Record<string, string>>): string {
  const route = routes.find((candidate) => candidate.functionName === functionName);
  if (!route) throw new Error(`No route for ${functionName}`);
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path} needs ${name}`);
    return encodeURIComponent(value);
  });
}
