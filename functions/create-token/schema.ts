import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { DepartmentId, Role, TextField } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'createToken',
  summary: 'Issue an API token',
  description:
    'The token is shown in this response only; the server keeps its sha256 hash. A department token ' +
    'acts for exactly one existing department. Revoked and expired tokens stop working within the ' +
    'authorizer cache time (60 s); an expired one is answered 401 with a message that says so.',
  tags: ['tokens'],
  access: { roles: ['admin'] },
  body: z.strictObject({
    role: Role,
    departmentId: z.optional(DepartmentId),
    label: z.optional(TextField({ max: 200, required: true }, { trim: true })),
    expiresAt: z.withMeta(
      z.optional(
        z.pipe(
          z.iso.datetime({ offset: true }),
          z.transform((text: string) => new Date(text)),
        ),
      ),
      {
        description:
          'When the token stops working: in the future and at most five years (1826 days) ahead. ' +
          'Absent: the configured lifetime (tokenLifetimeDays, default 365 days) from now.',
      },
    ),
  }),
  responses: {
    201: {
      description: 'Issued',
      schema: z.object({
        id: z.string(),
        token: z.withMeta(z.string(), { description: 'The bearer secret, shown once', example: 'shwc_…' }),
        role: Role,
        departmentId: z.optional(z.string()),
        label: z.optional(z.string()),
        createdAt: z.withMeta(z.string(), { format: 'date-time' }),
        expiresAt: z.withMeta(z.string(), { format: 'date-time' }),
      }),
    },
    404: { description: 'The departmentId of a department token names no department' },
  },
});
