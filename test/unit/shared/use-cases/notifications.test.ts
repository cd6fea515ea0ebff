import type { Channel } from '../../../../shared/domain/notifications/channels';
import {
  DeliveryError,
  type DeliveryKey,
  type DeliveryRecord,
  type DeliveryRepository,
} from '../../../../shared/ports/notifications';
import { deliver, periodPageUrl, type NotifyDependencies } from '../../../../shared/use-cases/notifications';
import {
  departmentsToRemind,
  reminderEmail,
  reminderNotice,
} from '../../../../shared/domain/notifications/reminder';

/** Deliveries in memory, with the same claim rule as the DynamoDB adapter's condition. */
class MemoryDeliveries implements DeliveryRepository {
  readonly records = new Map<string, DeliveryRecord>();
  private id(key: DeliveryKey) {
    return `${key.period}|${key.kind}|${key.channel}|${key.recipient ?? ''}`;
  }
  async claim(key: DeliveryKey, now: Date, options: { resend: boolean; staleBefore: Date }) {
    const current = this.records.get(this.id(key));
    const free =
      !current ||
      current.status === 'failed' ||
      (current.status === 'sending' && current.updatedAt < options.staleBefore.toISOString());
    if (!free && !options.resend) return false;
    this.records.set(this.id(key), { ...key, status: 'sending', attempts: 0, updatedAt: now.toISOString() });
    return true;
  }
  async finish(record: DeliveryRecord) {
    this.records.set(this.id(record), record);
  }
}

function deps(deliveries = new MemoryDeliveries()): NotifyDependencies & { waits: number[] } {
  const waits: number[] = [];
  return {
    channels: { list: async (): Promise<Channel[]> => [] },
    webhooks: { post: async () => undefined },
    email: { send: async () => undefined },
    deliveries,
    clock: () => new Date('2023-03-13T01:00:00Z'),
    webAppUrl: () => 'https://showcase.example',
    sleep: async (ms) => {
      waits.push(ms);
    },
    waits,
  };
}

const key = { period: '2023-W10', kind: 'reminder' as const, channel: 'ding' };
const policy = { budgetMs: 8_000, attempts: 3, backoffMs: 500 };

describe('deliver', () => {
  it('should send once and answer skipped when asked again, unless resend', async () => {
    const d = deps();
    let sent = 0;
    const send = async () => {
      sent++;
    };
    expect(await deliver(d, key, send, { resend: false, policy })).toEqual({
      channel: 'ding',
      status: 'sent',
    });
    expect(await deliver(d, key, send, { resend: false, policy })).toEqual({
      channel: 'ding',
      status: 'skipped',
    });
    expect(await deliver(d, key, send, { resend: true, policy })).toEqual({
      channel: 'ding',
      status: 'sent',
    });
    expect(sent).toBe(2);
  });

  it('should retry a retryable failure with doubling waits, then record it failed with its reason', async () => {
    const d = deps();
    let attempts = 0;
    const outcome = await deliver(
      d,
      key,
      async () => {
        attempts++;
        throw new DeliveryError('the robot answered HTTP 500', true);
      },
      { resend: false, policy },
    );
    expect(outcome).toEqual({ channel: 'ding', status: 'failed', error: 'the robot answered HTTP 500' });
    expect(attempts).toBe(3);
    expect(d.waits).toEqual([500, 1000]);
    const record = [...(d.deliveries as MemoryDeliveries).records.values()][0];
    expect(record).toMatchObject({ status: 'failed', attempts: 3, error: 'the robot answered HTTP 500' });
  });

  it('should not retry a refusal, and should try a failed delivery again on the next run', async () => {
    const d = deps();
    let attempts = 0;
    const refuse = async () => {
      attempts++;
      throw new DeliveryError('the robot refused the message (code 310000: sign not match)', false);
    };
    expect((await deliver(d, key, refuse, { resend: false, policy })).status).toBe('failed');
    expect(attempts).toBe(1);
    expect(await deliver(d, key, async () => undefined, { resend: false, policy })).toEqual({
      channel: 'ding',
      status: 'sent',
    });
  });

  it('should hide what an unexpected error says, which may hold a URL', async () => {
    const outcome = await deliver(
      deps(),
      key,
      async () => {
        throw new Error('connect ECONNREFUSED https://oapi.dingtalk.com/robot/send?access_token=secret');
      },
      { resend: false, policy: { ...policy, attempts: 1 } },
    );
    expect(outcome).toEqual({ channel: 'ding', status: 'failed', error: 'the message could not be sent' });
  });

  it('should stop within the budget', async () => {
    const d = deps();
    const started = Date.now();
    const outcome = await deliver(
      { ...d, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      key,
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      { resend: false, policy: { budgetMs: 300, attempts: 5, backoffMs: 50 } },
    );
    expect(outcome).toEqual({
      channel: 'ding',
      status: 'failed',
      error: 'no answer within the time allowed',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('departmentsToRemind', () => {
  const department = (departmentId: string, activeFrom?: string) => ({
    departmentId,
    name: departmentId,
    ...(activeFrom ? { activeFrom } : {}),
    createdAt: '',
    updatedAt: '',
  });

  it('should name the active departments without a report, sorted, and never one active only later', () => {
    const roster = [
      department('zzb'),
      department('qwb'),
      department('xcb', '2023-W10'),
      department('rsj', '2023-W11'),
    ];
    expect(departmentsToRemind(roster, '2023-W10', new Set(['qwb'])).map((d) => d.departmentId)).toEqual([
      'xcb',
      'zzb',
    ]);
  });
});

describe('messages without a web app URL', () => {
  // cdk.json's default has no webAppUrl: reminders must still go out, only without the link.
  const deadline = { weekday: 1, time: '12:00', timeZone: 'Asia/Shanghai' };
  const department = {
    departmentId: 'qwb',
    name: '区委办',
    email: 'qwb@example.gov.cn',
    createdAt: '2023-01-01T00:00:00Z',
    updatedAt: '2023-01-01T00:00:00Z',
  };

  it('should build no page link, and a link when there is a URL', () => {
    expect(periodPageUrl(undefined, '2023-W10')).toBeUndefined();
    expect(periodPageUrl('https://showcase.example/', '2023-W10')).toBe(
      'https://showcase.example/?period=2023-W10',
    );
  });

  it('should write the group notice and the e-mail without a link', () => {
    const base = { orgName: '张湾区委组织部', week: '2023-W10', deadline, missing: [department] };
    expect(reminderNotice(base).link).toBeUndefined();
    expect(reminderNotice({ ...base, link: 'https://showcase.example/?period=2023-W10' }).link).toEqual({
      text: '打开周报系统',
      url: 'https://showcase.example/?period=2023-W10',
    });
    const email = reminderEmail({ ...base, department });
    expect(email.text).toContain('请登录周报系统报送。');
    expect(email.text).not.toContain('undefined');
  });
});
