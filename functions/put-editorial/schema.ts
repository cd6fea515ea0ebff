import * as z from '../../shared/validation/zod';
import { defaultCatalog, ID_PATTERN } from '../../shared/domain/catalog';
import { EDITORIAL_LIMITS } from '../../shared/domain/editorial';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam, TextField } from '../../shared/http/schemas';
import { EditorialDto } from '../get-editorial/schema';

/**
 * Plain text under the project's one set of text rules (not blank, no control characters but tab and line
 * breaks, no unpaired surrogates), at most `max` characters; a blank line separates paragraphs.
 */
const EditorialText = (max: number) => TextField({ max, required: true });

/** The theme ids of the catalog in force, known when the function starts. */
export function editorialBody(themeIds: readonly string[]) {
  const known = new Set(themeIds);
  return z.withMeta(
    z.strictObject({
      overview: z.withMeta(z.optional(EditorialText(EDITORIAL_LIMITS.overview)), {
        description: 'Replaces the generated overview (总体情况) of the district review',
      }),
      themes: z.withMeta(
        z.optional(
          z
            .record(
              z.string().check(z.regex(ID_PATTERN, 'must be a theme id of the catalog')),
              EditorialText(EDITORIAL_LIMITS.theme),
            )
            .check(
              z.superRefine((themes, ctx) => {
                for (const id of Object.keys(themes)) {
                  if (!known.has(id))
                    ctx.addIssue({ code: 'custom', path: [id], message: 'not a theme of the catalog' });
                }
              }),
            ),
        ),
        { description: "Theme id → the text that replaces that theme's generated lead paragraph" },
      ),
      nextSteps: z.withMeta(z.optional(EditorialText(EDITORIAL_LIMITS.nextSteps)), {
        description: 'The closing 下一步工作打算 section; the review has none without it',
      }),
    }),
    { id: 'EditorialInput' },
  );
}

/** The route's contract with the body validated against the given catalog's themes. */
export function editorialContract(themeIds: readonly string[]) {
  return defineContract({
    operationId: 'putEditorial',
    summary: "Store the reviewer's editorial of a period's district review",
    description:
      'Replaces the whole editorial (an omitted field is unset) by storing a new immutable revision: 201 for ' +
      'the first, 200 after; identical content answers 200 with the latest revision and stores nothing. ' +
      'If-Match: "<revision>" makes the PUT conditional (412 when the latest is another). Plain text; a blank ' +
      'line separates paragraphs. The next generation of the period uses the latest revision in the district ' +
      'document only: overview and theme texts replace the generated ones, nextSteps adds a closing section.',
    tags: ['summaries'],
    access: { roles: ['admin', 'reviewer'] },
    params: z.strictObject({ period: PeriodParam }),
    headers: { 'if-match': 'Optional. "<revision>" the PUT expects to replace' },
    body: editorialBody(themeIds),
    responses: {
      201: { description: 'First revision stored', schema: EditorialDto, headers: { etag: '"<revision>"' } },
      200: {
        description: 'New revision stored, or identical content',
        schema: EditorialDto,
        headers: { etag: '"<revision>"' },
      },
      412: { description: 'If-Match names another revision than the latest' },
    },
  });
}

/** As documented: the handler builds its own from the catalog in force (CATALOG_FILE may replace it). */
export const contract = editorialContract(defaultCatalog.themes.map((theme) => theme.id));
