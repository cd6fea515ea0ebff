import { pathOf } from '../routes';
import { requestSummaryDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { requestSummary } from '../../shared/use-cases/summaries';
import { contract } from './schema';

const deps = requestSummaryDependencies();

export const handler = httpHandler(contract, async ({ params, principal }) => ({
  statusCode: 202,
  headers: { location: pathOf('get-summary', { period: params.period }) },
  body: await requestSummary(deps, { period: params.period, principal }),
}));
