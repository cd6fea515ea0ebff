/**
 * The Monday showcase run: the aggregator invoked the way EventBridge Scheduler invokes it (through the
 * local stack's Lambda Invoke API, signed) generates the week and posts its 周晒 to every group channel, once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestStack, type TestStack } from '../support/stack';
import { createDepartment, onTime, submit } from '../summaries/support';
import { channelsFor, startFakeRobots, type FakeRobots } from './support';

let api: TestStack;
let robots: FakeRobots;
let configDir: string;

beforeAll(async () => {
  robots = await startFakeRobots();
  configDir = mkdtempSync(join(tmpdir(), 'showcase-channels-'));
  const channelsFile = join(configDir, 'channels.json');
  // Group robots only: the showcase is not e-mailed.
  const { channels } = channelsFor(robots);
  writeFileSync(channelsFile, JSON.stringify({ channels: channels.filter((c) => c.type !== 'email') }));
  api = await startTestStack({ environment: { CHANNELS_FILE: channelsFile } });
  await createDepartment(api, 'qwb', '区委办');
  await createDepartment(api, 'zzb', '区委组织部');
  await submit(
    api,
    'qwb',
    '2023-W10',
    [
      {
        theme: 'political',
        title: '党史学习教育专题培训',
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value: '120' }],
      },
    ],
    onTime(10),
  );
}, 60_000);

afterAll(async () => {
  await api.stop();
  await robots.stop();
  rmSync(configDir, { recursive: true, force: true });
});

/**
 * Invokes the generator as EventBridge Scheduler does, with a signed Lambda Invoke to the local stack,
 * waits for its render batches, and returns the generation as the API then shows it.
 */
async function scheduledRun(scheduledTime: string) {
  // The local stack has put its endpoint and credentials into the environment, as it does for its functions.
  const lambda = new LambdaClient({});
  try {
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: 'generate-summary',
        Payload: JSON.stringify({ source: 'schedule', kind: 'week-ended', scheduledTime }),
      }),
    );
    const started = JSON.parse(Buffer.from(result.Payload!).toString('utf8')) as {
      period: string;
      generationId: string;
    };
    // The generator only splits the run into render batches, which publish and post in the background.
    await api.stack.idle();
    const status = await api.request<{ period: string; generationId: string; status: string }>(
      'GET',
      `/v1/summaries/${started.period}`,
    );
    expect(status.body.generationId).toBe(started.generationId);
    return status.body;
  } finally {
    lambda.destroy();
  }
}

describe('the scheduled weekly showcase', () => {
  it('generates the week just ended and posts its highlights and missing departments to every group', async () => {
    // Monday 13 March 2023, 12:30 in Shanghai: the week that ended is 2023-W10.
    const result = await scheduledRun('2023-03-13T12:30:00+08:00');
    expect(result).toMatchObject({ period: '2023-W10', status: 'ready' });
    expect(robots.received.map((message) => message.robot).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    expect(robots.refused).toEqual([]);
    for (const { text } of robots.received) {
      expect(text).toContain('党史学习教育专题培训（区委办）');
      expect(text).toContain('未报：区委组织部');
      expect(text).toContain('?period=2023-W10');
    }
  }, 60_000);

  it('does not post the same week twice when the schedule fires again', async () => {
    const result = await scheduledRun('2023-03-13T12:30:00+08:00');
    expect(result).toMatchObject({ period: '2023-W10', status: 'ready' });
    expect(robots.received).toHaveLength(3);
  }, 60_000);

  it('does not post when a week is generated through the API', async () => {
    const started = await api.request('POST', '/v1/summaries/2023-W09');
    expect(started.status).toBe(202);
    await api.stack.idle();
    expect(robots.received).toHaveLength(3);
  }, 60_000);
});
