import { reportDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { parseIfMatch } from '../../shared/http/if-match';
import { reportDto } from '../../shared/http/dto';
import { submitReport } from '../../shared/use-cases/reports';
import { contract } from './schema';

const deps = reportDependencies();

export const handler = httpHandler(contract, async ({ params, body, headers, principal }) => {
  const { report, created } = await submitReport(deps, {
    departmentId: params.departmentId,
    week: params.week,
    items: body.items,
    submittedAt: body.submittedAt,
    expectedRevision: parseIfMatch(headers['if-match']),
    principal,
  });
  return {
    statusCode: created && report.revision === 1 ? 201 : 200,
    headers: { etag: `"${report.revision}"` },
    body: reportDto(report),
  };
});
