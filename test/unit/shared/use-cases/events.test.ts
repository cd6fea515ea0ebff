import { jest } from '@jest/globals';
import type { IntegrationEvent } from '../../../../shared/domain/events';
import { publishBestEffort } from '../../../../shared/use-cases/events';

const event: IntegrationEvent = {
  type: 'SummaryFailed',
  detail: { period: '2023-H1', periodKind: 'half', generationId: 'g-1', reason: 'Took too long' },
};
const at = new Date('2023-07-01T00:00:00.000Z');

/** What the process wrote to stdout while `run` ran: Powertools' metrics go there as EMF lines. */
async function stdoutOf(run: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

describe('publishBestEffort', () => {
  it('publishes once when the bus takes the event, and counts nothing', async () => {
    const published: IntegrationEvent[] = [];
    const out = await stdoutOf(() =>
      publishBestEffort({ publish: async (e) => void published.push(e) }, event, at),
    );
    expect(published).toEqual([event]);
    expect(out).not.toContain('EventPublishFailures');
  });

  it('tries three times, then counts the failure in EventPublishFailures and goes on without throwing', async () => {
    let attempts = 0;
    const failing = {
      publish: async () => {
        attempts++;
        throw new Error('bus unavailable');
      },
    };
    const out = await stdoutOf(() => publishBestEffort(failing, event, at));
    expect(attempts).toBe(3);
    const metric = out
      .split('\n')
      .filter((line) => line.includes('EventPublishFailures'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(metric).toHaveLength(1);
    expect(metric[0]).toMatchObject({
      EventPublishFailures: 1,
      service: 'showcase',
      _aws: { CloudWatchMetrics: [{ Namespace: 'Showcase', Metrics: [{ Name: 'EventPublishFailures' }] }] },
    });
  });

  it('does nothing without a publisher', async () => {
    const out = await stdoutOf(() => publishBestEffort(undefined, event, at));
    expect(out).toBe('');
  });
});
