/**
 * Reminders end to end on the local stack: channels from CHANNELS_FILE, a fake robot server on loopback
 * that verifies DingTalk's and Feishu's signatures and WeCom's key, and the local SES for e-mail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
import { createDepartment, onTime, submit } from '../summaries/support';
import {
  channelsFor,
  DINGTALK_SECRET,
  DINGTALK_TOKEN,
  FEISHU_SECRET,
  startFakeRobots,
  WECOM_KEY,
  type FakeRobots,
} from './support';

let api: TestStack;
let robots: FakeRobots;
let configDir: string;

const WEEK = '2023-W10';

beforeAll(async () => {
  robots = await startFakeRobots();
  configDir = mkdtempSync(join(tmpdir(), 'showcase-channels-'));
  const channelsFile = join(configDir, 'channels.json');
  writeFileSync(channelsFile, JSON.stringify(channelsFor(robots)));
  api = await startTestStack({ environment: { CHANNELS_FILE: channelsFile } });

  await createDepartment(api, 'qwb', '区委办');
  const zzb = await api.request('PUT', '/v1/departments/zzb', {
    body: { name: '区委组织部', email: 'zzb@example.gov.cn' },
  });
  expect(zzb.status).toBe(201);
  expect(zzb.body.email).toBe('zzb@example.gov.cn');
  await createDepartment(api, 'xcb', '区委宣传部');
  await createDepartment(api, 'rsj', '区人社局', '2023-W11'); // not expected before week 11
  await submit(api, 'qwb', WEEK, [{ theme: 'political', title: '专题培训' }], onTime(10));
}, 60_000);

afterAll(async () => {
  await api.stop();
  await robots.stop();
  rmSync(configDir, { recursive: true, force: true });
});

async function sesInbox(): Promise<
  { destination: { to: string[] }; subject: string; body: { text: string } }[]
> {
  const response = await fetch(`${api.stack.sesEndpoint}/store`);
  return ((await response.json()) as { emails: never[] }).emails;
}

describe('POST /v1/reminders/{week}', () => {
  it('names exactly the missing departments on every channel, e-mails them, and records the failing one', async () => {
    const response = await api.request('POST', `/v1/reminders/${WEEK}`);
    expect(response.status).toBe(200);
    expect(response.body.week).toBe(WEEK);
    expect(response.body.departments).toEqual(['xcb', 'zzb']);
    expect(response.body.deliveries).toEqual(
      expect.arrayContaining([
        { channel: 'ding', status: 'sent' },
        { channel: 'lark', status: 'sent' },
        { channel: 'wecom', status: 'sent' },
        { channel: 'broken', status: 'failed', error: 'the robot answered HTTP 500' },
        { channel: 'mail', recipient: 'zzb@example.gov.cn', status: 'sent' },
      ]),
    );
    expect(response.body.deliveries).toHaveLength(5);

    // Signatures and keys checked by the fake robots: nothing refused, one message each.
    expect(robots.refused).toEqual([]);
    expect(robots.received.map((message) => message.robot).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    for (const { text } of robots.received) {
      expect(text).toContain('区委组织部');
      expect(text).toContain('区委宣传部');
      expect(text).not.toContain('区委办');
      expect(text).not.toContain('区人社局');
      expect(text).toContain(`?period=${WEEK}`);
    }
    // The failing robot was tried more than once before the delivery was recorded as failed.
    expect(robots.brokenAttempts).toBeGreaterThan(1);

    const inbox = await sesInbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.destination.to).toEqual(['zzb@example.gov.cn']);
    expect(inbox[0]!.subject).toContain('区委组织部');

    for (const secret of [DINGTALK_SECRET, DINGTALK_TOKEN, FEISHU_SECRET, WECOM_KEY, robots.url])
      expect(response.text).not.toContain(secret);
  }, 60_000);

  it('does not post twice when repeated, and tries the failed channel again', async () => {
    const attemptsBefore = robots.brokenAttempts;
    const response = await api.request('POST', `/v1/reminders/${WEEK}`);
    expect(response.status).toBe(200);
    expect(response.body.deliveries).toEqual(
      expect.arrayContaining([
        { channel: 'ding', status: 'skipped' },
        { channel: 'lark', status: 'skipped' },
        { channel: 'wecom', status: 'skipped' },
        { channel: 'mail', recipient: 'zzb@example.gov.cn', status: 'skipped' },
        { channel: 'broken', status: 'failed', error: 'the robot answered HTTP 500' },
      ]),
    );
    expect(robots.received).toHaveLength(3);
    expect(await sesInbox()).toHaveLength(1);
    expect(robots.brokenAttempts).toBeGreaterThan(attemptsBefore);
  }, 60_000);

  it('sends again with resend=true', async () => {
    const response = await api.request('POST', `/v1/reminders/${WEEK}?resend=true`);
    expect(response.status).toBe(200);
    expect(response.body.deliveries).toEqual(expect.arrayContaining([{ channel: 'ding', status: 'sent' }]));
    expect(robots.received).toHaveLength(6);
    expect(await sesInbox()).toHaveLength(2);
  }, 60_000);

  it('sends nothing for a week everyone expected has reported', async () => {
    const response = await api.request('POST', '/v1/reminders/2023-W09');
    // W09: nobody reported, so all three expected departments are named; rsj is not yet active.
    expect(response.body.departments).toEqual(['qwb', 'xcb', 'zzb']);
    await submit(api, 'qwb', '2023-W12', [{ theme: 'political', title: '培训' }], onTime(12));
    await submit(api, 'zzb', '2023-W12', [{ theme: 'political', title: '培训' }], onTime(12));
    await submit(api, 'xcb', '2023-W12', [{ theme: 'political', title: '培训' }], onTime(12));
    await submit(api, 'rsj', '2023-W12', [{ theme: 'political', title: '培训' }], onTime(12));
    const done = await api.request('POST', '/v1/reminders/2023-W12');
    expect(done.body).toEqual({ week: '2023-W12', departments: [], deliveries: [] });
  }, 60_000);

  it('is for admins only, and refuses a week that does not exist or has not started', async () => {
    const reviewer = await tokenFor(api, 'reviewer');
    expect((await api.request('POST', `/v1/reminders/${WEEK}`, { token: reviewer })).status).toBe(403);
    const bad = await api.request('POST', '/v1/reminders/2023-W53');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('path.week');
    const future = await api.request('POST', '/v1/reminders/2099-W01');
    expect(future.status).toBe(400);
    expect(future.body.error.details[0].field).toBe('path.week');
  });

  it('refuses a malformed e-mail address on a department, naming the field', async () => {
    const response = await api.request('PUT', '/v1/departments/zzb', {
      body: { name: '区委组织部', email: 'not-an-address' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('body.email');
  });
});
