import * as z from '../../shared/validation/zod';
import { DISTRICT_SCOPE } from '../../shared/domain/summary';
import { defineContract } from '../../shared/http/contract';
import { JsonNumber } from '../../shared/http/json-body';
import { DepartmentDto, DepartmentId, TextField, Week } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'putDepartment',
  summary: 'Create or update a department',
  description:
    'Replaces the name, activeFrom, email and order of the department; omitting activeFrom, email or order ' +
    'clears it, so a client sends back every field it read. Weeks before activeFrom are not expected of the ' +
    "department in coverage figures. `order` is the department's place in the roster (protocol order): " +
    'documents list departments with an order first, ascending, then the others by the pinyin of their names.',
  tags: ['departments'],
  access: { roles: ['admin'] },
  params: z.strictObject({
    // "district" names the whole district in summaries; a department by that id would shadow it.
    departmentId: DepartmentId.check(
      z.refine((id) => id !== DISTRICT_SCOPE, 'district is reserved for the district summary'),
    ),
  }),
  body: z.strictObject({
    name: TextField({ max: 100, required: true }, { trim: true }),
    activeFrom: z.optional(Week),
    email: z.withMeta(z.optional(z.email().check(z.maxLength(254))), {
      description: 'Where reminders to the department are e-mailed (when an e-mail channel is configured)',
      example: 'qwb@example.gov.cn',
    }),
    // Bodies are parsed losslessly, so a JSON number arrives as its digits; 1–9999, whole.
    order: z.withMeta(
      z.optional(
        z.pipe(
          z.pipe(
            JsonNumber,
            z.string().check(z.regex(/^[1-9]\d{0,3}$/, 'must be a whole number from 1 to 9999')),
          ),
          z.transform(Number),
        ),
      ),
      {
        type: 'integer',
        minimum: 1,
        maximum: 9999,
        description: 'Place in the roster order; omitted: listed after those with one, by pinyin of the name',
      },
    ),
  }),
  responses: {
    201: { description: 'Created', schema: DepartmentDto },
    200: { description: 'Updated', schema: DepartmentDto },
  },
});
