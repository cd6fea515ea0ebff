import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { DepartmentId, ReportDto, Week } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'getReport',
  summary: "A department's report for one week",
  description:
    'The latest revision, or the one named by ?revision=N. A department token may only read its own ' +
    "department's reports (403 for any other); reviewers and admins read every department's.",
  tags: ['reports'],
  access: { roles: ['admin', 'reviewer', 'department'], ownDepartmentParam: 'departmentId' },
  params: z.strictObject({ departmentId: DepartmentId, week: Week }),
  query: z.strictObject({
    revision: z.optional(
      z.pipe(
        z.string().check(z.regex(/^[1-9]\d{0,8}$/, 'must be a revision number (1, 2, …)')),
        z.transform(Number),
      ),
    ),
  }),
  responses: {
    200: { description: 'The revision', schema: ReportDto, headers: { etag: '"<revision>"' } },
    404: { description: 'No such department, no report for the week, or no such revision' },
  },
});
