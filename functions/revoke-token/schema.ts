import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { TOKEN_ID_PATTERN } from '../../shared/use-cases/tokens';

export const contract = defineContract({
  operationId: 'revokeToken',
  summary: 'Revoke an API token',
  description: 'Takes effect within the authorizer cache time (60 s). Revoking twice answers 204 both times.',
  tags: ['tokens'],
  access: { roles: ['admin'] },
  params: z.strictObject({ tokenId: z.string().check(z.regex(TOKEN_ID_PATTERN, 'must be a token id')) }),
  responses: { 204: { description: 'Revoked' }, 404: { description: 'No such token' } },
});
