import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

const WeekStatus = z.withMeta(z.enum(['on-time', 'late', 'missing', 'not-due', 'not-expected']), {
  description:
    'on-time 按时 and late 逾期 (judged on revision 1), missing 未报 (due and not reported), not-due 未到期 ' +
    '(its report is not due yet), not-expected 无需报送 (before the department’s activeFrom)',
});

const Count = () => z.number().check(z.int());

export const CoverageDto = z.withMeta(
  z.object({
    period: z.string(),
    timeZone: z.withMeta(z.string(), { example: 'Asia/Shanghai' }),
    asOf: z.withMeta(z.string(), {
      format: 'date-time',
      description: 'The instant the statuses were judged at',
    }),
    weeks: z.array(
      z.object({
        week: z.string(),
        startsAt: z.withMeta(z.string(), { format: 'date-time', description: 'Monday 00:00 in timeZone' }),
        dueAt: z.withMeta(z.string(), { format: 'date-time', description: 'When the week’s report is due' }),
        ended: z.boolean(),
        due: z.withMeta(z.boolean(), { description: 'dueAt has passed' }),
      }),
    ),
    departments: z.array(
      z.object({
        departmentId: z.string(),
        name: z.string(),
        activeFrom: z.optional(z.string()),
        expected: Count(),
        submitted: Count(),
        onTime: Count(),
        late: Count(),
        missing: Count(),
        onTimeRate: z.withMeta(z.nullable(z.string()), { description: 'onTime / expected, four places' }),
        weeks: z.array(
          z.object({
            week: z.string(),
            status: WeekStatus,
            label: z.withMeta(z.string(), { description: 'The status in Chinese, as the documents show it' }),
            revision: z.withMeta(z.optional(Count()), { description: 'The latest revision, if reported' }),
          }),
        ),
      }),
    ),
  }),
  { id: 'Coverage' },
);

export const contract = defineContract({
  operationId: 'getCoverage',
  summary: 'Who reported which week of a period, live',
  description:
    'Departments × weeks with each week’s status, by the rule the documents’ heat map uses, except that ' +
    'a week is owed once its report is due (dueAt) rather than once it has ended, so a department is ' +
    'never shown as 未报 before its deadline. Reviewers and admins see every department; a department ' +
    'token its own row only. A department’s own row is read consistently and shows a report as soon as ' +
    'its submit has answered. Reviewers and admins get every row from one read of an index, which ' +
    'may lag a submit by about a second for the whole grid.',
  tags: ['reports'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  params: z.strictObject({ period: PeriodParam }),
  responses: { 200: { description: 'The coverage grid', schema: CoverageDto } },
});
