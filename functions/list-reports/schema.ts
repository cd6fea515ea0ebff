import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { DepartmentId, PeriodParam, ReportDto } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'listReports',
  summary: "The latest revision of each of a department's weeks in a half-year",
  tags: ['reports'],
  access: { roles: ['admin', 'reviewer', 'department'], ownDepartmentParam: 'departmentId' },
  params: z.strictObject({ departmentId: DepartmentId }),
  query: z.strictObject({ period: PeriodParam }),
  responses: {
    200: {
      description: 'Reports in week order',
      schema: z.object({ departmentId: z.string(), period: z.string(), reports: z.array(ReportDto) }),
    },
  },
});
