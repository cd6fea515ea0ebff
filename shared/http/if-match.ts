import { ValidationError } from '../errors/app-error';

/** The revision an If-Match header names ("3", W/"3" or 3); undefined without the header; 400 otherwise. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new ValidationError('If-Match must be a revision such as "3"', [
      { field: 'header.if-match', message: 'must be a revision such as "3"' },
    ]);
  }
  return Number(match[1]);
}
