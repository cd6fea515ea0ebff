/**
 * Storage and triggers for summary generation.
 */
import type { RosterEntry } from '../domain/coverage';
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
  /** Batches finished of those the generation was split into, once it has been split. */
  progress?: { done: number; total: number };
}

/** What marking a batch done found: counted (with the new tally), already counted, or a generation that ended. */
export type BatchMark =
  { outcome: 'counted'; done: number; total: number } | { outcome: 'duplicate' } | { outcome: 'not-running' };

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
  /**
   * Records how many batches a running generation was split into ({done: 0, total}); false when the
   * generation is no longer running or was split already (a retried coordinator).
   */
  startBatches(period: Period, generationId: string, total: number): Promise<boolean>;
  /**
   * Counts a batch as done, once: a single conditional update adds the batch's index to the generation's
   * set of finished batches and increments the tally, only while the generation is running and the index is
   * not in the set yet. The batch whose mark makes done equal total runs the reduce.
   */
  markBatchDone(period: Period, generationId: string, batch: number): Promise<BatchMark>;
  /** Moves the pointer unless it already points at a newer generation. */
  setReady(pointer: ReadyPointer): Promise<void>;
  getReady(period: Period): Promise<ReadyPointer | undefined>;
}

export interface DocumentStore {
  /** Writes a new object; keys are never reused, so nothing is overwritten. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /**
   * Writes a new object from chunks whose total length is known beforehand, holding one chunk at a time:
   * for the district's provenance file, which grows with the roster.
   */
  putStream(
    key: string,
    chunks: AsyncIterable<Uint8Array>,
    bytes: number,
    contentType: string,
  ): Promise<void>;
  /** Reads an object the generation wrote itself (staged aggregates); throws when it is missing. */
  get(key: string): Promise<Uint8Array>;
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

/** One batch of a generation: a contiguous slice of the roster, sorted by department id. */
export interface BatchRequest {
  period: Period;
  generationId: string;
  /** The instant every batch computes and stamps its documents with (the coordinator's clock). */
  generatedAt: string;
  /** 0-based index of this batch, and how many there are. */
  batch: number;
  batches: number;
  /** The roster entries of the batch, as the coordinator read them, so every batch sees one roster. */
  departments: RosterEntry[];
  /** A scheduled run: the batch that publishes posts a week's showcase. */
  scheduled: boolean;
}

export interface BatchDispatcher {
  /** Starts one batch asynchronously and returns once it is queued. */
  dispatch(request: BatchRequest): Promise<void>;
}
