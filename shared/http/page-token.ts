/**
 * The `nextToken` of a paginated listing: opaque to clients (base64url of a small JSON object), and
 * validated on the way back in, so a tampered or truncated value is a 400 naming `query.nextToken`
 * rather than a 500 from DynamoDB. It only ever positions a Query inside the listing's own partition,
 * so even a well-formed forgery reaches nothing the caller could not list anyway.
 */
import * as z from '../validation/zod';
import { TOKEN_ID_PATTERN } from '../use-cases/tokens';
import type { TokenCursor } from '../ports/repositories';

const TokenCursorSchema = z.strictObject({
  c: z.iso.datetime(),
  i: z.string().check(z.regex(TOKEN_ID_PATTERN)),
});

export function encodeTokenCursor(cursor: TokenCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.tokenId }), 'utf8').toString(
    'base64url',
  );
}

function decodeTokenCursor(text: string): TokenCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return undefined;
  try {
    const parsed = TokenCursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data.c, tokenId: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
}

export const TokenPageToken = z.withMeta(
  z.pipe(
    z.string(),
    z.transform((text: string, payload) => {
      const cursor = decodeTokenCursor(text);
      if (!cursor) {
        payload.issues.push({
          code: 'custom',
          message: 'must be a nextToken from a previous page',
          input: text,
        });
        return z.NEVER;
      }
      return cursor;
    }),
  ),
  { description: 'The `nextToken` of the previous page, as given' },
);
