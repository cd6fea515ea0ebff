import { reportDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { reportDto } from '../../shared/http/dto';
import { getReport } from '../../shared/use-cases/reports';
import { contract } from './schema';

const deps = reportDependencies();

export const handler = httpHandler(contract, async ({ params, query, principal }) => {
  const report = await getReport(deps, { ...params, revision: query.revision, principal });
  return { statusCode: 200, headers: { etag: `"${report.revision}"` }, body: reportDto(report) };
});
