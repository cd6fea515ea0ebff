import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { Role } from '../../shared/http/schemas';

export const MeDto = z
  .object({
    role: Role,
    tokenId: z.string(),
    label: z.string().optional(),
    departmentId: z.string().optional().meta({ description: 'Set for a department token' }),
    departmentName: z.string().optional(),
    expiresAt: z
      .string()
      .nullable()
      .meta({ format: 'date-time', description: 'When the token stops working; null if it does not expire' }),
  })
  .meta({ id: 'Me' });

export const contract = defineContract({
  operationId: 'getMe',
  summary: 'Who the token belongs to',
  description:
    'The role of the calling token, its department (id and name) for a department token, and its expiry. ' +
    'The web app asks this right after sign-in to choose the page it shows.',
  tags: ['tokens'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  responses: { 200: { description: 'The caller', schema: MeDto } },
});
