import { reportDependencies } from '../../shared/adapters/dependencies';
import { ValidationError } from '../../shared/errors/app-error';
import { httpHandler } from '../../shared/http/http-handler';
import { reportDto } from '../../shared/http/dto';
import { submitReport } from '../../shared/use-cases/reports';
import { contract } from './schema';

const deps = reportDependencies();

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new ValidationError('If-Match must be a revision such as "3"', [
      { field: 'header.if-match', message: 'must be a revision such as "3"' },
    ]);
  }
  return Number(match[1]);
}

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
