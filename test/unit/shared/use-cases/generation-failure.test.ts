import type { IntegrationEvent } from '../../../../shared/domain/events';
import { AppError } from '../../../../shared/errors/app-error';
import type { GenerationRecord, SummaryRepository } from '../../../../shared/ports/summaries';
import { failGeneration } from '../../../../shared/use-cases/generation-failure';

const running: GenerationRecord = {
  period: '2023-H1',
  generationId: '20230701T000000Z-abcd',
  status: 'running',
  requestedBy: 'reviewer',
  startedAt: '2023-07-01T00:00:00.000Z',
};

/** A generation store that, like the DynamoDB one, records a failure only over a running generation. */
function setUp() {
  let stored: GenerationRecord = running;
  const released: string[] = [];
  const events: IntegrationEvent[] = [];
  const summaries = {
    putGeneration: async (record: GenerationRecord, expected?: GenerationRecord['status']) => {
      if (expected && stored.status !== expected) return false;
      stored = record;
      return true;
    },
    release: async (period: string, generationId: string) => {
      released.push(`${period} ${generationId}`);
    },
  } as unknown as SummaryRepository;
  const deps = {
    summaries,
    clock: () => new Date('2023-07-01T00:05:00.000Z'),
    events: { publish: async (event: IntegrationEvent) => void events.push(event) },
  };
  return { deps, stored: () => stored, released, events };
}

describe('failGeneration', () => {
  it('records the failure with a reason a reviewer may read, frees the period and announces it once', async () => {
    const { deps, stored, released, events } = setUp();
    await failGeneration(deps, running, new AppError(408, 'generation_timed_out', 'Took too long'));
    expect(stored()).toMatchObject({
      status: 'failed',
      reason: 'Took too long',
      finishedAt: '2023-07-01T00:05:00.000Z',
    });
    expect(released).toEqual(['2023-H1 20230701T000000Z-abcd']);
    expect(events).toEqual([
      {
        type: 'SummaryFailed',
        detail: {
          period: '2023-H1',
          periodKind: 'half',
          generationId: running.generationId,
          reason: 'Took too long',
        },
      },
    ]);

    // A second batch failing the same generation finds it failed already: no second event.
    await failGeneration(deps, running, new Error('disk full at /var/task'));
    expect(events).toHaveLength(1);
    expect(stored().reason).toBe('Took too long');
  });

  it('never shows an internal error message as the reason', async () => {
    const { deps, stored } = setUp();
    await failGeneration(deps, running, new Error('ECONNREFUSED 10.0.0.1:443'));
    expect(stored().reason).not.toContain('ECONNREFUSED');
  });
});
