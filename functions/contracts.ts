/**
 * Every HTTP route's contract, keyed by function. The OpenAPI document, the CDK stack, the local gateway
 * and the test that every route is documented read this; the handlers import their own contract directly.
 */
import { routes, type Route } from './routes';
import { isPublic } from '../shared/domain/access';
import type { RouteContract } from '../shared/http/contract';
import { buildOpenApiDocument } from '../shared/http/openapi';
import { contract as getHealth } from './get-health/schema';
import { contract as getOpenApi } from './get-openapi/schema';
import { contract as getCatalog } from './get-catalog/schema';
import { contract as putDepartment } from './put-department/schema';
import { contract as listDepartments } from './list-departments/schema';
import { contract as createToken } from './create-token/schema';
import { contract as revokeToken } from './revoke-token/schema';
import { contract as submitReport } from './submit-report/schema';
import { contract as getReport } from './get-report/schema';
import { contract as listReports } from './list-reports/schema';
import { contract as requestSummary } from './request-summary/schema';
import { contract as getSummary } from './get-summary/schema';
import { contract as downloadDocument } from './download-document/schema';
import { contract as getReportTemplate } from './get-report-template/schema';
import { contract as getMe } from './get-me/schema';
import { contract as getCoverage } from './get-coverage/schema';
import { contract as listTokens } from './list-tokens/schema';
import { contract as sendReminder } from './send-reminder/schema';
import { contract as putEditorial } from './put-editorial/schema';
import { contract as getEditorial } from './get-editorial/schema';

export const contracts: Record<(typeof routes)[number]['functionName'], RouteContract> = {
  'get-health': getHealth,
  'get-openapi': getOpenApi,
  'get-catalog': getCatalog,
  'put-department': putDepartment,
  'list-departments': listDepartments,
  'create-token': createToken,
  'revoke-token': revokeToken,
  'submit-report': submitReport,
  'get-report': getReport,
  'list-reports': listReports,
  'request-summary': requestSummary,
  'get-summary': getSummary,
  'download-document': downloadDocument,
  'get-report-template': getReportTemplate,
  'get-me': getMe,
  'get-coverage': getCoverage,
  'list-tokens': listTokens,
  'send-reminder': sendReminder,
  'put-editorial': putEditorial,
  'get-editorial': getEditorial,
};

/** The OpenAPI document's title and version, shared by the served document and the web app's client. */
export const API_INFO = { title: 'Showcase API', version: '1.0.0' };

/** A route with its contract, and whether API Gateway must run the authorizer for it. */
export interface ApiRoute extends Route {
  contract: RouteContract;
  /** Derived from the contract's `access`, the one place that says a route is public. */
  authorized: boolean;
}

export const apiRoutes: readonly ApiRoute[] = routes.map((route) => {
  const contract = contracts[route.functionName];
  return { ...route, contract, authorized: !isPublic(contract.access) };
});

export function documentedRoutes(): ApiRoute[] {
  return [...apiRoutes];
}

/** The OpenAPI document GET /v1/openapi.json serves, and `npm run lint:openapi` lints. */
export function openApiDocument() {
  return buildOpenApiDocument(documentedRoutes(), API_INFO);
}
