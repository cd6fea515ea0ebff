import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { Role } from '../../shared/http/schemas';

export const MeDto = z.withMeta(
  z.object({
    role: Role,
    tokenId: z.string(),
    label: z.optional(z.string()),
    departmentId: z.withMeta(z.optional(z.string()), { description: 'Set for a department token' }),
    departmentName: z.optional(z.string()),
    expiresAt: z.withMeta(z.nullable(z.string()), {
      format: 'date-time',
      description: 'When the token stops working; null if it does not expire',
    }),
  }),
  { id: 'Me' },
);

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
