import * as z from '../../shared/validation/zod';
import { REPORT_PAGE } from '../../shared/config/names';
import { defineContract } from '../../shared/http/contract';
import { DepartmentId, PeriodParam, ReportDto } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'listReports',
  summary:
    "The latest revision of each of a department's weeks in a period (week, quarter, half-year or year), a page at a time",
  description:
    `Reports in week order, at most \`limit\` weeks per page (default ${REPORT_PAGE.defaultLimit}, at most ` +
    `${REPORT_PAGE.maxLimit}) and at most ${REPORT_PAGE.maxBytes / 1024 / 1024} MB of reports per page, so that a ` +
    'page of large reports fits a Lambda response; a page holds at least one report. When more weeks follow, ' +
    'the response carries `nextToken`: pass it back unchanged (with the same period) for the next page. ' +
    "A department token may only list its own department's reports (403 for any other); reviewers and " +
    "admins list every department's.",
  tags: ['reports'],
  access: { roles: ['admin', 'reviewer', 'department'], ownDepartmentParam: 'departmentId' },
  params: z.strictObject({ departmentId: DepartmentId }),
  query: z.strictObject({
    period: PeriodParam,
    limit: z.withMeta(
      z.optional(
        z
          .pipe(z.string().check(z.regex(/^\d{1,3}$/, 'must be a whole number')), z.transform(Number))
          .check(
            z.refine(
              (limit) => limit >= 1 && limit <= REPORT_PAGE.maxLimit,
              `must be from 1 to ${REPORT_PAGE.maxLimit}`,
            ),
          ),
      ),
      { description: `Weeks per page, 1 to ${REPORT_PAGE.maxLimit}; default ${REPORT_PAGE.defaultLimit}` },
    ),
    nextToken: z.withMeta(z.optional(z.string().check(z.maxLength(64))), {
      description: 'The `nextToken` of the previous page',
    }),
  }),
  responses: {
    200: {
      description: 'One page of reports in week order',
      schema: z.object({
        departmentId: z.string(),
        period: z.string(),
        reports: z.array(ReportDto),
        nextToken: z.withMeta(z.optional(z.string()), { description: 'Present when more weeks follow' }),
      }),
    },
    404: { description: 'No such department' },
  },
});
