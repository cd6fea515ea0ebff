import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors/app-error';
import {
  HEARTBEAT,
  NOW,
  PREVIOUS,
  publishedGeneration,
  qwbToken,
  reviewer,
  setUp,
  runningGeneration,
  rejection,
} from '../../support/summary-fakes';
import {
  STOPPED_REASON,
  documentLink,
  getSummary,
  requestSummary,
} from '../../../../shared/use-cases/summaries';

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
    expect(env.published).toEqual([]);
  });

  it('returns the running generation instead of starting a second one', async () => {
    const env = setUp();
    const first = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    const second = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(second).toEqual({ ...first, started: false });
    expect(env.trigger.started).toHaveLength(1);
    expect(env.summaries.generations.size).toBe(1);
  });

  it("takes over a lock held past the generator's timeout and records the stale generation as failed", async () => {
    const env = setUp();
    const stale = await runningGeneration(env, '20230710T014300000Z-00000001');
    env.summaries.running.set('2023-H1', {
      generationId: stale.generationId,
      startedAt: new Date(NOW.getTime() - 120_000).toISOString(),
      heartbeatAt: new Date(NOW.getTime() - HEARTBEAT.staleAfterMs - 1000).toISOString(),
    });
    const result = await requestSummary(env.requestDeps, { period: '2023-H1', principal: reviewer });
    expect(result.started).toBe(true);
    expect(env.summaries.generations.get(`2023-H1|${stale.generationId}`)).toMatchObject({
      status: 'failed',
      finishedAt: NOW.toISOString(),
      reason: STOPPED_REASON,
    });
    expect(env.summaries.running.get('2023-H1')?.generationId).toBe(result.generationId);
    expect(env.published).toEqual([
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

  it("leaves a lock held for just under the generator's timeout to its holder", async () => {
    const env = setUp();
    const holder = await runningGeneration(env);
    env.summaries.running.set('2023-H1', {
      generationId: holder.generationId,
      // Started long ago, but still beating: a long generation is alive, not stale.
      startedAt: new Date(NOW.getTime() - 600_000).toISOString(),
      heartbeatAt: new Date(NOW.getTime() - HEARTBEAT.staleAfterMs + 1000).toISOString(),
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
    expect(env.published).toEqual([
      {
        type: 'SummaryFailed',
        detail: {
          period: '2023-H1',
          periodKind: 'half',
          generationId: record!.generationId,
          reason: 'The aggregator could not be started',
        },
      },
    ]);
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

  it('lists every scope to a reviewer, the district first, with hashes and sizes', async () => {
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

    await env.summaries.putGeneration(
      { ...running, status: 'failed', reason: 'The generation failed' },
      'running',
    );
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
      const link = await documentLink(env, { period: '2023-H1', scope, format: 'docx', principal });
      expect(link).toEqual({
        url: `https://s3.example/summaries/2023-H1/${PREVIOUS}/${scope}.docx?X-Amz-Expires=300`,
        expiresAt: new Date(NOW.getTime() + 300_000).toISOString(),
      });
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

  it('presigns inline for the preview when asked, keeping the file name', async () => {
    const env = setUp();
    publishedGeneration(env, PREVIOUS, ['district']);
    await documentLink(env, {
      period: '2023-H1',
      scope: 'district',
      format: 'docx',
      principal: reviewer,
      disposition: 'inline',
    });
    expect(env.documents.presigned[0]?.options.contentDisposition).toMatch(
      /^inline; filename="[^"]+\.docx"; filename\*=UTF-8''/,
    );
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
