/**
 * The reviewer's editorial form, apart from any rendering: the texts being edited, the body PUT sends,
 * which input an API error names, and how long a text is by the API's count. Pure functions, unit-tested
 * without a browser.
 */
import { fieldMessageInChinese } from './field-messages';

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
    if (id) (result.byInput[id] ??= []).push(fieldMessageInChinese(detail.message));
    else result.general.push(`${detail.field}：${detail.message}`);
  }
  return result;
}

/** Characters as the API counts them: code points of the NFC form, with CRLF stored as one LF. */
export function textLength(text: string): number {
  return [...text.normalize('NFC').replace(/\r\n?/g, '\n')].length;
}

/** Where drafts are kept: localStorage in the browser, a map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Unsaved texts of a period, kept so that a reload, a closed tab or another period loses nothing. */
export interface EditorialDraft {
  /** The revision the draft was started from; 0 when the period had none. */
  baseRevision: number;
  fields: EditorialFields;
  savedAt: string;
}

export function editorialDraftKey(period: string): string {
  return `showcase.editorial-draft.${period}`;
}

export function saveEditorialDraft(store: KeyValueStore, period: string, draft: EditorialDraft): void {
  store.setItem(editorialDraftKey(period), JSON.stringify(draft));
}

/** A draft that cannot be read (another version of the app, a hand edit) is dropped, not trusted. */
export function loadEditorialDraft(store: KeyValueStore, period: string): EditorialDraft | undefined {
  const text = store.getItem(editorialDraftKey(period));
  if (!text) return undefined;
  try {
    const draft = JSON.parse(text) as Partial<EditorialDraft>;
    const fields = draft.fields;
    if (
      typeof draft.baseRevision !== 'number' ||
      typeof draft.savedAt !== 'string' ||
      typeof fields?.overview !== 'string' ||
      typeof fields.nextSteps !== 'string' ||
      typeof fields.themes !== 'object' ||
      fields.themes === null ||
      Object.values(fields.themes).some((value) => typeof value !== 'string')
    )
      throw new Error('shape');
    return {
      baseRevision: draft.baseRevision,
      savedAt: draft.savedAt,
      fields: { overview: fields.overview, themes: { ...fields.themes }, nextSteps: fields.nextSteps },
    };
  } catch {
    store.removeItem(editorialDraftKey(period));
    return undefined;
  }
}

export function clearEditorialDraft(store: KeyValueStore, period: string): void {
  store.removeItem(editorialDraftKey(period));
}
