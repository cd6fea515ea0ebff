/**
 * The rendered forms of a SummaryDocument. JSON is the document itself; HTML, DOCX and Markdown are pure
 * functions of it, so the same summary always gives the same bytes (DOCX too: its zip carries generatedAt as
 * the time of every entry, not the wall clock).
 */
export { renderHtml } from './render-html';
export { renderMarkdown } from './render-markdown';
export { renderDocx } from './render-docx';
export { renderXlsx, type SourceReport } from './render-xlsx';
export { DOCUMENT_FORMATS, FORMAT_NAMES, type DocumentFormat } from './formats';
