/**
 * The HTTP API: every route, the function behind it and whether it needs a token. The CDK stack, the
 * local gateway and the OpenAPI document are all built from this one table.
 */
import type { FunctionName } from '../shared/config/names';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  functionName: Exclude<FunctionName, 'authorizer' | 'generate-summary'>;
  /** false only for the health check and the OpenAPI document. */
  authorized: boolean;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/v1/health', functionName: 'get-health', authorized: false },
  { method: 'GET', path: '/v1/openapi.json', functionName: 'get-openapi', authorized: false },
  { method: 'GET', path: '/v1/catalog', functionName: 'get-catalog', authorized: true },
  { method: 'GET', path: '/v1/departments', functionName: 'list-departments', authorized: true },
  { method: 'PUT', path: '/v1/departments/{departmentId}', functionName: 'put-department', authorized: true },
  { method: 'POST', path: '/v1/tokens', functionName: 'create-token', authorized: true },
  { method: 'DELETE', path: '/v1/tokens/{tokenId}', functionName: 'revoke-token', authorized: true },
  {
    method: 'PUT',
    path: '/v1/departments/{departmentId}/reports/{week}',
    functionName: 'submit-report',
    authorized: true,
  },
  {
    method: 'GET',
    path: '/v1/departments/{departmentId}/reports/{week}',
    functionName: 'get-report',
    authorized: true,
  },
  {
    method: 'GET',
    path: '/v1/departments/{departmentId}/reports',
    functionName: 'list-reports',
    authorized: true,
  },
  { method: 'POST', path: '/v1/summaries/{period}', functionName: 'request-summary', authorized: true },
  { method: 'GET', path: '/v1/summaries/{period}', functionName: 'get-summary', authorized: true },
  {
    method: 'GET',
    path: '/v1/summaries/{period}/documents/{scope}/{format}',
    functionName: 'download-document',
    authorized: true,
  },
  {
    method: 'GET',
    path: '/v1/templates/weekly-report.xlsx',
    functionName: 'get-report-template',
    authorized: true,
  },
  { method: 'GET', path: '/v1/me', functionName: 'get-me', authorized: true },
  { method: 'GET', path: '/v1/coverage/{period}', functionName: 'get-coverage', authorized: true },
];
