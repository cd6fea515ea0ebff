import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { DepartmentDto } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'listDepartments',
  summary: 'Every department, by id',
  tags: ['departments'],
  access: { roles: ['admin', 'reviewer'] },
  responses: {
    200: { description: 'The roster', schema: z.object({ departments: z.array(DepartmentDto) }) },
  },
});
