import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { DepartmentId, Role, TextField } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'createToken',
  summary: 'Issue an API token',
  description:
    'The token is shown in this response only; the server keeps its sha256 hash. A department token ' +
    'acts for exactly one existing department. Revoked tokens stop working within the authorizer cache time.',
  tags: ['tokens'],
  access: { roles: ['admin'] },
  body: z.strictObject({
    role: Role,
    departmentId: DepartmentId.optional(),
    label: TextField({ max: 200, required: true }, { trim: true }).optional(),
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
        createdAt: z.string(),
      }),
    },
  },
});
