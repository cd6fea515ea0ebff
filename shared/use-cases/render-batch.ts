/**
 * One batch of a summary generation, and the reduce that the last batch to finish runs: the render-batch
 * function's use case. The coordinator (generate-summary.ts) splits the roster into batches and starts
 * one asynchronous invocation per batch.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import {
  departmentDocument,
  departmentFigures,
  districtDocument,
  mergeParts,
  provenanceDocument,
  provenanceEntry,
  provenanceFragment,
  provenanceFrame,
  runContext,
  scopePart,
  serializeProvenance,
  serializeSummary,
  type RunContext,
  type ScopePart,
} from '../domain/aggregate';
import { periodKind, type Period } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import { renderDocx, renderHtml, renderMarkdown, renderXlsx, type SourceReport } from '../domain/documents';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../domain/documents/formats';
import { DISTRICT_ITEM_ROWS_MAX, itemRowCount } from '../domain/documents/render-xlsx';
import { renderShowcaseHtml, renderShowcaseMarkdown } from '../domain/documents/showcase';
import type { Notice } from '../domain/notifications/messages';
import {
  documentKey,
  generationPrefix,
  manifestKey,
  stagedBatchKey,
  stagedContextKey,
  stagedProvenanceKey,
  stagingPrefix,
} from '../domain/generation';
import { DISTRICT_SCOPE, type EditorialText, type SummaryDocument } from '../domain/summary';
import { AppError } from '../errors/app-error';
import { logger } from '../observability/logger';
import type { EventPublisher } from '../ports/events';
import type { ReportRepository } from '../ports/repositories';
import type {
  BatchRequest,
  DocumentStore,
  GenerationRecord,
  Heartbeat,
  ScopeDocuments,
  StoredDocument,
  SummaryRepository,
} from '../ports/summaries';
import type { Clock } from './clock';
import { publishBestEffort } from './events';
import { failGeneration } from './generation-failure';
import { periodPageUrl, postToGroups, type NotifyDependencies, type RetryPolicy } from './notifications';
import { IO_CONCURRENCY } from './generate-summary';

export interface RenderBatchDependencies {
  summaries: SummaryRepository;
  documents: DocumentStore;
  reports: Pick<ReportRepository, 'latestBetween'>;
  clock: Clock;
  catalog: Catalog;
  timeZone: string;
  orgName: string;
  heartbeat: Heartbeat;
  /** Where SummaryReady and SummaryFailed go; none in tests that do not care. */
  events?: EventPublisher;
  /** The group channels a scheduled week's showcase is posted to; none in tests that do not care. */
  notify?: NotifyDependencies;
}

/** What the coordinator stages once for the whole run: what only the district document needs. */
export interface StagedContext {
  /** The reviewer's editorial as it stood when the generation started. */
  editorial: EditorialText | null;
}

/**
 * One batch's contribution to the district: the merged part of its departments (bounded but for their
 * appendix rows), its items and published documents. Its departments' entries of the district's
 * provenance file are staged beside it as text (stagedProvenanceKey), `provenanceBytes` long, so that the
 * reduce can stream them into the file without reading them into its heap all at once.
 */
export interface StagedBatch {
  batch: number;
  part: ScopePart;
  provenanceBytes: number;
  /** How many rows the batch's items take in the district workbook's 事项 sheet. */
  itemRows: number;
  /**
   * The items of the batch's latest revisions, which the district workbook lists; left out when they
   * alone exceed the sheet's limit, because the district then lists none (it says how many there are).
   */
  sources: SourceReport[];
  scopes: ScopeDocuments[];
}

/** What a scope's workbook lists in its 事项 sheet. */
export interface WorkbookItems {
  sources: SourceReport[];
  /** All the rows, when `sources` is left empty for being over the district's limit. */
  itemRows?: number;
}

/** A scheduled showcase post may take longer than an API request's deliveries. */
const SHOWCASE_RETRY: RetryPolicy = { budgetMs: 20_000, attempts: 4, backoffMs: 1_000 };

/**
 * Posts the week's showcase to every group channel, with a link to its page in the web app. Each
 * channel's outcome is recorded (kind "showcase"), so a repeated run does not post twice; a channel
 * that still fails is logged and recorded failed, and does not fail the generation, which is done.
 */
async function announceShowcase(notify: NotifyDependencies, district: SummaryDocument): Promise<void> {
  const channels = await notify.channels.list();
  const url = periodPageUrl(notify.webAppUrl(), district.period);
  const notice: Notice = {
    title: `周晒：${district.periodTitle}`,
    markdown: renderShowcaseMarkdown(district),
    ...(url ? { link: { text: '查看本周周晒', url } } : {}),
  };
  const outcomes = await Promise.all(
    postToGroups(notify, channels, { period: district.period, kind: 'showcase' }, notice, {
      resend: false,
      policy: SHOWCASE_RETRY,
    }),
  );
  logger.info('Weekly showcase posted', { period: district.period, deliveries: outcomes });
}

/** A scope document to publish, with what its formats need beyond the document itself. */
export interface ScopeToPublish {
  doc: SummaryDocument;
  workbook: () => WorkbookItems;
  /** The provenance file's text; absent for the district, whose file is streamed by the reduce. */
  provenance?: () => string;
}

/** One scope in one format, as a batch publishes it (bench:formats measures this very function). */
export async function renderFormat(
  { doc, workbook, provenance }: ScopeToPublish,
  format: DocumentFormat,
): Promise<Uint8Array> {
  // A week is published as the weekly showcase (周晒): short HTML and Markdown made for a phone.
  if (periodKind(doc.period) === 'week' && (format === 'html' || format === 'md')) {
    return Buffer.from(format === 'html' ? renderShowcaseHtml(doc) : renderShowcaseMarkdown(doc), 'utf8');
  }
  switch (format) {
    case 'json':
      return Buffer.from(serializeSummary(doc), 'utf8');
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(doc), 'utf8');
    case 'docx':
      return renderDocx(doc);
    case 'xlsx': {
      const { sources, itemRows } = workbook();
      return renderXlsx(doc, sources, itemRows === undefined ? {} : { itemRows });
    }
    case 'provenance':
      if (!provenance) throw new Error(`No provenance file for ${doc.scope}`);
      return Buffer.from(provenance(), 'utf8');
  }
}

/**
 * Renders and uploads every format of the given scopes, a few scopes at a time so that memory holds only
 * the documents in flight. Returns what was written.
 */
async function publishScopes(
  documents: DocumentStore,
  period: Period,
  generationId: string,
  docs: ScopeToPublish[],
  checkpoint: () => void,
): Promise<ScopeDocuments[]> {
  const limit = pLimit(IO_CONCURRENCY);
  const formats = Object.keys(DOCUMENT_FORMATS) as DocumentFormat[];
  return Promise.all(
    docs.map((scope) =>
      limit(async (): Promise<ScopeDocuments> => {
        const { doc } = scope;
        checkpoint();
        const stored: StoredDocument[] = [];
        for (const format of formats) {
          if (format === 'provenance' && !scope.provenance) continue;
          const body = await renderFormat(scope, format);
          const key = documentKey(period, generationId, doc.scope, format);
          const { contentType } = DOCUMENT_FORMATS[format];
          await documents.put(key, body, contentType);
          stored.push({
            format,
            key,
            sha256: createHash('sha256').update(body).digest('hex'),
            bytes: body.byteLength,
            contentType,
          });
        }
        return { scope: doc.scope, scopeName: doc.scopeName, documents: stored };
      }),
    ),
  );
}

/** The manifest is the last object of a generation: its presence says every document is in place. */
async function writeManifest(
  documents: DocumentStore,
  period: Period,
  generationId: string,
  generatedAt: string,
  scopes: ScopeDocuments[],
): Promise<void> {
  const manifest = {
    period,
    generationId,
    generatedAt,
    documents: scopes.flatMap((scope) =>
      scope.documents.map(({ format, key, sha256, bytes, contentType }) => ({
        scope: scope.scope,
        format,
        key,
        sha256,
        bytes,
        contentType,
      })),
    ),
  };
  await documents.put(
    manifestKey(period, generationId),
    Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'),
    'application/json; charset=utf-8',
  );
}

function json<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * Deletes the documents of the period's failed and superseded generations, keeping the one just published
 * and the one it replaced (a reader may be holding a link to that). Best effort: a generation that could
 * not be cleaned up is tried again after the next one, and publishing never waits on it.
 */
async function cleanUp(
  deps: Pick<RenderBatchDependencies, 'summaries' | 'documents' | 'clock'>,
  period: Period,
  keep: (string | undefined)[],
): Promise<void> {
  try {
    const generations = await deps.summaries.listGenerations(period);
    for (const generation of generations) {
      if (keep.includes(generation.generationId)) continue;
      if (generation.status === 'running' || generation.cleanedAt) continue;
      await deps.documents.deletePrefix(generationPrefix(period, generation.generationId));
      await deps.summaries.putGeneration(
        { ...generation, cleanedAt: deps.clock().toISOString() },
        generation.status,
      );
    }
  } catch (error) {
    logger.warn('Clean-up of old generations failed; the next generation tries again', {
      error: error as Error,
    });
  }
}

/** How many staged parts the reduce merges at once: fewer merges, and still only a few parts held. */
const PARTS_PER_MERGE = 16;

/**
 * Writes the district's provenance file by streaming each batch's staged entries into it in batch order
 * (the roster sorted by id), one batch's text in memory at a time; returns it as a stored document.
 */
async function streamDistrictProvenance(
  documents: DocumentStore,
  context: RunContext,
  request: BatchRequest,
  fragmentBytes: number[],
): Promise<StoredDocument> {
  const { period, generationId } = request;
  const frame = provenanceFrame(provenanceDocument(context, DISTRICT_SCOPE, []));
  const nonEmpty = fragmentBytes.flatMap((bytes, batch) => (bytes > 0 ? [batch] : []));
  const length = (text: string) => Buffer.byteLength(text, 'utf8');
  const bytes =
    length(frame.head) +
    fragmentBytes.reduce((total, each) => total + each, 0) +
    Math.max(0, nonEmpty.length - 1) * length(frame.separator) +
    length(frame.tail);
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const emit = (chunk: Uint8Array) => {
      hash.update(chunk);
      return chunk;
    };
    yield emit(Buffer.from(frame.head, 'utf8'));
    for (const [index, batch] of nonEmpty.entries()) {
      if (index > 0) yield emit(Buffer.from(frame.separator, 'utf8'));
      yield emit(await documents.get(stagedProvenanceKey(period, generationId, batch)));
    }
    yield emit(Buffer.from(frame.tail, 'utf8'));
  }
  const key = documentKey(period, generationId, DISTRICT_SCOPE, 'provenance');
  const { contentType } = DOCUMENT_FORMATS.provenance;
  await documents.putStream(key, chunks(), bytes, contentType);
  return { format: 'provenance', key, sha256: hash.digest('hex'), bytes, contentType };
}

/**
 * The reduce: the district's documents from every batch's staged aggregates, then the manifest, then the
 * READY pointer. Run once per generation, by the batch whose mark completed the tally.
 */
async function reduce(
  deps: RenderBatchDependencies,
  request: BatchRequest,
  generation: GenerationRecord,
  context: RunContext,
  checkpoint: () => void,
  onTakenOver: () => void,
): Promise<GenerationRecord> {
  const { period, generationId, generatedAt } = request;
  const limit = pLimit(IO_CONCURRENCY);
  // The parts are merged as they come, a few at a time, so the reduce holds one running part (bounded
  // but for the appendix rows) and the parts in flight, never every department's figures.
  let merged: ScopePart | undefined;
  let pending: ScopePart[] = [];
  const fold = () => {
    merged = mergeParts(context, merged ? [merged, ...pending] : pending);
    pending = [];
  };
  // Items are kept only while all read so far fit the district workbook's limit: past it the district
  // lists none, so holding every batch's items until the end would only cost memory.
  let itemRows = 0;
  const sources: SourceReport[][] = new Array(request.batches);
  const scopesOf: ScopeDocuments[][] = new Array(request.batches);
  const provenanceBytes: number[] = new Array(request.batches);
  const readBatch = async (batch: number) => {
    const staged = json<StagedBatch>(await deps.documents.get(stagedBatchKey(period, generationId, batch)));
    itemRows += staged.itemRows;
    sources[batch] = itemRows > DISTRICT_ITEM_ROWS_MAX ? [] : staged.sources;
    if (itemRows > DISTRICT_ITEM_ROWS_MAX) sources.fill([]);
    scopesOf[batch] = staged.scopes;
    provenanceBytes[batch] = staged.provenanceBytes;
    pending.push(staged.part);
    if (pending.length >= PARTS_PER_MERGE) fold();
  };
  const [staged] = await Promise.all([
    deps.documents.get(stagedContextKey(period, generationId)).then((bytes) => json<StagedContext>(bytes)),
    Promise.all(Array.from({ length: request.batches }, (_, batch) => limit(() => readBatch(batch)))),
  ]);
  fold();
  checkpoint();
  // Within the limit every batch staged its items (each has at most the total); beyond it none are listed.
  const workbook: WorkbookItems =
    itemRows > DISTRICT_ITEM_ROWS_MAX ? { sources: [], itemRows } : { sources: sources.flat() };
  const district = districtDocument(context, merged!, staged.editorial);
  merged = undefined;
  const [districtScope] = await publishScopes(
    deps.documents,
    period,
    generationId,
    [{ doc: district, workbook: () => workbook }],
    checkpoint,
  );
  districtScope!.documents.push(
    await streamDistrictProvenance(deps.documents, context, request, provenanceBytes),
  );
  const scopes = [districtScope!, ...scopesOf.flat()];
  checkpoint();
  await writeManifest(deps.documents, period, generationId, generatedAt, scopes);
  await deps.summaries.putScopeDocuments(period, generationId, [districtScope!]);
  const ready: GenerationRecord = {
    ...generation,
    status: 'ready',
    generatedAt,
    finishedAt: deps.clock().toISOString(),
    progress: { done: request.batches, total: request.batches },
  };
  // Conditional: a generation that was taken over as dead meanwhile must not publish.
  if (!(await deps.summaries.putGeneration(ready, 'running'))) {
    onTakenOver();
    checkpoint();
  }
  const before = await deps.summaries.getReady(period);
  await deps.summaries.setReady({
    period,
    generationId,
    generatedAt,
    manifestKey: manifestKey(period, generationId),
  });
  await deps.summaries.release(period, generationId);
  try {
    await deps.documents.deletePrefix(stagingPrefix(period, generationId));
  } catch (error) {
    // Published already; the clean-up of a later generation removes the rest with this one's documents.
    logger.warn('Staged aggregates could not be deleted', { period, generationId, error: error as Error });
  }
  await cleanUp(deps, period, [generationId, before?.generationId]);
  await publishBestEffort(
    deps.events,
    {
      type: 'SummaryReady',
      detail: {
        period,
        periodKind: periodKind(period),
        generationId,
        generatedAt,
        toDate: district.toDate,
        scopes: scopes.map((scope) => scope.scope),
        href: `/v1/summaries/${period}`,
      },
    },
    deps.clock(),
  );
  // The Monday run after the deadline posts the week it summarised; an API request only publishes.
  if (deps.notify && request.scheduled && periodKind(period) === 'week') {
    try {
      await announceShowcase(deps.notify, district);
    } catch (error) {
      logger.error('The weekly showcase could not be posted', { period, error });
    }
  }
  return ready;
}

/**
 * Input: one batch of a running generation (a slice of the roster).
 * Output: the generation as this batch leaves it: still running, ready (this batch published it), or
 * failed; undefined when the generation had ended before the batch started.
 * Primary course:
 *  1. Check the generation is still running (a failed or taken-over one needs nothing more).
 *  2. Read the week heads of the batch's departments over this period and the previous one, and compute
 *     their figures (the map).
 *  3. Render and upload their documents; record them; stage the figures, items and document list as one
 *     S3 object under the generation's prefix.
 *  4. Count the batch as done (conditional and idempotent); the batch that completes the tally runs the
 *     reduce: the district's documents, the manifest, READY, release, clean-up.
 * A failure records the generation as failed with a reason (unless its fate was decided already) and
 * leaves the previous ready one in place; the error is rethrown for Lambda's on-failure destination.
 */
export async function renderBatch(
  deps: RenderBatchDependencies,
  request: BatchRequest,
  options: {
    /** When to give up: a little before the Lambda's own timeout, so a failure can still be recorded. */
    giveUpAt?: Date;
  } = {},
): Promise<GenerationRecord | undefined> {
  const { period, generationId } = request;
  const generation = await deps.summaries.getGeneration(period, generationId);
  if (!generation) throw new Error(`No generation ${generationId} of ${period}`);
  if (generation.status !== 'running') {
    logger.info('The generation has ended; the batch has nothing to do', {
      period,
      generationId,
      batch: request.batch,
      status: generation.status,
    });
    return undefined;
  }
  let takenOver = false;
  const checkpoint = () => {
    if (takenOver) {
      throw new AppError(
        409,
        'generation_taken_over',
        'The generation lost its lock to a newer one after its heartbeat stopped; the newer one decides',
      );
    }
    if (options.giveUpAt && deps.clock().getTime() >= options.giveUpAt.getTime()) {
      throw new AppError(
        408,
        'generation_timed_out',
        'A batch of the generation did not finish within its time limit; request it again, or ask ops to raise the limit',
      );
    }
  };
  // Every running batch beats for the generation, so a generation whose batches all died is taken over
  // within HEARTBEATS_BEFORE_STALE intervals.
  const beat = async () => {
    if (!(await deps.summaries.heartbeat(period, generationId, deps.clock()))) takenOver = true;
  };
  const timer = setInterval(() => void beat().catch(() => undefined), deps.heartbeat.intervalMs);
  timer.unref();

  try {
    await beat();
    checkpoint();
    const context = runContext({
      period,
      orgName: deps.orgName,
      generatedAt: new Date(request.generatedAt),
      timeZone: deps.timeZone,
      catalog: deps.catalog,
    });
    const first = context.previousWeeks[0]!;
    const last = context.weeks[context.weeks.length - 1]!;
    const inPeriod = new Set(context.weeks);
    const limit = pLimit(IO_CONCURRENCY);
    const read = await Promise.all(
      request.departments.map((department) =>
        limit(async () => {
          const heads = await deps.reports.latestBetween(department.departmentId, first, last);
          const current = heads.filter((head) => inPeriod.has(head.week));
          const previous = heads.filter((head) => !inPeriod.has(head.week));
          const figures = departmentFigures(context, department, current, previous);
          return { figures, current, provenance: provenanceEntry(context, figures) };
        }),
      ),
    );
    checkpoint();
    const sourcesOf = (current: (typeof read)[number]['current']): SourceReport[] =>
      current.map(({ departmentId, week, revision, items }) => ({ departmentId, week, revision, items }));
    // A week's showcase is about what was done: a department that did not report that week gets no
    // document of its own (the district's lists it as missing), which keeps a weekly run small.
    const published = read.filter(({ current }) => periodKind(period) !== 'week' || current.length > 0);
    const scopes = await publishScopes(
      deps.documents,
      period,
      generationId,
      published.map(({ figures, current, provenance }) => ({
        doc: departmentDocument(context, figures),
        workbook: () => ({ sources: sourcesOf(current) }),
        provenance: () =>
          serializeProvenance(provenanceDocument(context, figures.ref.departmentId, [provenance])),
      })),
      checkpoint,
    );
    checkpoint();
    if (scopes.length > 0) await deps.summaries.putScopeDocuments(period, generationId, scopes);
    const sources = read.flatMap(({ current }) => sourcesOf(current));
    const itemRows = itemRowCount(sources);
    const fragment = Buffer.from(provenanceFragment(read.map(({ provenance }) => provenance)), 'utf8');
    await deps.documents.put(
      stagedProvenanceKey(period, generationId, request.batch),
      fragment,
      'application/json; charset=utf-8',
    );
    const staged: StagedBatch = {
      batch: request.batch,
      part: scopePart(
        context,
        read.map(({ figures }) => figures),
      ),
      provenanceBytes: fragment.byteLength,
      itemRows,
      sources: itemRows > DISTRICT_ITEM_ROWS_MAX ? [] : sources,
      scopes,
    };
    await deps.documents.put(
      stagedBatchKey(period, generationId, request.batch),
      Buffer.from(JSON.stringify(staged), 'utf8'),
      'application/json; charset=utf-8',
    );
    checkpoint();
    const mark = await deps.summaries.markBatchDone(period, generationId, request.batch);
    if (mark.outcome !== 'counted') {
      logger.info('The batch was counted already or its generation has ended', {
        period,
        generationId,
        ...mark,
      });
      return undefined;
    }
    logger.info('Batch done', {
      period,
      generationId,
      batch: request.batch,
      done: mark.done,
      total: mark.total,
    });
    if (mark.done < mark.total) return { ...generation, progress: { done: mark.done, total: mark.total } };
    return await reduce(deps, request, generation, context, checkpoint, () => {
      takenOver = true;
    });
  } catch (error) {
    await failGeneration(deps, generation, error);
    throw error;
  } finally {
    clearInterval(timer);
  }
}
