import { reportDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { reportDto } from '../../shared/http/dto';
import { listReports } from '../../shared/use-cases/reports';
import { contract } from './schema';

const deps = reportDependencies();

export const handler = httpHandler(contract, async ({ params, query, principal }) => {
  const page = await listReports(deps, {
    departmentId: params.departmentId,
    period: query.period,
    limit: query.limit,
    nextToken: query.nextToken,
    principal,
  });
  return {
    statusCode: 200,
    body: {
      departmentId: params.departmentId,
      period: query.period,
      reports: page.reports.map(reportDto),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    },
  };
});
