/**
 * The reviewer's editorial of a period: store a revision, read the latest.
 */
import type { Period } from '../domain/calendar';
import {
  editorialHash,
  normaliseEditorial,
  type EditorialContent,
  type EditorialRevision,
} from '../domain/editorial';
import { NotFoundError, PreconditionFailedError } from '../errors/app-error';
import type { Principal } from '../domain/access';
import { EditorialRevisionTakenError, type EditorialRepository } from '../ports/repositories';
import type { Clock } from './clock';

export interface EditorialDependencies {
  editorials: EditorialRepository;
  clock: Clock;
}

const MAX_ATTEMPTS = 20;

/**
 * Input: the whole editorial of a period (omitted fields are unset), If-Match's revision if given.
 * Output: the revision that now stands, and whether this call stored it.
 * Primary course:
 *  1. Normalise the text (NFC, "\n" line breaks, themes in id order) and hash it.
 *  2. Read the latest revision; honour If-Match; answer it unchanged when the content is identical.
 *  3. Write revision N+1 on the condition that the number is free; on a lost race, read again.
 * The schema has already refused unknown themes, blank text and text over the limits.
 */
export async function putEditorial(
  deps: EditorialDependencies,
  input: { period: Period; content: EditorialContent; expectedRevision?: number; principal: Principal },
): Promise<{ editorial: EditorialRevision; created: boolean }> {
  const content = normaliseEditorial(input.content);
  const hash = editorialHash(content);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const latest = await deps.editorials.latest(input.period);
    if (input.expectedRevision !== undefined && (latest?.revision ?? 0) !== input.expectedRevision) {
      throw new PreconditionFailedError(
        `The latest editorial revision is ${latest?.revision ?? 'none'}, not ${input.expectedRevision}`,
        [{ field: 'header.if-match', message: `latest revision is ${latest?.revision ?? 'none'}` }],
      );
    }
    if (latest && latest.contentHash === hash) return { editorial: latest, created: false };
    const editorial: EditorialRevision = {
      period: input.period,
      revision: (latest?.revision ?? 0) + 1,
      updatedAt: deps.clock().toISOString(),
      updatedBy: input.principal.tokenId,
      contentHash: hash,
      ...content,
    };
    try {
      await deps.editorials.create(editorial);
      return { editorial, created: true };
    } catch (error) {
      if (!(error instanceof EditorialRevisionTakenError)) throw error;
      if (input.expectedRevision !== undefined) {
        throw new PreconditionFailedError(`Revision ${editorial.revision} was written concurrently`, [
          { field: 'header.if-match', message: 'the editorial changed while this PUT was in flight' },
        ]);
      }
    }
  }
  throw new Error(`Gave up after ${MAX_ATTEMPTS} concurrent editorial revisions of ${input.period}`);
}

export async function getEditorial(deps: EditorialDependencies, period: Period): Promise<EditorialRevision> {
  const editorial = await deps.editorials.latest(period);
  if (!editorial) {
    throw new NotFoundError(`No editorial for ${period} yet`, [
      { field: 'path.period', message: 'not found' },
    ]);
  }
  return editorial;
}

/** What the API shows of a revision: the text and its revision, not the hash or the token id. */
export function editorialDto(editorial: EditorialRevision) {
  return {
    period: editorial.period,
    revision: editorial.revision,
    updatedAt: editorial.updatedAt,
    ...(editorial.overview !== undefined ? { overview: editorial.overview } : {}),
    ...(editorial.themes !== undefined ? { themes: editorial.themes } : {}),
    ...(editorial.nextSteps !== undefined ? { nextSteps: editorial.nextSteps } : {}),
  };
}
