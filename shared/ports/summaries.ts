/**
 * Storage and triggers for summary generation.
 */
import type { Period } from '../domain/calendar';
import type { DocumentFormat } from '../domain/documents/formats';

export type GenerationStatus = 'running' | 'ready' | 'failed';

export interface GenerationRecord {
  period: Period;
  generationId: string;
  status: GenerationStatus;
  /** "api" with the token id, or "schedule". */
  requestedBy: string;
  startedAt: string;
  finishedAt?: string;
  /** When the figures were computed (the documents' generatedAt). */
  generatedAt?: string;
  /** Why a failed generation failed, in words fit for the caller. */
  reason?: string;
  /** When its documents were deleted from S3, as a failed or superseded generation. */
  cleanedAt?: string;
}

export interface StoredDocument {
  format: DocumentFormat;
  key: string;
  sha256: string;
  bytes: number;
  contentType: string;
}

/** The documents of one scope of one generation. */
export interface ScopeDocuments {
  scope: string;
  scopeName: string;
  documents: StoredDocument[];
}

export interface ReadyPointer {
  period: Period;
  generationId: string;
  generatedAt: string;
  manifestKey: string;
}

/** How often a running generation proves it is alive, and how long a silent one has before it counts as dead. */
export interface Heartbeat {
  intervalMs: number;
  staleAfterMs: number;
}

export interface SummaryRepository {
  /**
   * Takes the period's generation lock unless a generation whose last heartbeat is after `staleBefore`
   * holds it. Returns the holder when the lock is taken.
   */
  acquire(
    period: Period,
    generationId: string,
    now: Date,
    staleBefore: Date,
  ): Promise<{ acquired: true; replaced?: string } | { acquired: false; holder: string }>;
  /** Refreshes the lock's heartbeat; false when the lock is no longer this generation's (taken over). */
  heartbeat(period: Period, generationId: string, now: Date): Promise<boolean>;
  release(period: Period, generationId: string): Promise<void>;
  /**
   * Writes a generation record. Without `expected` it creates a new record and fails if one exists; with
   * it, the write happens only while the stored record has that status. False when the condition failed,
   * so that, say, a generation taken over as dead can never be published as ready afterwards.
   */
  putGeneration(record: GenerationRecord, expected?: GenerationStatus): Promise<boolean>;
  getGeneration(period: Period, generationId: string): Promise<GenerationRecord | undefined>;
  /** Every generation of the period, oldest first. */
  listGenerations(period: Period): Promise<GenerationRecord[]>;
  latestGeneration(period: Period): Promise<GenerationRecord | undefined>;
  putScopeDocuments(period: Period, generationId: string, scopes: ScopeDocuments[]): Promise<void>;
  getScopeDocuments(period: Period, generationId: string, scope: string): Promise<ScopeDocuments | undefined>;
  listScopeDocuments(period: Period, generationId: string): Promise<ScopeDocuments[]>;
  /** Moves the pointer unless it already points at a newer generation. */
  setReady(pointer: ReadyPointer): Promise<void>;
  getReady(period: Period): Promise<ReadyPointer | undefined>;
}

export interface DocumentStore {
  /** Writes a new object; keys are never reused, so nothing is overwritten. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Deletes every object under the prefix; returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
  /** A GET URL valid for `expiresInSeconds`, whose response carries the given headers. */
  presignGet(
    key: string,
    options: { contentType: string; contentDisposition: string; expiresInSeconds: number },
  ): Promise<string>;
}

export interface GenerationRequest {
  period: Period;
  generationId: string;
}

export interface GenerationTrigger {
  /** Starts the generation asynchronously and returns at once. */
  start(request: GenerationRequest): Promise<void>;
}
