import { createHash } from 'node:crypto';
import type { Deadline } from '../../../shared/domain/calendar';
import { defaultCatalog } from '../../../shared/domain/catalog';
import type { EditorialRevision } from '../../../shared/domain/editorial';
import type { IntegrationEvent } from '../../../shared/domain/events';
import { supersedes, type Department, type ReportRevision } from '../../../shared/domain/report';
import type { Principal } from '../../../shared/domain/access';
import type { DepartmentRepository, ReportRepository } from '../../../shared/ports/repositories';
import type {
  BatchDispatcher,
  BatchRequest,
  DocumentStore,
  GenerationRecord,
  GenerationRequest,
  GenerationTrigger,
  Heartbeat,
  ReadyPointer,
  ScopeDocuments,
  SummaryRepository,
} from '../../../shared/ports/summaries';
import type { GenerateDependencies } from '../../../shared/use-cases/generate-summary';
import { renderBatch, type RenderBatchDependencies } from '../../../shared/use-cases/render-batch';

// ---------------------------------------------------------------------------------------------------------
// In-memory fakes of the ports. Every call is appended to one shared log, so tests can assert the order in
// which a use case touches storage (the manifest before the READY pointer, nothing before an access check).
// ---------------------------------------------------------------------------------------------------------

export class FakeSummaries implements SummaryRepository {
  readonly generations = new Map<string, GenerationRecord>();
  readonly scopes = new Map<string, ScopeDocuments>();
  readonly running = new Map<string, { generationId: string; startedAt: string; heartbeatAt: string }>();
  readonly ready = new Map<string, ReadyPointer>();
  /** Finished batch indexes per generation, as the adapter's number set keeps them. */
  readonly doneBatches = new Map<string, Set<number>>();

  constructor(private readonly log: string[]) {}

  async startBatches(period: string, generationId: string, total: number) {
    this.log.push(`startBatches ${generationId} ${total}`);
    const stored = this.generations.get(`${period}|${generationId}`);
    if (stored?.status !== 'running' || stored.progress) return false;
    stored.progress = { done: 0, total };
    return true;
  }

  async markBatchDone(period: string, generationId: string, batch: number) {
    this.log.push(`markBatchDone ${generationId} ${batch}`);
    const key = `${period}|${generationId}`;
    const stored = this.generations.get(key);
    if (stored?.status !== 'running') return { outcome: 'not-running' as const };
    const done = this.doneBatches.get(key) ?? new Set<number>();
    if (done.has(batch)) return { outcome: 'duplicate' as const };
    done.add(batch);
    this.doneBatches.set(key, done);
    stored.progress = { done: (stored.progress?.done ?? 0) + 1, total: stored.progress?.total ?? 0 };
    return { outcome: 'counted' as const, done: stored.progress.done, total: stored.progress.total };
  }

  async acquire(period: string, generationId: string, now: Date, staleBefore: Date) {
    this.log.push(`acquire ${period}`);
    const held = this.running.get(period);
    if (held && held.heartbeatAt >= staleBefore.toISOString()) {
      return { acquired: false as const, holder: held.generationId };
    }
    this.running.set(period, { generationId, startedAt: now.toISOString(), heartbeatAt: now.toISOString() });
    return { acquired: true as const, ...(held ? { replaced: held.generationId } : {}) };
  }

  async heartbeat(period: string, generationId: string, now: Date) {
    this.log.push(`heartbeat ${period} ${generationId}`);
    const held = this.running.get(period);
    if (held?.generationId !== generationId) return false;
    held.heartbeatAt = now.toISOString();
    return true;
  }

  async release(period: string, generationId: string) {
    this.log.push(`release ${period} ${generationId}`);
    if (this.running.get(period)?.generationId === generationId) this.running.delete(period);
  }

  async putGeneration(record: GenerationRecord, expected?: GenerationRecord['status']) {
    this.log.push(`putGeneration ${record.generationId} ${record.status}`);
    const key = `${record.period}|${record.generationId}`;
    const stored = this.generations.get(key);
    if (expected === undefined ? stored !== undefined : stored?.status !== expected) return false;
    this.generations.set(key, structuredClone(record));
    return true;
  }

  async getGeneration(period: string, generationId: string) {
    this.log.push(`getGeneration ${generationId}`);
    return structuredClone(this.generations.get(`${period}|${generationId}`));
  }

  async listGenerations(period: string) {
    this.log.push(`listGenerations ${period}`);
    return [...this.generations.values()]
      .filter((g) => g.period === period)
      .sort((a, b) => (a.generationId < b.generationId ? -1 : 1))
      .map((g) => structuredClone(g));
  }

  async latestGeneration(period: string) {
    this.log.push(`latestGeneration ${period}`);
    const ids = [...this.generations.values()].filter((g) => g.period === period).map((g) => g.generationId);
    const latest = ids.sort().pop();
    return latest ? structuredClone(this.generations.get(`${period}|${latest}`)) : undefined;
  }

  async putScopeDocuments(period: string, generationId: string, scopes: ScopeDocuments[]) {
    this.log.push(`putScopeDocuments ${generationId}`);
    for (const scope of scopes)
      this.scopes.set(`${period}|${generationId}|${scope.scope}`, structuredClone(scope));
  }

  async getScopeDocuments(period: string, generationId: string, scope: string) {
    this.log.push(`getScopeDocuments ${generationId} ${scope}`);
    return structuredClone(this.scopes.get(`${period}|${generationId}|${scope}`));
  }

  async listScopeDocuments(period: string, generationId: string) {
    this.log.push(`listScopeDocuments ${generationId}`);
    return [...this.scopes.entries()]
      .filter(([key]) => key.startsWith(`${period}|${generationId}|`))
      .map(([, scope]) => structuredClone(scope));
  }

  async setReady(pointer: ReadyPointer) {
    this.log.push(`setReady ${pointer.generationId}`);
    const current = this.ready.get(pointer.period);
    if (!current || current.generationId < pointer.generationId)
      this.ready.set(pointer.period, { ...pointer });
  }

  async getReady(period: string) {
    this.log.push(`getReady ${period}`);
    const pointer = this.ready.get(period);
    return pointer ? { ...pointer } : undefined;
  }
}

export class FakeDocuments implements DocumentStore {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  readonly presigned: { key: string; options: Parameters<DocumentStore['presignGet']>[1] }[] = [];
  /** Makes put fail for the keys it returns an error for. */
  failWith?: (key: string) => Error | undefined;

  constructor(private readonly log: string[]) {}

  async put(key: string, body: Uint8Array, contentType: string) {
    this.log.push(`put ${key}`);
    const failure = this.failWith?.(key);
    if (failure) throw failure;
    this.objects.set(key, { body: Buffer.from(body), contentType });
  }

  async putStream(key: string, chunks: AsyncIterable<Uint8Array>, bytes: number, contentType: string) {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(Buffer.from(chunk));
    const body = Buffer.concat(parts);
    // The real store sends the length first; a wrong one would cut the object short or fail.
    if (body.byteLength !== bytes)
      throw new Error(`putStream ${key}: ${body.byteLength} bytes, ${bytes} declared`);
    await this.put(key, body, contentType);
  }

  async get(key: string) {
    this.log.push(`get ${key}`);
    const object = this.objects.get(key);
    if (!object) throw new Error(`NoSuchKey: ${key}`);
    return new Uint8Array(object.body);
  }

  async deletePrefix(prefix: string) {
    this.log.push(`deletePrefix ${prefix}`);
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }

  async presignGet(key: string, options: Parameters<DocumentStore['presignGet']>[1]) {
    this.log.push(`presign ${key}`);
    this.presigned.push({ key, options });
    return `https://s3.example/${key}?X-Amz-Expires=${options.expiresInSeconds}`;
  }
}

export class FakeTrigger implements GenerationTrigger {
  readonly started: GenerationRequest[] = [];
  failure?: Error;

  async start(request: GenerationRequest) {
    if (this.failure) throw this.failure;
    this.started.push(request);
  }
}

/**
 * Runs each batch in process, as Lambda would run an `Event` invocation: the coordinator does not wait
 * for the outcome, and a batch's error goes to `failures` (Lambda's on-failure destination) instead of
 * back to the caller. Batches run one after the other, in the order they were dispatched, once `drain`
 * is awaited (or at once with `immediate`).
 */
export class InlineBatches implements BatchDispatcher {
  readonly requests: BatchRequest[] = [];
  readonly failures: unknown[] = [];
  deps?: RenderBatchDependencies;
  private queue: Promise<void> = Promise.resolve();

  async dispatch(request: BatchRequest) {
    this.requests.push(structuredClone(request));
    const deps = this.deps;
    if (!deps) throw new Error('InlineBatches has no dependencies');
    this.queue = this.queue.then(() =>
      renderBatch(deps, structuredClone(request)).then(
        () => undefined,
        (error: unknown) => {
          this.failures.push(error);
        },
      ),
    );
  }

  /** Resolves once every dispatched batch has finished. */
  async drain() {
    let seen: Promise<void> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }
}

/** Serves week heads the way the adapter does: the latest of each department-week's revisions. */
export class FakeReports implements ReportRepository {
  readonly queries: { departmentId: string; first: string; last: string }[] = [];

  constructor(private readonly revisions: ReportRevision[]) {}

  async latestBetween(departmentId: string, first: string, last: string) {
    this.queries.push({ departmentId, first, last });
    const heads = new Map<string, ReportRevision>();
    for (const revision of this.revisions) {
      if (revision.departmentId !== departmentId || revision.week < first || revision.week > last) continue;
      const head = heads.get(revision.week);
      if (!head || supersedes(revision, head)) heads.set(revision.week, revision);
    }
    return [...heads.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
  }

  async statusesBetween(departmentId: string, first: string, last: string) {
    return this.latestBetween(departmentId, first, last);
  }

  /** Each call's week and departments, for tests that count the reads. */
  readonly reportedInCalls: { week: string; departmentIds: string[] }[] = [];

  async reportedIn(week: string, departmentIds: readonly string[]) {
    this.reportedInCalls.push({ week, departmentIds: [...departmentIds] });
    const asked = new Set(departmentIds);
    return new Set(
      this.revisions
        .filter((revision) => revision.week === week && asked.has(revision.departmentId))
        .map((revision) => revision.departmentId),
    );
  }

  async statusesOfRoster(first: string, last: string) {
    const departments = new Set(this.revisions.map((revision) => revision.departmentId));
    const heads = await Promise.all([...departments].map((id) => this.latestBetween(id, first, last)));
    return heads.flat();
  }

  latestPage(): Promise<never> {
    throw new Error('not used by summaries');
  }
  latest(): Promise<ReportRevision | undefined> {
    throw new Error('not used by summaries');
  }
  get(): Promise<ReportRevision | undefined> {
    throw new Error('not used by summaries');
  }
  create(): Promise<void> {
    throw new Error('not used by summaries');
  }
  repairHead(): Promise<void> {
    throw new Error('not used by summaries');
  }
}

export class FakeDepartments implements DepartmentRepository {
  constructor(private readonly roster: Department[]) {}

  async list() {
    return this.roster.map((department) => ({ ...department }));
  }
  get(): Promise<Department | undefined> {
    throw new Error('not used by summaries');
  }
  upsert(): Promise<{ department: Department; created: boolean }> {
    throw new Error('not used by summaries');
  }
}

// ---------------------------------------------------------------------------------------------------------

export const DEADLINE: Deadline = { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' };
export const HEARTBEAT: Heartbeat = { intervalMs: 15_000, staleAfterMs: 60_000 };
/** A Monday morning after 2023-H1 has ended. */
export const NOW = new Date('2023-07-10T02:00:00.000Z');
export const GENERIC_REASON = /internal error/;

export const reviewer: Principal = { tokenId: 'rev1', role: 'reviewer' };
export const qwbToken: Principal = { tokenId: 'dep1', role: 'department', departmentId: 'qwb' };

export function department(departmentId: string, name: string): Department {
  return { departmentId, name, createdAt: '2022-01-01T00:00:00Z', updatedAt: '2022-01-01T00:00:00Z' };
}

export function revision(
  departmentId: string,
  week: string,
  period: string,
  value: string,
  rev = 1,
): ReportRevision {
  return {
    departmentId,
    week,
    period,
    revision: rev,
    submittedAt: '2023-01-01T00:00:00.000Z',
    late: false,
    firstSubmittedAt: '2023-01-01T00:00:00.000Z',
    firstLate: false,
    items: [
      {
        theme: 'political',
        title: `${departmentId} ${week}`,
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value, unit: '人次' }],
      },
    ],
    contentHash: `${departmentId}-${week}-${rev}`,
  };
}

export function setUp(options: { now?: Date; batchSize?: number } = {}) {
  const log: string[] = [];
  /** The integration events the request use case and the coordinator published. */
  const published: IntegrationEvent[] = [];
  const summaries = new FakeSummaries(log);
  const documents = new FakeDocuments(log);
  const trigger = new FakeTrigger();
  const reports = new FakeReports([
    revision('qwb', '2023-W02', '2023-H1', '1.1'),
    revision('qwb', '2023-W03', '2023-H1', '2.2'),
    revision('zzb', '2023-W03', '2023-H1', '3.3'),
    revision('zzb', '2022-W40', '2022-H2', '100'),
  ]);
  const departments = new FakeDepartments([department('qwb', '区委办'), department('zzb', '组织部')]);
  const clock = () => options.now ?? NOW;
  const editorials = {
    stored: undefined as EditorialRevision | undefined,
    latest: async () => editorials.stored,
  };
  const batches = new InlineBatches();
  const batchDeps: RenderBatchDependencies = {
    summaries,
    documents,
    reports,
    clock,
    catalog: defaultCatalog,
    timeZone: DEADLINE.timeZone,
    heartbeat: HEARTBEAT,
    orgName: '张湾区委组织部',
  };
  batches.deps = batchDeps;
  const generateDeps: GenerateDependencies = {
    summaries,
    documents,
    departments,
    reports,
    editorials,
    clock,
    catalog: defaultCatalog,
    deadline: DEADLINE,
    heartbeat: HEARTBEAT,
    orgName: '张湾区委组织部',
    batches,
    batchSize: options.batchSize ?? 50,
    events: { publish: async (event: IntegrationEvent) => void published.push(event) },
  };
  return {
    log,
    summaries,
    documents,
    editorials,
    trigger,
    reports,
    clock,
    generateDeps,
    batches,
    batchDeps,
    published,
    requestDeps: {
      summaries,
      trigger,
      clock,
      deadline: DEADLINE,
      heartbeat: HEARTBEAT,
      events: { publish: async (event: IntegrationEvent) => void published.push(event) },
    },
  };
}

/** A running generation of 2023-H1 as requestSummary leaves it: recorded and holding the lock. */
export async function runningGeneration(
  env: ReturnType<typeof setUp>,
  generationId = '20230710T020000000Z-00000001',
) {
  const record: GenerationRecord = {
    period: '2023-H1',
    generationId,
    status: 'running',
    requestedBy: 'token:rev1',
    startedAt: NOW.toISOString(),
  };
  env.summaries.running.set('2023-H1', {
    generationId,
    startedAt: NOW.toISOString(),
    heartbeatAt: NOW.toISOString(),
  });
  env.summaries.generations.set(`2023-H1|${generationId}`, record);
  return record;
}

/** A published generation: its record, the documents of its scopes and the READY pointer. */
export function publishedGeneration(env: ReturnType<typeof setUp>, generationId: string, scopes: string[]) {
  env.summaries.generations.set(`2023-H1|${generationId}`, {
    period: '2023-H1',
    generationId,
    status: 'ready',
    requestedBy: 'token:rev1',
    startedAt: '2023-07-10T01:00:00.000Z',
    generatedAt: '2023-07-10T01:00:01.000Z',
    finishedAt: '2023-07-10T01:00:02.000Z',
  });
  for (const scope of scopes) {
    env.summaries.scopes.set(`2023-H1|${generationId}|${scope}`, {
      scope,
      scopeName: scope === 'district' ? '张湾区委组织部' : { qwb: '区委办', zzb: '组织部' }[scope]!,
      documents: (['json', 'docx'] as const).map((format) => ({
        format,
        key: `summaries/2023-H1/${generationId}/${scope}.${format}`,
        sha256: createHash('sha256').update(`${generationId}${scope}${format}`).digest('hex'),
        bytes: 100,
        contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/docx',
      })),
    });
  }
  env.summaries.ready.set('2023-H1', {
    period: '2023-H1',
    generationId,
    generatedAt: '2023-07-10T01:00:01.000Z',
    manifestKey: `summaries/2023-H1/${generationId}/manifest.json`,
  });
}

export const PREVIOUS = '20230701T000000000Z-0000000a';

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

// ---------------------------------------------------------------------------------------------------------
