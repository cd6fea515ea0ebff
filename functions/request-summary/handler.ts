import { generationTrigger, summaryRepository } from '../../shared/adapters/dependencies';
import { config } from '../../shared/config/config';
import { httpHandler } from '../../shared/http/http-handler';
import { systemClock } from '../../shared/use-cases/clock';
import { requestSummary } from '../../shared/use-cases/summaries';
import { contract } from './schema';

const deps = {
  summaries: summaryRepository(),
  trigger: generationTrigger(),
  clock: systemClock,
  deadline: config().deadline,
};

export const handler = httpHandler(contract, async ({ params, principal }) => ({
  statusCode: 202,
  headers: { location: `/v1/summaries/${params.period}` },
  body: await requestSummary(deps, { period: params.period, principal }),
}));
