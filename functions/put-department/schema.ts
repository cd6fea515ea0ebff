import * as z from 'zod';
import { DISTRICT_SCOPE } from '../../shared/domain/summary';
import { defineContract } from '../../shared/http/contract';
import { DepartmentDto, DepartmentId, TextField, Week } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'putDepartment',
  summary: 'Create or update a department',
  description:
    'Replaces the name, activeFrom and email of the department; omitting activeFrom or email clears it. Weeks before ' +
    'activeFrom are not expected of the department in coverage figures.',
  tags: ['departments'],
  access: { roles: ['admin'] },
  params: z.strictObject({
    // "district" names the whole district in summaries; a department by that id would shadow it.
    departmentId: DepartmentId.refine(
      (id) => id !== DISTRICT_SCOPE,
      'district is reserved for the district summary',
    ),
  }),
  body: z.strictObject({
    name: TextField({ max: 100, required: true }, { trim: true }),
    activeFrom: Week.optional(),
    email: z.email().max(254).optional().meta({
      description: 'Where reminders to the department are e-mailed (when an e-mail channel is configured)',
      example: 'qwb@example.gov.cn',
    }),
  }),
  responses: {
    201: { description: 'Created', schema: DepartmentDto },
    200: { description: 'Updated', schema: DepartmentDto },
  },
});
