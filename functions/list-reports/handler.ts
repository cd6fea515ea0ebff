import { reportDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { listReports, reportDto } from '../../shared/use-cases/reports';
import { contract } from './schema';

const deps = reportDependencies();

export const handler = httpHandler(contract, async ({ params, query, principal }) => {
  const reports = await listReports(deps, {
    departmentId: params.departmentId,
    period: query.period,
    principal,
  });
  return {
    statusCode: 200,
    body: { departmentId: params.departmentId, period: query.period, reports: reports.map(reportDto) },
  };
});
