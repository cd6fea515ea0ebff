import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

const WeekStatus = z.enum(['on-time', 'late', 'missing', 'not-due', 'not-expected']).meta({
  description:
    'on-time 按时 and late 逾期 (judged on revision 1), missing 未报 (due and not reported), not-due 未到期 ' +
    '(its report is not due yet), not-expected 无需报送 (before the department’s activeFrom)',
});

export const CoverageDto = z
  .object({
    period: z.string(),
    timeZone: z.string().meta({ example: 'Asia/Shanghai' }),
    asOf: z.string().meta({ format: 'date-time', description: 'The instant the statuses were judged at' }),
    weeks: z.array(
      z.object({
        week: z.string(),
        startsAt: z.string().meta({ format: 'date-time', description: 'Monday 00:00 in timeZone' }),
        dueAt: z.string().meta({ format: 'date-time', description: 'When the week’s report is due' }),
        ended: z.boolean(),
        due: z.boolean().meta({ description: 'dueAt has passed' }),
      }),
    ),
    departments: z.array(
      z.object({
        departmentId: z.string(),
        name: z.string(),
        activeFrom: z.string().optional(),
        expected: z.number().int(),
        submitted: z.number().int(),
        onTime: z.number().int(),
        late: z.number().int(),
        missing: z.number().int(),
        onTimeRate: z.string().nullable().meta({ description: 'onTime / expected, four places' }),
        weeks: z.array(
          z.object({
            week: z.string(),
            status: WeekStatus,
            label: z.string().meta({ description: 'The status in Chinese, as the documents show it' }),
            revision: z.number().int().optional().meta({ description: 'The latest revision, if reported' }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Coverage' });

export const contract = defineContract({
  operationId: 'getCoverage',
  summary: 'Who reported which week of a period, live',
  description:
    'Departments × weeks with each week’s status, by the rule the documents’ heat map uses, except that ' +
    'a week is owed once its report is due (dueAt) rather than once it has ended, so a department is ' +
    'never shown as 未报 before its deadline. Reviewers and admins see every department; a department ' +
    'token its own row only.',
  tags: ['reports'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  params: z.strictObject({ period: PeriodParam }),
  responses: { 200: { description: 'The coverage grid', schema: CoverageDto } },
});
