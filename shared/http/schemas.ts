/**
 * Schemas shared by several routes: path parameters, the stored report as returned, the error body.
 * Each is also a component of the OpenAPI document.
 */
import * as z from '../validation/zod';
import { Id } from '../domain/catalog';
import { isPeriod, isWeek, MAX_YEAR, MIN_YEAR } from '../domain/calendar';
import { checkText, normaliseText, type TextRule } from '../domain/text';
import { ROLES } from '../domain/access';
import { ERROR_CODES } from '../errors/app-error';

export const DepartmentId = z.withMeta(Id, { description: 'Department id', example: 'qwb' });

const YEARS = `${MIN_YEAR} to ${MAX_YEAR}`;

export const Week = z.withMeta(
  z
    .string()
    .check(z.refine(isWeek, `must be an ISO week that exists, of the years ${YEARS}, such as 2023-W23`)),
  {
    description: `ISO week; its ISO week-year is one of ${YEARS}`,
    example: '2023-W23',
    pattern: '^\\d{4}-W\\d{2}$',
  },
);

export const PeriodParam = z.withMeta(
  z
    .string()
    .check(
      z.refine(isPeriod, `must be a period of the years ${YEARS} such as 2023-W10, 2023-Q1, 2023-H1 or 2023`),
    ),
  {
    description:
      `A period of one of the years ${YEARS}: an ISO week (2023-W10, the weekly showcase), a quarter (2023-Q1), ` +
      'a half-year (2023-H1) or a year (2023). A week belongs to the quarter, half-year and year that hold its ' +
      'Thursday, so a year is the ISO week-year.',
    example: '2023-H1',
    pattern: '^\\d{4}(-W\\d{2}|-Q[1-4]|-H[12])?$',
  },
);

export const Role = z.enum(ROLES);

/**
 * A free-text field under the one set of text rules (shared/domain/text.ts): no control characters but
 * tab and line breaks, no unpaired surrogates, at most `max` characters of the stored form, not blank when
 * required. The value handed on is the stored form (NFC, LF line breaks), with `trim` also without
 * surrounding white space.
 */
export function TextField(rule: TextRule, options: { trim?: boolean } = {}) {
  const text = options.trim ? z.string().check(z.trim()) : z.string();
  return z.withMeta(
    text.check(
      z.superRefine((text, context) => {
        const fault = checkText(text, rule);
        if (fault) context.addIssue({ code: 'custom', message: fault });
      }),
      z.overwrite(normaliseText),
    ),
    {
      maxLength: rule.max,
      ...(rule.required ? { minLength: 1 } : {}),
      description:
        `At most ${rule.max} characters (code points after NFC normalisation)` +
        `${rule.required ? '; spaces and invisible characters alone count as blank and are refused' : ''}; ` +
        'no control characters other than tab and line breaks (CR and CRLF are stored as LF), ' +
        'no unpaired surrogates.',
    },
  );
}

const DateTime = (extra: z.core.GlobalMeta = {}) => z.withMeta(z.string(), { format: 'date-time', ...extra });

export const StoredMetric = z.object({
  metric: z.string(),
  value: z.withMeta(z.string(), {
    description: 'Exact decimal string in the catalog unit',
    example: '125000',
  }),
  unit: z.string(),
});

export const StoredItem = z.object({
  theme: z.string(),
  title: z.string(),
  detail: z.optional(z.string()),
  highlight: z.boolean(),
  metrics: z.array(StoredMetric),
});

export const ReportDto = z.withMeta(
  z.object({
    departmentId: z.string(),
    week: z.string(),
    period: z.withMeta(z.string(), {
      description:
        'The half-year that holds the week’s Thursday, whatever period the report was listed by (the quarter and year follow from `week` by the same rule)',
      example: '2023-H1',
    }),
    revision: z.number().check(z.int(), z.minimum(1)),
    submittedAt: DateTime(),
    late: z.withMeta(z.boolean(), { description: 'This revision arrived after the deadline' }),
    firstSubmittedAt: DateTime({ description: 'When revision 1 arrived; punctuality is judged on it' }),
    onTime: z.withMeta(z.boolean(), { description: 'Revision 1 made the deadline' }),
    items: z.array(StoredItem),
  }),
  { id: 'Report' },
);

export const DepartmentDto = z.withMeta(
  z.object({
    departmentId: z.string(),
    name: z.string(),
    activeFrom: z.optional(z.string()),
    email: z.optional(z.string()),
    order: z.optional(z.number().check(z.int())),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  }),
  { id: 'Department' },
);

export const TokenDto = z.withMeta(
  z.object({
    id: z.withMeta(z.string(), { description: 'The token id, for DELETE /v1/tokens/{tokenId}' }),
    role: Role,
    departmentId: z.optional(z.string()),
    label: z.optional(z.string()),
    createdAt: DateTime(),
    expiresAt: z.withMeta(z.nullable(z.string()), {
      format: 'date-time',
      description: 'null: issued before tokens expired, never expires',
    }),
    revokedAt: z.withMeta(z.nullable(z.string()), { format: 'date-time' }),
  }),
  { id: 'Token' },
);

export const ErrorBody = z.withMeta(
  z.object({
    error: z.object({
      code: z.withMeta(z.enum(ERROR_CODES), {
        description: 'Stable, for programs; the message is for people',
      }),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  }),
  { id: 'Error' },
);
