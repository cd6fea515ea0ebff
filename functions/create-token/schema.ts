import * as z from 'zod';
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
    departmentId: DepartmentId.optional(),
    label: TextField({ max: 200, required: true }, { trim: true }).optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((text) => new Date(text))
      .optional()
      .meta({
        description:
          'When the token stops working: in the future and at most five years (1826 days) ahead. ' +
          'Absent: the configured lifetime (tokenLifetimeDays, default 365 days) from now.',
      }),
  }),
  responses: {
    201: {
      description: 'Issued',
      schema: z.object({
        id: z.string(),
        token: z.string().meta({ description: 'The bearer secret, shown once', example: 'shwc_…' }),
        role: Role,
        departmentId: z.string().optional(),
        label: z.string().optional(),
        createdAt: z.string().meta({ format: 'date-time' }),
        expiresAt: z.string().meta({ format: 'date-time' }),
      }),
    },
    404: { description: 'The departmentId of a department token names no department' },
  },
});
