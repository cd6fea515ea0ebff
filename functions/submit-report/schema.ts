import * as z from '../../shared/validation/zod';
import { Id } from '../../shared/domain/catalog';
import { DETAIL_RULE, TITLE_RULE } from '../../shared/domain/report-content';
import { defineContract } from '../../shared/http/contract';
import { JsonNumber } from '../../shared/http/json-body';
import { DepartmentId, ReportDto, TextField, Week } from '../../shared/http/schemas';

const DecimalText = z.withMeta(z.string(), {
  description: 'A decimal number as text, e.g. "1300" or "12.5"',
  example: '12.5',
});

const MetricInput = z.strictObject({
  metric: z.withMeta(Id, { description: 'A metric id of the catalog', example: 'cadres-trained' }),
  value: z.withMeta(z.union([DecimalText, JsonNumber]), {
    description:
      'Kept exactly: finite, not negative, at most 18 significant digits (trailing zeros of an integer do ' +
      'not count, so 1000000000000000000 is one digit like 1e18); converted into the catalog unit, where it ' +
      'must be less than 10^20 with at most 18 decimal places (a non-zero value too small for that is refused, ' +
      'never rounded to 0).',
  }),
  unit: z.withMeta(z.optional(z.string().check(z.maxLength(20))), {
    description: "The catalog's unit, or it with a 万 (×10⁴) or 亿 (×10⁸) prefix; default the catalog's",
  }),
});

const ItemInput = z.strictObject({
  theme: z.withMeta(Id, { description: 'A theme id of the catalog', example: 'political' }),
  title: TextField(TITLE_RULE),
  detail: z.optional(TextField(DETAIL_RULE)),
  // Optional without a schema default (a default makes generated clients send the field as required);
  // normaliseItems defaults them: not highlighted, no metrics.
  highlight: z.withMeta(z.optional(z.boolean()), {
    description: 'Shown among the highlights; false when absent',
  }),
  metrics: z.withMeta(z.optional(z.array(MetricInput).check(z.maxLength(50))), {
    description: 'Counted results; none when absent',
  }),
});

export const ReportBody = z.withMeta(
  z.strictObject({
    items: z.array(ItemInput).check(z.minLength(1), z.maxLength(100)),
    submittedAt: z.withMeta(z.optional(z.iso.datetime({ offset: true })), {
      description:
        'Admins only, to import history; otherwise the server clock decides (403). It must not lie in the ' +
        "future nor before the week's start (Monday 00:00 in the deployment's time zone) (400).",
    }),
  }),
  { id: 'ReportSubmission' },
);

export const contract = defineContract({
  operationId: 'submitReport',
  summary: "Submit a department's weekly report",
  description:
    'Every accepted submission that differs from the latest revision becomes a new immutable revision ' +
    '(201 for the first, 200 after). Identical content answers 200 with the latest revision and writes ' +
    'nothing. If-Match: "<revision>" makes the submit conditional (412 when the latest is another). ' +
    'A report is due by the configured weekday and time (default Monday 12:00, Asia/Shanghai) after its week; ' +
    'later revisions are late, and punctuality is judged on revision 1. Bodies over 256 KB are refused (413), ' +
    'and so is a report that would take more than 400 KB once stored (DynamoDB counts UTF-8 bytes, and ' +
    'NFC normalisation can make text larger than it was sent). ' +
    'A department token may only submit for its own department (403 for any other); an admin may submit ' +
    'for any department, and only an admin may set submittedAt.',
  tags: ['reports'],
  access: { roles: ['admin', 'department'], ownDepartmentParam: 'departmentId' },
  params: z.strictObject({ departmentId: DepartmentId, week: Week }),
  headers: { 'if-match': 'Optional. "<revision>" the submit expects to replace' },
  body: ReportBody,
  responses: {
    201: { description: 'First revision stored', schema: ReportDto, headers: { etag: '"<revision>"' } },
    200: {
      description: 'New revision stored, or identical content',
      schema: ReportDto,
      headers: { etag: '"<revision>"' },
    },
    404: { description: 'No such department' },
    412: { description: 'If-Match names another revision than the latest' },
    413: {
      description:
        'Body larger than 256 KB, or a report that would take more than 400 KB (409,600 bytes) when ' +
        'stored; `details` names `body`',
    },
  },
});
