import { summaryRepository } from '../../shared/adapters/dependencies';
import { summaryStatusDto } from '../../shared/http/dto';
import { httpHandler } from '../../shared/http/http-handler';
import { getSummary } from '../../shared/use-cases/summaries';
import { contract } from './schema';

const deps = { summaries: summaryRepository() };

export const handler = httpHandler(contract, async ({ params, principal }) => ({
  statusCode: 200,
  body: summaryStatusDto(await getSummary(deps, { period: params.period, principal })),
}));
