import { reportDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { periodCoverage } from '../../shared/use-cases/coverage';
import { contract } from './schema';

const deps = reportDependencies();

export const handler = httpHandler(contract, async ({ params, principal }) => ({
  statusCode: 200,
  body: await periodCoverage(deps, { period: params.period, principal }),
}));
