import * as z from '../../shared/validation/zod';
import { FORMAT_NAMES } from '../../shared/domain/documents/formats';
import { GRID_DEPARTMENTS_MAX, HIGHLIGHTS_PER_THEME } from '../../shared/domain/summary';
import { ID_PATTERN } from '../../shared/domain/catalog';
import { isScope } from '../../shared/domain/generation';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

export const DocumentLinkDto = z.withMeta(
  z.object({
    url: z.withMeta(z.string(), { description: 'Presigned S3 URL' }),
    expiresAt: z.withMeta(z.string(), { format: 'date-time', description: 'When the URL stops working' }),
  }),
  { id: 'DocumentLink' },
);

/** What each format is; the JSON's own fields are described by its `schemaVersion` (README). */
const FORMAT_DESCRIPTION =
  '`json` the summary document (schemaVersion 3), `html`, `docx`, `md` and `xlsx` renderings of it, ' +
  '`provenance` the `<scope>.provenance.json` beside it: per department (sorted by id) the revisions used ' +
  '(week, revision, submittedAt, late), for each reported metric the weeks its value was taken from and ' +
  'whether the department is in the like-for-like comparison, and its row of the coverage grid. Since ' +
  'schemaVersion 3 the JSON keeps only counts of these (`reportingDepartments`, `basisDepartmentCount`, ' +
  '`provenance.revisionCount`, `coverage.missingReports`), at most ' +
  `${HIGHLIGHTS_PER_THEME} highlights per theme in the district (each department lists all of its own), and ` +
  `beyond ${GRID_DEPARTMENTS_MAX} departments \`coverage.grid: null\` with ` +
  '`coverage.weeks` (per-week counts) instead, so that the district document does not grow with the roster ' +
  'beyond its per-department table rows.';

export const contract = defineContract({
  operationId: 'downloadDocument',
  summary: 'Download a document of the latest ready summary',
  description:
    'Redirects (302) to a presigned S3 URL valid for five minutes; its response carries the content type and ' +
    "Content-Disposition: attachment with the UTF-8 file name (filename*=UTF-8''…). Reviewers and admins may " +
    'read every scope; a department token its own department and the district (403 otherwise). Follow the ' +
    'redirect WITHOUT the Authorization header: the URL carries its own signature, and S3 refuses a request ' +
    'with both (400 "Only one auth mechanism allowed"). curl -L drops it on the redirect; so do browsers\' fetch ' +
    'and most HTTP clients when the host changes, but check yours. A browser app, which cannot send its token ' +
    'on a plain navigation, asks with `redirect=false` for 200 `{ url, expiresAt }` and then navigates to the ' +
    'URL; `disposition=inline` (HTML only) presigns for display, as in a sandboxed preview.',
  tags: ['summaries'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  params: z.strictObject({
    period: PeriodParam,
    scope: z.withMeta(z.string().check(z.refine(isScope, 'must be "district" or a department id')), {
      description: '"district" or a department id',
      example: 'district',
      pattern: ID_PATTERN.source,
    }),
    format: z.withMeta(z.enum(FORMAT_NAMES as [string, ...string[]]), { description: FORMAT_DESCRIPTION }),
  }),
  query: z.strictObject({
    redirect: z.withMeta(z.optional(z.enum(['true', 'false'])), {
      description: '"false" answers 200 with the URL instead of redirecting',
    }),
    disposition: z.withMeta(z.optional(z.enum(['attachment', 'inline'])), {
      description: '"inline" for display in a browser; HTML only',
    }),
  }),
  responses: {
    200: { description: 'The presigned URL (redirect=false)', schema: DocumentLinkDto },
    302: {
      description: 'Redirect to the document; no body',
      headers: {
        location:
          'Presigned S3 GET URL of the document, valid five minutes. Do not send Authorization to it.',
        'cache-control': 'no-store: the URL expires',
      },
    },
    404: {
      description:
        'No summary of the period is ready, the scope is not in it, or the format is not published',
    },
  },
});
