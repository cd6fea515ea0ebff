/**
 * Escaping of report text (titles, details, department and organisation names, labels, units) for each
 * output format. Everything a department typed is data: it must show as typed and never become markup.
 * DOCX needs no function here: the docx package writes text nodes through its XML serializer.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and (quoted) attribute values, inline SVG included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** Line breaks of any platform as one "\n". */
function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// Characters with a meaning in CommonMark/GFM syntax; `~` is GFM strikethrough.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-!|~]/g;
// "1." or "1)" at the start of a line would open an ordered list.
const LEADING_ORDERED_MARKER = /^(\s*\d+)([.)])/;

/**
 * Inline Markdown text: punctuation backslash-escaped, `&`, `<` and `>` as entities (so no raw HTML and no
 * autolink can start), and line breaks as `<br>`, the only raw HTML this module emits. A leading "1." keeps
 * its dot escaped, so text placed at the start of a line cannot open a list either.
 */
export function escapeMarkdown(text: string): string {
  return normaliseNewlines(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`)
        .replace(LEADING_ORDERED_MARKER, '$1\\$2'),
    )
    .join('<br>');
}

/**
 * Text for a GFM table cell: inline escaping plus `|` as `\|` (done by escapeMarkdown), so a cell can never
 * split into two, and line breaks as `<br>` because a row must stay on one line.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdown(text);
}
