import * as z from '../../shared/validation/zod';
import { defineContract } from '../../shared/http/contract';
import { TokenPageToken } from '../../shared/http/page-token';
import { TokenDto } from '../../shared/http/schemas';
import { DEFAULT_TOKEN_PAGE, MAX_TOKEN_PAGE } from '../../shared/use-cases/tokens';

export const contract = defineContract({
  operationId: 'listTokens',
  summary: 'Every API token, oldest first, a page at a time',
  description:
    'Shows who holds which role and until when; never a secret or its hash. Tokens issued before tokens ' +
    'could expire show `expiresAt: null` (they never expire); those issued before this listing existed ' +
    'appear in it once they are revoked. Pass the `nextToken` of a page to get the next one; it is null on the last page.',
  tags: ['tokens'],
  access: { roles: ['admin'] },
  query: z.strictObject({
    limit: z.withMeta(
      z.optional(
        z
          .pipe(
            z.string().check(z.regex(/^[1-9]\d{0,2}$/, `must be a whole number from 1 to ${MAX_TOKEN_PAGE}`)),
            z.transform(Number),
          )
          .check(z.refine((limit) => limit <= MAX_TOKEN_PAGE, `must be at most ${MAX_TOKEN_PAGE}`)),
      ),
      { description: `Tokens per page, 1 to ${MAX_TOKEN_PAGE}; ${DEFAULT_TOKEN_PAGE} when absent` },
    ),
    nextToken: z.optional(TokenPageToken),
  }),
  responses: {
    200: {
      description: 'One page of tokens',
      schema: z.withMeta(
        z.object({
          tokens: z.array(TokenDto),
          nextToken: z.withMeta(z.nullable(z.string()), {
            description: 'Pass as ?nextToken= for the next page',
          }),
        }),
        { id: 'TokenPage' },
      ),
    },
  },
});
