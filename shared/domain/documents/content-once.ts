/**
 * A summary's content built once for all the formats that lay it out. A generation renders each scope as
 * HTML, Markdown and Word one after the other from the same document object, and buildContent (prose,
 * rounded figures, dated highlights) came to about a twentieth of a department's rendering each time.
 * Keyed by the document object, so it lives as long as the document does: documents are not changed once
 * built, and the renderers only read the content.
 */
import type { SummaryDocument } from '../summary';
import { buildContent, type DocumentContent } from './content';

const built = new WeakMap<SummaryDocument, DocumentContent>();

export function contentOf(doc: SummaryDocument): DocumentContent {
  let content = built.get(doc);
  if (!content) {
    content = buildContent(doc);
    built.set(doc, content);
  }
  return content;
}
