import { createHash } from 'node:crypto';
import type { Deadline } from '../../../../shared/domain/calendar';
import { defaultCatalog } from '../../../../shared/domain/catalog';
import type { Department, ReportRevision } from '../../../../shared/domain/report';
import { AppError } from '../../../../shared/errors/app-error';
import type { Principal } from '../../../../shared/http/principal';
import type { DepartmentRepository, ReportRepository } from '../../../../shared/ports/repositories';
import type {
  DocumentStore,
  GenerationRecord,
  GenerationRequest,
  GenerationTrigger,
  ReadyPointer,
  ScopeDocuments,
  SummaryRepository,
} from '../../../../shared/ports/summaries';
import {
  documentLink,
  generateSummary,
  getSummary,
  readRevisions,
  requestSummary,
  type GenerateDependencies,
} from '../../../../shared/use-cases/summaries';

// ---------------------------------------------------------------------------------------------------------
// In-memory fakes of the ports. Every call is appended to one shared log, so tests can assert the order in
// which a use case touches storage (the manifest before the READY pointer, nothing before an access check).
// ---------------------------------------------------------------------------------------------------------

class FakeSummaries implements SummaryRepository {
  readonly generations = new Map<string, GenerationRecord>();
  readonly scopes = new Map<string, ScopeDocuments>();
  readonly running = new Map<string, { generationId: string; startedAt: string }>();
  readonly ready = new Map<string, ReadyPointer>();

  constructor(private readonly log: string[]) {}

  async acquire(period: string, generationId: string, now: Date, staleBefore: Date) {
    this.log.push(`acquire ${period}`);
    const held = this.running.get(period);
    if (held && held.startedAt >= staleBefore.toISOString()) {
      return { acquired: false as const, holder: held.generationId };
    }
    this.running.set(period, { generationId, startedAt: now.toISOString() });
    return { acquired: true as const, ...(held ? { replaced: held.generationId } : {}) };
  }

  async release(period: string, generationId: string) {
    this.log.push(`release ${period} ${generationId}`);
    if (this.running.get(period)?.generationId === generationId) this.running.delete(period);
  }

  async putGeneration(record: GenerationRecord) {
    this.log.push(`putGeneration ${record.generationId} ${record.status}`);
    this.generations.set(`${record.period}|${record.generationId}`, structuredClone(record));
  }

  async getGeneration(period: string, generationId: string) {
    this.log.push(`getGeneration ${generationId}`);
    return structuredClone(this.generations.get(`${period}|${generationId}`));
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

class FakeDocuments implements DocumentStore {
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

  async presignGet(key: string, options: Parameters<DocumentStore['presignGet']>[1]) {
    this.log.push(`presign ${key}`);
    this.presigned.push({ key, options });
    return `https://s3.example/${key}?X-Amz-Expires=${options.expiresInSeconds}`;
  }
}

class FakeTrigger implements GenerationTrigger {
  readonly started: GenerationRequest[] = [];
  failure?: Error;

  async start(request: GenerationRequest) {
    if (this.failure) throw this.failure;
    this.started.push(request);
  }
}

class FakeReports implements ReportRepository {
  readonly queries: { departmentId: string; first: string; last: string }[] = [];

  constructor(private readonly revisions: ReportRevision[]) {}

  async revisionsBetween(departmentId: string, first: string, last: string) {
    this.queries.push({ departmentId, first, last });
    return this.revisions.filter((r) => r.departmentId === departmentId && r.week >= first && r.week <= last);
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
}

class FakeDepartments implements DepartmentRepository {
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

const DEADLINE: Deadline = { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' };
/** A Monday morning after 2023-H1 has ended. */
const NOW = new Date('2023-07-10T02:00:00.000Z');
const GENERIC_REASON = /internal error/;

const reviewer: Principal = { tokenId: 'rev1', role: 'reviewer' };
const qwbToken: Principal = { tokenId: 'dep1', role: 'department', departmentId: 'qwb' };

function department(departmentId: string, name: string): Department {
  return { departmentId, name, createdAt: '2022-01-01T00:00:00Z', updatedAt: '2022-01-01T00:00:00Z' };
}

function revision(
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

function setUp(options: { now?: Date } = {}) {
  const log: string[] = [];
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
  const generateDeps: GenerateDependencies = {
    summaries,
    documents,
    departments,
    reports,
    clock,
    catalog: defaultCatalog,
    deadline: DEADLINE,
    orgName: '张湾区委组织部',
  };
  return {
    log,
    summaries,
    documents,
    trigger,
    reports,
    generateDeps,
    requestDeps: { summaries, trigger, clock, deadline: DEADLINE },
  };
}

/** A running generation of 2023-H1 as requestSummary leaves it: recorded and holding the lock. */
async function runningGeneration(
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
  env.summaries.running.set('2023-H1', { generationId, startedAt: NOW.toISOString() });
  env.summaries.generations.set(`2023-H1|${generationId}`, record);
  return record;
}

/** A published generation: its record, the documents of its scopes and the READY pointer. */
function publishedGeneration(env: ReturnType<typeof setUp>, generationId: string, scopes: string[]) {
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

const PREVIOUS = '20230701T000000000Z-0000000a';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

// ---------------------------------------------------------------------------------------------------------

describe('requestSummary', () => {
  it('records a running generation requested by the token and starts the aggregator for it', async () => {
    const env = setUp();
    const result = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(result).toEqual({
      period: '2023-H1',
      generationId: expect.stringMatching(/^20230710T020000000Z-[0-9a-f]{8}$/),
      status: 'running',
      started: true,
    });
    expect(env.trigger.started).toEqual([{ period: '2023-H1', generationId: result.generationId }]);
    expect(env.summaries.generations.get(`2023-H1|${result.generationId}`)).toEqual({
      period: '2023-H1',
      generationId: result.generationId,
      status: 'running',
      requestedBy: 'token:rev1',
      startedAt: NOW.toISOString(),
    });
    expect(env.summaries.running.get('2023-H1')?.generationId).toBe(result.generationId);
  });

  it('returns the running generation instead of starting a second one', async () => {
    const env = setUp();
    const first = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    const second = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(second).toEqual({ ...first, started: false });
    expect(env.trigger.started).toHaveLength(1);
    expect(env.summaries.generations.size).toBe(1);
  });

  it('takes over a lock held for more than 16 minutes and records the stale generation as failed', async () => {
    const env = setUp();
    const stale = await runningGeneration(env, '20230710T014300000Z-00000001');
    env.summaries.running.set('2023-H1', {
      generationId: stale.generationId,
      startedAt: new Date(NOW.getTime() - 17 * 60_000).toISOString(),
    });
    const result = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(result.started).toBe(true);
    expect(env.summaries.generations.get(`2023-H1|${stale.generationId}`)).toMatchObject({
      status: 'failed',
      finishedAt: NOW.toISOString(),
      reason: expect.stringMatching(/did not finish/),
    });
    expect(env.summaries.running.get('2023-H1')?.generationId).toBe(result.generationId);
  });

  it('leaves a lock held for 15 minutes to its holder', async () => {
    const env = setUp();
    const holder = await runningGeneration(env);
    env.summaries.running.set('2023-H1', {
      generationId: holder.generationId,
      startedAt: new Date(NOW.getTime() - 15 * 60_000).toISOString(),
    });
    const result = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(result).toMatchObject({ generationId: holder.generationId, started: false });
    expect(env.summaries.generations.get(`2023-H1|${holder.generationId}`)?.status).toBe('running');
  });

  it('refuses a half-year that has not started with 400 on path.period, before touching the lock', async () => {
    const env = setUp({ now: new Date('2023-07-01T04:00:00.000Z') });
    const error = await rejection(
      requestSummary(env.requestDeps, { period: '2023-H2', principal: reviewer }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ statusCode: 400, details: [{ field: 'path.period' }] });
    expect(env.log).toEqual([]);
  });

  it('records the generation failed and releases the lock when the aggregator cannot be started', async () => {
    const env = setUp();
    env.trigger.failure = new Error('Lambda throttled the invocation');
    const error = await rejection(
      requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer }),
    );
    expect(error).toBe(env.trigger.failure);
    const [record] = [...env.summaries.generations.values()];
    expect(record).toMatchObject({ status: 'failed', reason: 'The aggregator could not be started' });
    expect(env.summaries.running.has('2023-H1')).toBe(false);
  });
});

describe('generateSummary from an API request', () => {
  it('uploads every document, then the manifest, and moves the READY pointer only after it', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    const result = await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    expect(result).toMatchObject({ generationId: running.generationId, status: 'ready' });

    const puts = env.log.filter((entry) => entry.startsWith('put '));
    const prefix = `summaries/2023-H1/${running.generationId}/`;
    expect(puts).toHaveLength(3 * 4 + 1);
    expect(puts[puts.length - 1]).toBe(`put ${prefix}manifest.json`);
    const at = (entry: string) => env.log.indexOf(entry);
    const manifestAt = at(`put ${prefix}manifest.json`);
    expect(at(`putScopeDocuments ${running.generationId}`)).toBeGreaterThan(manifestAt);
    expect(at(`putGeneration ${running.generationId} ready`)).toBeGreaterThan(manifestAt);
    expect(at(`setReady ${running.generationId}`)).toBeGreaterThan(
      at(`putScopeDocuments ${running.generationId}`),
    );
    expect(at(`release 2023-H1 ${running.generationId}`)).toBeGreaterThan(
      at(`setReady ${running.generationId}`),
    );

    expect(env.summaries.ready.get('2023-H1')).toEqual({
      period: '2023-H1',
      generationId: running.generationId,
      generatedAt: NOW.toISOString(),
      manifestKey: `${prefix}manifest.json`,
    });
    expect(env.summaries.running.has('2023-H1')).toBe(false);
  });

  it('writes a manifest that lists every other object with its sha256, size and content type', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    const prefix = `summaries/2023-H1/${running.generationId}/`;
    const manifestObject = env.documents.objects.get(`${prefix}manifest.json`)!;
    expect(manifestObject.contentType).toBe('application/json; charset=utf-8');
    const manifest = JSON.parse(manifestObject.body.toString('utf8'));
    expect(manifest).toMatchObject({
      period: '2023-H1',
      generationId: running.generationId,
      generatedAt: NOW.toISOString(),
    });
    const others = [...env.documents.objects.entries()].filter(([key]) => !key.endsWith('manifest.json'));
    expect(manifest.documents).toHaveLength(others.length);
    for (const [key, object] of others) {
      expect(manifest.documents).toContainEqual({
        scope: key.slice(prefix.length).split('.')[0],
        format: key.split('.').pop(),
        key,
        sha256: createHash('sha256').update(object.body).digest('hex'),
        bytes: object.body.byteLength,
        contentType: object.contentType,
      });
    }
  });

  it('records the documents of the district and of every department for the download links', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    const scopes = await env.summaries.listScopeDocuments('2023-H1', running.generationId);
    expect(
      scopes
        .map(({ scope, scopeName }) => ({ scope, scopeName }))
        .sort((a, b) => (a.scope < b.scope ? -1 : 1)),
    ).toEqual([
      { scope: 'district', scopeName: '张湾区委组织部' },
      { scope: 'qwb', scopeName: '区委办' },
      { scope: 'zzb', scopeName: '组织部' },
    ]);
    const district = JSON.parse(
      env.documents.objects
        .get(`summaries/2023-H1/${running.generationId}/district.json`)!
        .body.toString('utf8'),
    );
    expect(district.metrics.find((m: { metric: string }) => m.metric === 'cadres-trained')).toMatchObject({
      value: '6.6',
      previous: '100',
    });
  });

  it('records a failed upload as failed with a generic reason, keeps the READY pointer and rethrows', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district']);
    const running = await runningGeneration(env);
    const failure = new Error(
      'AccessDenied: role showcase-aggregator may not write to bucket secret-bucket-7',
    );
    env.documents.failWith = (key) => (key.endsWith('/qwb.docx') ? failure : undefined);

    const error = await rejection(
      generateSummary(env.generateDeps, {
        source: 'api',
        period: '2023-H1',
        generationId: running.generationId,
      }),
    );
    expect(error).toBe(failure);
    const record = env.summaries.generations.get(`2023-H1|${running.generationId}`)!;
    expect(record).toMatchObject({ status: 'failed', finishedAt: NOW.toISOString() });
    expect(record.reason).toMatch(GENERIC_REASON);
    expect(record.reason).not.toMatch(/AccessDenied|secret|bucket|aggregator may/);
    expect(env.summaries.running.has('2023-H1')).toBe(false);
    expect(env.summaries.ready.get('2023-H1')?.generationId).toBe(PREVIOUS);
    expect(env.log.filter((entry) => entry.startsWith('setReady'))).toEqual([]);
    expect(env.log).not.toContain(`put summaries/2023-H1/${running.generationId}/manifest.json`);
    expect(await env.summaries.listScopeDocuments('2023-H1', running.generationId)).toEqual([]);
  });

  it('fails a roster with a department whose id is "district" before writing a single object', async () => {
    const env = setUp();
    env.generateDeps.departments = new FakeDepartments([
      department('district', '区直属'),
      department('qwb', '区委办'),
    ]);
    const running = await runningGeneration(env);
    const error = await rejection(
      generateSummary(env.generateDeps, {
        source: 'api',
        period: '2023-H1',
        generationId: running.generationId,
      }),
    );
    expect(error).toMatchObject({ statusCode: 409 });
    expect(env.documents.objects.size).toBe(0);
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('"district"'),
    });
    expect(env.summaries.running.has('2023-H1')).toBe(false);
  });

  it('refuses a retried event of a generation that has ended and publishes nothing', async () => {
    for (const status of ['ready', 'failed'] as const) {
      const env = setUp();
      const running = await runningGeneration(env);
      env.summaries.generations.set(`2023-H1|${running.generationId}`, { ...running, status });
      env.summaries.running.delete('2023-H1');
      env.log.length = 0;
      await expect(
        generateSummary(env.generateDeps, {
          source: 'api',
          period: '2023-H1',
          generationId: running.generationId,
        }),
      ).rejects.toThrow(status);
      expect(env.log).toEqual([`getGeneration ${running.generationId}`]);
      expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)?.status).toBe(status);
    }
  });

  it('refuses an event of a generation that was never requested', async () => {
    const env = setUp();
    await expect(
      generateSummary(env.generateDeps, { source: 'api', period: '2023-H1', generationId: 'nope' }),
    ).rejects.toThrow('nope');
    expect(env.documents.objects.size).toBe(0);
  });
});

describe('generateSummary from a schedule', () => {
  it.each([
    ['running', '2023-03-06T06:00:00+08:00', '2023-H1'],
    ['ended', '2023-07-01T00:30:00+08:00', '2023-H1'],
    ['ended', '2024-01-01T00:30:00+08:00', '2023-H2'],
  ] as const)('generates the period a %s run at %s stands for (%s)', async (kind, scheduledTime, period) => {
    const env = setUp({ now: new Date('2024-01-10T00:00:00Z') });
    const result = await generateSummary(env.generateDeps, { source: 'schedule', kind, scheduledTime });
    expect(result).toMatchObject({ period, status: 'ready', requestedBy: 'schedule' });
    expect(env.summaries.ready.get(period)?.generationId).toBe(result!.generationId);
    expect(env.summaries.running.has(period)).toBe(false);
    expect([...env.documents.objects.keys()].every((key) => key.startsWith(`summaries/${period}/`))).toBe(
      true,
    );
  });

  it('derives the period from the clock when the event has no scheduled time', async () => {
    const env = setUp({ now: new Date('2023-03-06T06:00:00+08:00') });
    const result = await generateSummary(env.generateDeps, { source: 'schedule', kind: 'running' });
    expect(result).toMatchObject({ period: '2023-H1', status: 'ready' });
  });

  it('generates a period named by the event', async () => {
    const env = setUp();
    const result = await generateSummary(env.generateDeps, { source: 'schedule', period: '2022-H2' });
    expect(result).toMatchObject({ period: '2022-H2', status: 'ready' });
  });

  it('skips the run while a generation of the period is running', async () => {
    const env = setUp();
    const holder = await runningGeneration(env);
    const result = await generateSummary(env.generateDeps, {
      source: 'schedule',
      kind: 'ended',
      scheduledTime: '2023-07-01T00:30:00+08:00',
    });
    expect(result).toBeUndefined();
    expect(env.documents.objects.size).toBe(0);
    expect(
      env.log.filter((entry) => entry.startsWith('putGeneration') || entry.startsWith('release')),
    ).toEqual([]);
    expect(env.summaries.running.get('2023-H1')?.generationId).toBe(holder.generationId);
  });

  it('takes over a stale lock, records the stale generation as failed and publishes', async () => {
    const env = setUp();
    const stale = await runningGeneration(env, '20230710T014000000Z-00000001');
    env.summaries.running.set('2023-H1', {
      generationId: stale.generationId,
      startedAt: new Date(NOW.getTime() - 17 * 60_000).toISOString(),
    });
    const result = await generateSummary(env.generateDeps, { source: 'schedule', period: '2023-H1' });
    expect(result?.status).toBe('ready');
    expect(env.summaries.generations.get(`2023-H1|${stale.generationId}`)).toMatchObject({
      status: 'failed',
      reason: expect.any(String),
    });
    expect(env.summaries.ready.get('2023-H1')?.generationId).toBe(result!.generationId);
  });
});

describe('readRevisions', () => {
  it('queries each department once over both half-years and splits the revisions by period', async () => {
    const env = setUp();
    const { departments, reports, previousReports } = await readRevisions(env.generateDeps, '2023-H1');
    expect(departments.map((d) => d.departmentId)).toEqual(['qwb', 'zzb']);
    expect(env.reports.queries).toEqual([
      { departmentId: 'qwb', first: '2022-W27', last: '2023-W26' },
      { departmentId: 'zzb', first: '2022-W27', last: '2023-W26' },
    ]);
    expect(reports.map((r) => `${r.departmentId} ${r.week}`).sort()).toEqual([
      'qwb 2023-W02',
      'qwb 2023-W03',
      'zzb 2023-W03',
    ]);
    expect(previousReports.map((r) => `${r.departmentId} ${r.week}`)).toEqual(['zzb 2022-W40']);
  });
});

describe('getSummary', () => {
  it('answers 404 on path.period when no generation was ever requested', async () => {
    const env = setUp();
    const error = await rejection(
      getSummary({ summaries: env.summaries }, { period: '2023-H1', principal: reviewer }),
    );
    expect(error).toMatchObject({ statusCode: 404, details: [{ field: 'path.period' }] });
  });

  it('lists every scope to a reviewer, the district first, with links, hashes and sizes', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['zzb', 'district', 'qwb']);
    const summary = await getSummary(
      { summaries: env.summaries },
      { period: '2023-H1', principal: reviewer },
    );
    expect(summary).toMatchObject({
      period: '2023-H1',
      generationId: PREVIOUS,
      status: 'ready',
      generatedAt: '2023-07-10T01:00:01.000Z',
      documentsGenerationId: PREVIOUS,
    });
    expect(summary.documents.map((d) => `${d.scope}/${d.format}`)).toEqual([
      'district/json',
      'district/docx',
      'qwb/json',
      'qwb/docx',
      'zzb/json',
      'zzb/docx',
    ]);
    expect(summary.documents[2]).toEqual({
      scope: 'qwb',
      scopeName: '区委办',
      format: 'json',
      href: '/v1/summaries/2023-H1/documents/qwb/json',
      sha256: createHash('sha256').update(`${PREVIOUS}qwbjson`).digest('hex'),
      bytes: 100,
    });
  });

  it('lists only the district and its own department to a department token', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['zzb', 'district', 'qwb']);
    const summary = await getSummary(
      { summaries: env.summaries },
      { period: '2023-H1', principal: qwbToken },
    );
    expect([...new Set(summary.documents.map((d) => d.scope))]).toEqual(['district', 'qwb']);
  });

  it('shows a running or failed latest generation with the documents of the latest ready one', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district']);
    const running = await runningGeneration(env);
    const whileRunning = await getSummary(
      { summaries: env.summaries },
      { period: '2023-H1', principal: reviewer },
    );
    expect(whileRunning).toMatchObject({
      generationId: running.generationId,
      status: 'running',
      generatedAt: null,
      documentsGenerationId: PREVIOUS,
      documentsGeneratedAt: '2023-07-10T01:00:01.000Z',
    });
    expect(whileRunning.documents).toHaveLength(2);

    await env.summaries.putGeneration({ ...running, status: 'failed', reason: 'The generation failed' });
    const afterFailure = await getSummary(
      { summaries: env.summaries },
      { period: '2023-H1', principal: reviewer },
    );
    expect(afterFailure).toMatchObject({
      status: 'failed',
      reason: 'The generation failed',
      documentsGenerationId: PREVIOUS,
    });
    expect(afterFailure.documents).toHaveLength(2);
  });
});

describe('documentLink', () => {
  it('refuses another department’s document with 403 before any repository call', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district', 'qwb', 'zzb']);
    const error = await rejection(
      documentLink(env, { period: '2023-H1', scope: 'zzb', format: 'json', principal: qwbToken }),
    );
    expect(error).toMatchObject({ statusCode: 403, details: [{ field: 'path.scope' }] });
    expect(env.log).toEqual([]);
  });

  it('presigns the latest ready generation’s document for five minutes with the download headers', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district', 'qwb']);
    for (const [scope, principal] of [
      ['district', qwbToken],
      ['qwb', qwbToken],
      ['qwb', reviewer],
    ] as const) {
      const url = await documentLink(env, { period: '2023-H1', scope, format: 'docx', principal });
      expect(url).toBe(`https://s3.example/summaries/2023-H1/${PREVIOUS}/${scope}.docx?X-Amz-Expires=300`);
    }
    expect(env.documents.presigned[0]).toEqual({
      key: `summaries/2023-H1/${PREVIOUS}/district.docx`,
      options: {
        contentType: 'application/docx',
        contentDisposition:
          'attachment; filename="_______-2023____-__.docx"; ' +
          "filename*=UTF-8''%E5%BC%A0%E6%B9%BE%E5%8C%BA%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8-2023%E5%B9%B4" +
          '%E4%B8%8A%E5%8D%8A%E5%B9%B4-%E6%B1%87%E6%80%BB.docx',
        expiresInSeconds: 300,
      },
    });
  });

  it('answers 404 on path.scope for a scope the generation does not have, without presigning', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district', 'qwb']);
    const error = await rejection(
      documentLink(env, { period: '2023-H1', scope: 'nosuch', format: 'json', principal: reviewer }),
    );
    expect(error).toMatchObject({ statusCode: 404, details: [{ field: 'path.scope' }] });
    expect(env.documents.presigned).toEqual([]);
  });

  it('answers 404 on path.period when no generation is ready, even while one runs', async () => {
    const env = setUp();
    await runningGeneration(env);
    const error = await rejection(
      documentLink(env, { period: '2023-H1', scope: 'district', format: 'json', principal: reviewer }),
    );
    expect(error).toMatchObject({ statusCode: 404, details: [{ field: 'path.period' }] });
    expect(env.documents.presigned).toEqual([]);
  });

  it('answers 404 on path.format for a format the generation did not publish', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district']);
    const error = await rejection(
      documentLink(env, { period: '2023-H1', scope: 'district', format: 'md', principal: reviewer }),
    );
    expect(error).toMatchObject({ statusCode: 404, details: [{ field: 'path.format' }] });
    expect(env.documents.presigned).toEqual([]);
  });
});
