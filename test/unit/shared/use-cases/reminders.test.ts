import type { Channel } from '../../../../shared/domain/notifications/channels';
import type { Department } from '../../../../shared/domain/report';
import type { WebhookRequest } from '../../../../shared/domain/notifications/messages';
import { sendReminder, type ReminderDependencies } from '../../../../shared/use-cases/reminders';
import { FakeDepartments, FakeReports, department, revision } from '../../support/summary-fakes';

const WEEK = '2023-W10';
const channels: Channel[] = [
  { id: 'wecom', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
  { id: 'mail', type: 'email' },
];
const policy = { budgetMs: 8_000, attempts: 1, backoffMs: 0 };

function setUp(roster: Department[], reports: FakeReports | ReminderDependencies['reports']) {
  const posted: WebhookRequest[] = [];
  const mailed: string[] = [];
  const deps: ReminderDependencies = {
    departments: new FakeDepartments(roster),
    reports,
    channels: { list: async () => channels },
    webhooks: {
      post: async (_type, request) => {
        posted.push(request);
      },
    },
    email: {
      send: async (message) => {
        mailed.push(message.to);
      },
    },
    deliveries: { claim: async () => true, finish: async () => undefined },
    clock: () => new Date('2023-03-13T01:00:00Z'),
    webAppUrl: () => undefined,
    deadline: { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' },
    orgName: '某区',
    sleep: async () => undefined,
  };
  return { deps, posted, mailed };
}

const roster = [
  { ...department('zzb', '区委组织部'), email: 'zzb@example.gov.cn' },
  department('qwb', '区委办'),
  department('xcb', '区委宣传部'),
  { ...department('rsj', '区人社局'), activeFrom: '2023-W11' },
];

describe('sendReminder', () => {
  test('It should learn who reported with one read of the whole roster and name the others', async () => {
    const reports = new FakeReports([
      revision('qwb', WEEK, '2023-H1', '1'),
      revision('xcb', '2023-W09', '2023-H1', '1'),
    ]);
    const { deps, posted, mailed } = setUp(roster, reports);

    const result = await sendReminder(deps, { week: WEEK, resend: false, policy });

    expect(reports.reportedInCalls).toEqual([{ week: WEEK, departmentIds: ['zzb', 'qwb', 'xcb', 'rsj'] }]);
    // xcb reported another week only; rsj is not expected before week 11.
    expect(result.departments).toEqual(['xcb', 'zzb']);
    expect(result.deliveries).toEqual([
      { channel: 'wecom', status: 'sent' },
      { channel: 'mail', recipient: 'zzb@example.gov.cn', status: 'sent' },
    ]);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0])).toContain('区委宣传部');
    expect(JSON.stringify(posted[0])).not.toContain('区委办');
    expect(mailed).toEqual(['zzb@example.gov.cn']);
  });

  test('It should send nothing when every expected department has reported', async () => {
    const reports = new FakeReports(['zzb', 'qwb', 'xcb'].map((id) => revision(id, WEEK, '2023-H1', '1')));
    const { deps, posted, mailed } = setUp(roster, reports);

    await expect(sendReminder(deps, { week: WEEK, resend: false, policy })).resolves.toEqual({
      week: WEEK,
      departments: [],
      deliveries: [],
    });
    expect(posted).toEqual([]);
    expect(mailed).toEqual([]);
  });

  test('It should send nothing at all when it cannot learn who reported', async () => {
    const failure = new Error('DynamoDB left 1 key(s) of a batch read unprocessed after 8 attempts');
    const { deps, posted, mailed } = setUp(roster, {
      reportedIn: async () => {
        throw failure;
      },
    });

    await expect(sendReminder(deps, { week: WEEK, resend: false, policy })).rejects.toBe(failure);
    expect(posted).toEqual([]);
    expect(mailed).toEqual([]);
  });
});
