/**
 * The reviewer's editorial form, apart from any rendering: the texts being edited, the body PUT sends,
 * which input an API error names, and how long a text is by the API's count. Pure functions, unit-tested
 * without a browser.
 */

/** What GET /v1/summaries/{period}/editorial answers (the fields this form edits). */
export interface StoredEditorial {
  revision: number;
  overview?: string;
  themes?: Record<string, string>;
  nextSteps?: string;
}

/** The form's texts: an empty string is a field left to the generated text. */
export interface EditorialFields {
  overview: string;
  themes: Record<string, string>;
  nextSteps: string;
}

export interface EditorialBody {
  overview?: string;
  themes?: Record<string, string>;
  nextSteps?: string;
}

export function fieldsFromStored(stored: StoredEditorial | null | undefined): EditorialFields {
  return {
    overview: stored?.overview ?? '',
    themes: { ...(stored?.themes ?? {}) },
    nextSteps: stored?.nextSteps ?? '',
  };
}

/** Blank means "not written": the API refuses blank text, and PUT replaces the whole editorial. */
const written = (text: string) => text.trim() !== '';

/**
 * The PUT body: only the texts that were written. A field emptied in the form is left out, which unsets
 * it (PUT replaces the whole editorial), so the generated text comes back on the next generation.
 */
export function fieldsToBody(fields: EditorialFields): EditorialBody {
  const themes = Object.entries(fields.themes).filter(([, text]) => written(text));
  return {
    ...(written(fields.overview) ? { overview: fields.overview } : {}),
    ...(themes.length > 0 ? { themes: Object.fromEntries(themes) } : {}),
    ...(written(fields.nextSteps) ? { nextSteps: fields.nextSteps } : {}),
  };
}

/** Whether the form differs from what is stored, compared as the bodies the API would store. */
export function hasChanges(fields: EditorialFields, stored: StoredEditorial | null | undefined): boolean {
  const a = fieldsToBody(fields);
  const b = fieldsToBody(fieldsFromStored(stored));
  const norm = (body: EditorialBody) =>
    JSON.stringify([
      body.overview ?? null,
      Object.entries(body.themes ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
      body.nextSteps ?? null,
    ]);
  return norm(a) !== norm(b);
}

/** The id of the textarea for an API field: body.overview, body.themes.<id>, body.nextSteps. */
export function editorialInputId(field: string): string | undefined {
  if (field === 'body.overview') return 'editorial-overview';
  if (field === 'body.nextSteps') return 'editorial-next-steps';
  const theme = /^body\.themes\.([^.]+)$/.exec(field);
  return theme ? themeInputId(theme[1]!) : undefined;
}

export function themeInputId(themeId: string): string {
  return `editorial-theme-${themeId}`;
}

export interface EditorialErrors {
  /** Messages by textarea id. */
  byInput: Record<string, string[]>;
  /** Errors no textarea stands for (the period, If-Match, the body as a whole). */
  general: string[];
}

export function mapEditorialErrors(details: { field: string; message: string }[]): EditorialErrors {
  const result: EditorialErrors = { byInput: {}, general: [] };
  for (const detail of details) {
    const id = editorialInputId(detail.field);
    if (id) (result.byInput[id] ??= []).push(detail.message);
    else result.general.push(`${detail.field}：${detail.message}`);
  }
  return result;
}

/** Characters as the API counts them: code points of the NFC form, with CRLF stored as one LF. */
export function textLength(text: string): number {
  return [...text.normalize('NFC').replace(/\r\n?/g, '\n')].length;
}
