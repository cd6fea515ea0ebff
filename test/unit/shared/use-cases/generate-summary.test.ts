import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import {
  FakeDepartments,
  GENERIC_REASON,
  NOW,
  PREVIOUS,
  department,
  publishedGeneration,
  setUp,
  runningGeneration,
  rejection,
} from '../../support/summary-fakes';
import {
  generateSummary,
  readRevisions,
  type GenerateEvent,
} from '../../../../shared/use-cases/generate-summary';
import { renderBatch } from '../../../../shared/use-cases/render-batch';
import { STOPPED_REASON } from '../../../../shared/use-cases/summaries';
import type { BatchRequest } from '../../../../shared/ports/summaries';

/**
 * A whole generation as Lambda runs it: the coordinator, then every batch it started (asynchronous
 * invocations, run in process here), then the generation as they left it.
 */
async function generate(
  env: ReturnType<typeof setUp>,
  event: GenerateEvent,
  options: Parameters<typeof generateSummary>[2] = {},
) {
  const started = await generateSummary(env.generateDeps, event, options);
  await env.batches.drain();
  return started && (await env.summaries.getGeneration(started.period, started.generationId));
}

describe('generateSummary from an API request', () => {
  it('uploads every document, then the manifest, and moves the READY pointer only after it', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    const result = await generate(env, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    expect(result).toMatchObject({ generationId: running.generationId, status: 'ready' });

    const prefix = `summaries/2023-H1/${running.generationId}/`;
    const puts = env.log.filter((entry) => entry.startsWith('put ') && !entry.includes('/staging/'));
    expect(puts).toHaveLength(3 * 6 + 1);
    expect(puts[puts.length - 1]).toBe(`put ${prefix}manifest.json`);
    const at = (entry: string) => env.log.lastIndexOf(entry);
    const manifestAt = at(`put ${prefix}manifest.json`);
    // The district's documents are recorded after the manifest; the departments' ones by their batch
    // before it. Neither is visible before READY moves, which it does last.
    expect(at(`putScopeDocuments ${running.generationId}`)).toBeGreaterThan(manifestAt);
    expect(at(`putGeneration ${running.generationId} ready`)).toBeGreaterThan(manifestAt);
    expect(at(`setReady ${running.generationId}`)).toBeGreaterThan(
      at(`putGeneration ${running.generationId} ready`),
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

  it('gives up at its deadline: records the generation as failed, publishes nothing and frees the lock', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    const failure = await rejection(
      generateSummary(
        env.generateDeps,
        { source: 'api', period: '2023-H1', generationId: running.generationId },
        { giveUpAt: NOW },
      ),
    );
    expect(failure).toMatchObject({ code: 'generation_timed_out' });
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/time limit/),
    });
    expect(env.log.some((entry) => entry.startsWith('put '))).toBe(false);
    expect(env.summaries.ready.has('2023-H1')).toBe(false);
    expect(env.summaries.running.has('2023-H1')).toBe(false);
  });

  it('runs to the end when its deadline lies ahead', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    const result = await generate(
      env,
      { source: 'api', period: '2023-H1', generationId: running.generationId },
      { giveUpAt: new Date(NOW.getTime() + 60_000) },
    );
    expect(result).toMatchObject({ status: 'ready' });
  });

  it('writes a manifest that lists every other object with its sha256, size and content type', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    await generate(env, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    const prefix = `summaries/2023-H1/${running.generationId}/`;
    expect([...env.documents.objects.keys()].filter((key) => key.includes('/staging/'))).toEqual([]);
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
        format: key.endsWith('.provenance.json') ? 'provenance' : key.split('.').pop(),
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
    await generate(env, {
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
      // Like for like: qwb did not report in 2022-H2, so only zzb is compared.
      comparison: {
        basisDepartmentCount: 1,
        current: '3.3',
        previous: '100',
        change: '-96.7',
        changeRate: '-0.9670',
      },
    });
  });

  it('records a failed upload as failed with a generic reason, keeps the READY pointer and fails the batch', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district']);
    const running = await runningGeneration(env);
    const failure = new Error(
      'AccessDenied: role showcase-aggregator may not write to bucket secret-bucket-7',
    );
    env.documents.failWith = (key) => (key.endsWith('/qwb.docx') ? failure : undefined);

    await generate(env, { source: 'api', period: '2023-H1', generationId: running.generationId });
    // The batch's error goes where Lambda sends a failed asynchronous invocation.
    expect(env.batches.failures).toEqual([failure]);
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
    const result = await generate(env, { source: 'schedule', kind, scheduledTime });
    expect(result).toMatchObject({ period, status: 'ready', requestedBy: 'schedule' });
    expect(env.summaries.ready.get(period)?.generationId).toBe(result!.generationId);
    expect(env.summaries.running.has(period)).toBe(false);
    expect([...env.documents.objects.keys()].every((key) => key.startsWith(`summaries/${period}/`))).toBe(
      true,
    );
  });

  it('derives the period from the clock when the event has no scheduled time', async () => {
    const env = setUp({ now: new Date('2023-03-06T06:00:00+08:00') });
    const result = await generate(env, { source: 'schedule', kind: 'running' });
    expect(result).toMatchObject({ period: '2023-H1', status: 'ready' });
  });

  it('generates a period named by the event', async () => {
    const env = setUp();
    const result = await generate(env, { source: 'schedule', period: '2022-H2' });
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
      heartbeatAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
    });
    const result = await generate(env, { source: 'schedule', period: '2023-H1' });
    expect(result?.status).toBe('ready');
    expect(env.summaries.generations.get(`2023-H1|${stale.generationId}`)).toMatchObject({
      status: 'failed',
      reason: STOPPED_REASON,
    });
    expect(env.summaries.ready.get('2023-H1')?.generationId).toBe(result!.generationId);
    // The dead generation's end is announced like any failed generation's.
    expect(env.published.filter((event) => event.type === 'SummaryFailed')).toEqual([
      {
        type: 'SummaryFailed',
        detail: {
          period: '2023-H1',
          periodKind: 'half',
          generationId: stale.generationId,
          reason: STOPPED_REASON,
        },
      },
    ]);
  });
});

describe('heartbeat and takeover', () => {
  it('beats while it runs and publishes nothing once taken over', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    // A newer request took the lock over while this generation was silent (a long pause, say).
    env.summaries.running.set('2023-H1', {
      generationId: '20230710T015900000Z-0000000f',
      startedAt: NOW.toISOString(),
      heartbeatAt: NOW.toISOString(),
    });
    await env.summaries.putGeneration({ ...running, status: 'failed', reason: 'stopped' }, 'running');
    const error = await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(env.summaries.ready.get('2023-H1')).toBeUndefined();
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)?.status).toBe('failed');
  });

  it('stops before publishing when its heartbeat finds the lock taken over', async () => {
    const env = setUp();
    const running = await runningGeneration(env);
    env.summaries.running.set('2023-H1', {
      generationId: '20230710T015900000Z-0000000f',
      startedAt: NOW.toISOString(),
      heartbeatAt: NOW.toISOString(),
    });
    const error = await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'generation_taken_over' });
    expect(env.log).toContain(`heartbeat 2023-H1 ${running.generationId}`);
    expect(env.summaries.ready.get('2023-H1')).toBeUndefined();
    expect([...env.documents.objects.keys()]).toEqual([]);
  });
});

describe('clean-up of old generations', () => {
  it('deletes the documents of failed and superseded generations, keeping the new one and the one before', async () => {
    const env = setUp();
    const oldest = '20230620T000000000Z-00000001';
    const failed = '20230625T000000000Z-00000002';
    for (const id of [oldest, failed, PREVIOUS]) {
      publishedGeneration(env, id, ['district']);
      await env.generateDeps.documents.put(`summaries/2023-H1/${id}/district.json`, Buffer.from('{}'), 'x');
    }
    const failedRecord = env.summaries.generations.get(`2023-H1|${failed}`)!;
    env.summaries.generations.set(`2023-H1|${failed}`, { ...failedRecord, status: 'failed' });
    env.summaries.ready.set('2023-H1', { ...env.summaries.ready.get('2023-H1')!, generationId: PREVIOUS });

    const running = await runningGeneration(env);
    await generate(env, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });

    const kept = (id: string) => env.documents.objects.has(`summaries/2023-H1/${id}/district.json`);
    expect([oldest, failed, PREVIOUS, running.generationId].map(kept)).toEqual([false, false, true, true]);
    expect(env.summaries.generations.get(`2023-H1|${oldest}`)).toMatchObject({
      status: 'ready',
      cleanedAt: NOW.toISOString(),
    });
    expect(env.summaries.generations.get(`2023-H1|${failed}`)?.cleanedAt).toBe(NOW.toISOString());
    expect(env.summaries.generations.get(`2023-H1|${PREVIOUS}`)?.cleanedAt).toBeUndefined();
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

describe('fan-out over render batches', () => {
  /**
   * scope.format → sha256 of every document a generation published, from its manifest; a Word file over
   * its unzipped parts, because docx's packer stamps a package without charts with the wall clock.
   */
  function publishedHashes(env: ReturnType<typeof setUp>, generationId: string) {
    const manifest = JSON.parse(
      env.documents.objects.get(`summaries/2023-H1/${generationId}/manifest.json`)!.body.toString('utf8'),
    ) as { documents: { scope: string; format: string; key: string; sha256: string }[] };
    return Object.fromEntries(
      manifest.documents.map((d) => {
        if (d.format !== 'docx') return [`${d.scope}.${d.format}`, d.sha256];
        const parts = unzipSync(env.documents.objects.get(d.key)!.body);
        const hash = createHash('sha256');
        for (const path of Object.keys(parts).sort()) hash.update(path).update(parts[path]!);
        return [`${d.scope}.docx`, hash.digest('hex')];
      }),
    );
  }

  it('splits the roster into batches of the configured size, each with its slice of the roster', async () => {
    const env = setUp({ batchSize: 1 });
    const running = await runningGeneration(env);
    const started = await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    expect(started).toMatchObject({ status: 'running', progress: { done: 0, total: 2 } });
    expect(
      env.batches.requests.map(({ batch, batches, departments }) => ({
        batch,
        batches,
        departments: departments.map((d) => d.departmentId),
      })),
    ).toEqual([
      { batch: 0, batches: 2, departments: ['qwb'] },
      { batch: 1, batches: 2, departments: ['zzb'] },
    ]);
    expect(new Set(env.batches.requests.map((request) => request.generatedAt))).toEqual(
      new Set([NOW.toISOString()]),
    );
    await env.batches.drain();
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)).toMatchObject({
      status: 'ready',
      progress: { done: 2, total: 2 },
    });
  });

  it('publishes byte-identical documents whether the roster is split into one batch or several', async () => {
    const hashes = [];
    for (const batchSize of [50, 1]) {
      const env = setUp({ batchSize });
      const running = await runningGeneration(env);
      const result = await generate(env, {
        source: 'api',
        period: '2023-H1',
        generationId: running.generationId,
      });
      expect(result?.status).toBe('ready');
      hashes.push(publishedHashes(env, running.generationId));
    }
    expect(Object.keys(hashes[0]!)).toHaveLength(3 * 6);
    expect(hashes[1]).toEqual(hashes[0]);
  });

  it('lets only the batch that completes the tally publish, and ignores a repeated delivery', async () => {
    const env = setUp({ batchSize: 1 });
    const running = await runningGeneration(env);
    await generate(env, { source: 'api', period: '2023-H1', generationId: running.generationId });
    const manifests = () => env.log.filter((entry) => entry.endsWith('manifest.json')).length;
    expect(manifests()).toBe(1);
    // Lambda delivers an asynchronous event at least once: the same batch again changes nothing.
    await env.batches.dispatch(env.batches.requests[0]!);
    await env.batches.drain();
    expect(manifests()).toBe(1);
    expect(env.batches.failures).toEqual([]);
    expect(env.log.filter((entry) => entry.startsWith(`setReady`))).toHaveLength(1);
  });

  it('counts a batch delivered twice while the generation runs only once', async () => {
    const env = setUp({ batchSize: 1 });
    const requests: BatchRequest[] = [];
    env.generateDeps.batches = { dispatch: async (request) => void requests.push(request) };
    const running = await runningGeneration(env);
    await generateSummary(env.generateDeps, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    const [first, second] = requests;
    expect(await renderBatch(env.batchDeps, first!)).toMatchObject({ progress: { done: 1, total: 2 } });
    expect(await renderBatch(env.batchDeps, first!)).toBeUndefined();
    expect(await renderBatch(env.batchDeps, second!)).toMatchObject({
      status: 'ready',
      progress: { done: 2, total: 2 },
    });
    expect(env.log.filter((entry) => entry === `markBatchDone ${running.generationId} 0`)).toHaveLength(2);
    expect(env.log.filter((entry) => entry.endsWith('manifest.json'))).toHaveLength(1);
  });

  it('fails the generation when one batch fails, and the other batches publish nothing', async () => {
    const env = setUp({ batchSize: 1 });
    publishedGeneration(env, PREVIOUS, ['district']);
    const running = await runningGeneration(env);
    env.documents.failWith = (key) => (key.endsWith('/qwb.html') ? new Error('boom') : undefined);
    await generate(env, { source: 'api', period: '2023-H1', generationId: running.generationId });
    expect(env.batches.failures).toHaveLength(1);
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(GENERIC_REASON),
    });
    // zzb's batch found the generation failed: not counted, no district, no manifest.
    expect(env.log).not.toContain(`put summaries/2023-H1/${running.generationId}/district.json`);
    expect(env.log).not.toContain(`put summaries/2023-H1/${running.generationId}/manifest.json`);
    expect(env.summaries.ready.get('2023-H1')?.generationId).toBe(PREVIOUS);
    expect(env.summaries.running.has('2023-H1')).toBe(false);
  });

  it('publishes an empty roster as one empty batch', async () => {
    const env = setUp();
    env.generateDeps.departments = new FakeDepartments([]);
    const running = await runningGeneration(env);
    const result = await generate(env, {
      source: 'api',
      period: '2023-H1',
      generationId: running.generationId,
    });
    expect(result).toMatchObject({ status: 'ready', progress: { done: 1, total: 1 } });
    expect(Object.keys(publishedHashes(env, running.generationId))).toEqual([
      'district.json',
      'district.html',
      'district.docx',
      'district.md',
      'district.xlsx',
      'district.provenance',
    ]);
  });
});

describe('a retried generator', () => {
  it('starts the batches of a split it finds recorded again, and each is counted once', async () => {
    const env = setUp({ batchSize: 1 });
    const requests: BatchRequest[] = [];
    env.generateDeps.batches = { dispatch: async (request) => void requests.push(request) };
    const running = await runningGeneration(env);
    const event = { source: 'api', period: '2023-H1', generationId: running.generationId } as const;
    await generateSummary(env.generateDeps, event);
    // Lambda retries the generator (its first attempt died after starting the batches, say).
    await generateSummary(env.generateDeps, event);
    expect(env.log.filter((entry) => entry.startsWith('startBatches'))).toHaveLength(2);
    expect(requests.map((request) => request.batch)).toEqual([0, 1, 0, 1]);
    for (const request of requests) await renderBatch(env.batchDeps, request);
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)).toMatchObject({
      status: 'ready',
      progress: { done: 2, total: 2 },
    });
    expect(env.log.filter((entry) => entry.endsWith('manifest.json'))).toHaveLength(1);
  });

  it('refuses a roster with the same department twice before starting anything', async () => {
    const env = setUp();
    env.generateDeps.departments = new FakeDepartments([
      department('qwb', '区委办'),
      department('qwb', '区委办'),
    ]);
    const running = await runningGeneration(env);
    await expect(
      generateSummary(env.generateDeps, {
        source: 'api',
        period: '2023-H1',
        generationId: running.generationId,
      }),
    ).rejects.toThrow(/Duplicate department/);
    expect(env.batches.requests).toEqual([]);
    expect(env.summaries.generations.get(`2023-H1|${running.generationId}`)?.status).toBe('failed');
  });
});
