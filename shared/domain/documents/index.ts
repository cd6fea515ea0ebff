/**
 * The rendered forms of a SummaryDocument. JSON is the document itself; HTML, DOCX and Markdown are pure
 * functions of it, so the same summary always gives the same bytes (DOCX: the same word/document.xml).
 */
export { renderHtml } from './render-html';
export { renderMarkdown } from './render-markdown';
export { renderDocx } from './render-docx';

export const DOCUMENT_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
} as const satisfies Record<string, { contentType: string; extension: string }>;

export type DocumentFormat = keyof typeof DOCUMENT_FORMATS;

export function isDocumentFormat(value: string): value is DocumentFormat {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_FORMATS, value);
}
