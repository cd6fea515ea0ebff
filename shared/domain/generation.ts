/**
 * Rules of summary generation that are not aggregation: generation ids, where documents live in S3,
 * what the downloaded files are called, and which period a scheduled run is for.
 */
import {
  periodOf,
  periodOfWeek,
  periodTitle,
  previousPeriod,
  previousWeek,
  weekOf,
  type Period,
} from './calendar';
import { ID_PATTERN } from './catalog';
import { DOCUMENT_FORMATS, type DocumentFormat } from './documents/formats';
import { DISTRICT_SCOPE } from './summary';

/**
 * Ids sort by time ("20231126T064500123Z-…"), so the newest generation is the last in key order. The
 * UTC time is the ISO string without its separators: request-summary makes one per request, and this was the last
 * thing it carried luxon for.
 */
export function newGenerationId(now: Date, randomHex: string): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomHex}`;
}

export const GENERATION_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/** Every generation's objects live below this prefix; nothing else in the bucket does. */
export const SUMMARIES_PREFIX = 'summaries/';

export function generationPrefix(period: Period, generationId: string): string {
  return `${SUMMARIES_PREFIX}${period}/${generationId}/`;
}

export function documentKey(
  period: Period,
  generationId: string,
  scope: string,
  format: DocumentFormat,
): string {
  return `${generationPrefix(period, generationId)}${scope}.${DOCUMENT_FORMATS[format].extension}`;
}

/**
 * Intermediate objects of a running generation (the run's context and each batch's department aggregates),
 * deleted once the generation is published; the clean-up of failed generations removes them with the rest.
 */
export function stagingPrefix(period: Period, generationId: string): string {
  return `${generationPrefix(period, generationId)}staging/`;
}

export function stagedBatchKey(period: Period, generationId: string, batch: number): string {
  return `${stagingPrefix(period, generationId)}batch-${String(batch).padStart(5, '0')}.json`;
}

/** A batch's entries of the district's provenance file, as text (see provenanceFrame). */
export function stagedProvenanceKey(period: Period, generationId: string, batch: number): string {
  return `${stagingPrefix(period, generationId)}provenance-${String(batch).padStart(5, '0')}.json`;
}

export function stagedContextKey(period: Period, generationId: string): string {
  return `${stagingPrefix(period, generationId)}context.json`;
}

export function manifestKey(period: Period, generationId: string): string {
  return `${generationPrefix(period, generationId)}manifest.json`;
}

/** "张湾区委组织部-2023年上半年-汇总.docx" for the district, "区委办-2023年上半年-汇总.docx" for a department. */
export function downloadFileName(scopeName: string, period: Period, format: DocumentFormat): string {
  // Characters that some file system refuses in a name, and control characters, become a dash.
  const safe = scopeName.replace(/[\\/:*?"<>|\p{Cc}]/gu, '-').trim() || 'summary';
  return `${safe}-${periodTitle(period)}-汇总.${DOCUMENT_FORMATS[format].extension}`;
}

/**
 * RFC 6266 / RFC 5987: an ASCII fallback for old clients and the exact UTF-8 name in filename*. `inline`
 * lets a browser show the document (the web app's preview) while keeping the name for a later save.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const SCHEDULE_KINDS = ['running', 'ended', 'week-ended', 'quarter-ended', 'year-ended'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/**
 * The Monday run summarises the half-year of the week that has just ended, "to date" while that
 * half-year goes on; on the first Monday after a half-year's last week it therefore produces that
 * half-year's complete summary, which the 1 January / 1 July run cannot always do (a half-year's last
 * ISO week may end a few days into the next month). The 1 January and 1 July runs summarise the
 * half-year that has just ended.
 *
 * The other kinds run once after their period, with no "to date" runs: `week-ended` (the weekly
 * showcase, Monday after the deadline) summarises the week just ended; `quarter-ended` and `year-ended`
 * (the first day after the period) the quarter or year of the day before. Like the 1 January / 1 July
 * runs, they summarise as of that day: a last ISO week that ends a few days into the next period counts
 * in the figures so far, and a request later gives the complete figures.
 */
export function scheduledPeriod(kind: ScheduleKind, at: Date, timeZone: string): Period {
  switch (kind) {
    case 'running':
      return periodOfWeek(previousWeek(weekOf(at, timeZone)));
    case 'ended':
      return previousPeriod(periodOf(at, timeZone));
    case 'week-ended':
      return previousWeek(weekOf(at, timeZone));
    case 'quarter-ended':
      return previousPeriod(periodOf(at, timeZone, 'quarter'));
    case 'year-ended':
      return previousPeriod(periodOf(at, timeZone, 'year'));
  }
}

export function isScope(value: string): boolean {
  return value === DISTRICT_SCOPE || ID_PATTERN.test(value);
}
