/**
 * The published formats. Kept apart from the renderers so that functions which only name formats (the
 * download link) do not bundle the Word library.
 */
export const DOCUMENT_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  /**
   * Where every figure came from (revisions, source weeks, the full coverage grid): the part of the JSON
   * that grows with the roster, kept beside the document (see SummaryDocument.provenance).
   */
  provenance: { contentType: 'application/json; charset=utf-8', extension: 'provenance.json' },
} as const satisfies Record<string, { contentType: string; extension: string }>;

export type DocumentFormat = keyof typeof DOCUMENT_FORMATS;

export const FORMAT_NAMES = Object.keys(DOCUMENT_FORMATS) as DocumentFormat[];
