/**
 * The reviewer's editorial pass over a period's district review: the framing a reviewer writes after
 * reading a generated draft (an overview, a lead per theme, the next steps). Every PUT stores an immutable
 * revision, as report submissions do; the next generation of the period uses the latest one.
 */
import { createHash } from 'node:crypto';
import type { Period } from './calendar';

/** Characters (code points of the NFC form), as the limits of report text count them. */
export const EDITORIAL_LIMITS = { overview: 2000, theme: 2000, nextSteps: 3000 } as const;

export interface EditorialContent {
  overview?: string;
  /** Theme id → the theme's lead text; only themes of the catalog. */
  themes?: Record<string, string>;
  nextSteps?: string;
}

export interface EditorialRevision extends EditorialContent {
  period: Period;
  /** 1, 2, … in the order they were stored. */
  revision: number;
  updatedAt: string;
  /** The token that stored it, for the audit trail. */
  updatedBy: string;
  /** sha256 of the canonical content; an identical PUT stores nothing. */
  contentHash: string;
}

/**
 * The content as stored: text in NFC with line breaks as "\n"; theme entries sorted by id so that the
 * order a client sent them in does not make a new revision; no empty `themes` object.
 */
export function normaliseEditorial(input: EditorialContent): EditorialContent {
  const text = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n');
  const themes = Object.entries(input.themes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, value]) => [id, text(value)] as const);
  return {
    ...(input.overview !== undefined ? { overview: text(input.overview) } : {}),
    ...(themes.length > 0 ? { themes: Object.fromEntries(themes) } : {}),
    ...(input.nextSteps !== undefined ? { nextSteps: text(input.nextSteps) } : {}),
  };
}

/** A hash of normalised content, over a fixed key order. */
export function editorialHash(content: EditorialContent): string {
  const canonical = JSON.stringify([
    content.overview ?? null,
    Object.entries(content.themes ?? {}),
    content.nextSteps ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
