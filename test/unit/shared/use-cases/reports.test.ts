import { CatalogIndex, defaultCatalog } from '../../../../shared/domain/catalog';
import type { Department, ReportRevision } from '../../../../shared/domain/report';
import type { SubmittedItem } from '../../../../shared/domain/report-content';
import { MAX_REVISIONS_PER_WEEK } from '../../../../shared/config/names';
import {
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  ValidationError,
} from '../../../../shared/errors/app-error';
import type { Principal } from '../../../../shared/domain/access';
import {
  RevisionTakenError,
  RevisionTooLargeError,
  type DepartmentRepository,
  type LatestPage,
  type LatestPageRequest,
  type ReportRepository,
} from '../../../../shared/ports/repositories';
import {
  getReport,
  listReports,
  submitReport,
  type ReportDependencies,
} from '../../../../shared/use-cases/reports';

/**
 * An in-memory report store with the adapter's rules: a taken revision number is RevisionTakenError, and
 * the week's head moves to a revision after the revision is stored.
 */
class FakeReports implements ReportRepository {
  readonly stored = new Map<string, ReportRevision>();
  readonly heads = new Map<string, ReportRevision>();
  creates = 0;
  repairs = 0;
  /** Revisions a concurrent writer (head and all) slips in just before the next create. */
  readonly raceWith: ReportRevision[] = [];
  /** When set, the next create stores its revision and then dies before moving the head. */
  dieBeforeHead = false;

  private key(departmentId: string, week: string, revision: number) {
    return `${departmentId}|${week}|${String(revision).padStart(6, '0')}`;
  }
  private moveHead(revision: ReportRevision) {
    const headKey = `${revision.departmentId}|${revision.week}`;
    const head = this.heads.get(headKey);
    if (!head || head.revision < revision.revision) this.heads.set(headKey, revision);
  }
  async latest(departmentId: string, week: string) {
    return this.heads.get(`${departmentId}|${week}`);
  }
  async get(departmentId: string, week: string, revision: number) {
    return this.stored.get(this.key(departmentId, week, revision));
  }
  async create(revision: ReportRevision) {
    this.creates += 1;
    const rival = this.raceWith.shift();
    if (rival) {
      this.stored.set(this.key(rival.departmentId, rival.week, rival.revision), rival);
      this.moveHead(rival);
    }
    const key = this.key(revision.departmentId, revision.week, revision.revision);
    if (this.stored.has(key))
      throw new RevisionTakenError(revision.departmentId, revision.week, revision.revision);
    this.stored.set(key, revision);
    if (this.dieBeforeHead) {
      this.dieBeforeHead = false;
      throw new Error('the process died between the two writes');
    }
    this.moveHead(revision);
  }
  async reportedIn(week: string, departmentIds: readonly string[]) {
    return new Set(departmentIds.filter((id) => this.heads.has(`${id}|${week}`)));
  }
  async repairHead(departmentId: string, week: string) {
    this.repairs += 1;
    const newest = [...this.stored.entries()]
      .filter(([k]) => k.startsWith(`${departmentId}|${week}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .pop();
    if (newest) this.moveHead(newest[1]);
  }
  async latestBetween(departmentId: string, first: string, last: string) {
    return [...this.heads.values()]
      .filter((r) => r.departmentId === departmentId && r.week >= first && r.week <= last)
      .sort((a, b) => (a.week < b.week ? -1 : 1));
  }
  async statusesBetween(departmentId: string, first: string, last: string) {
    return this.latestBetween(departmentId, first, last);
  }
  async statusesOfRoster(first: string, last: string) {
    return [...this.heads.values()].filter((r) => r.week >= first && r.week <= last);
  }
  async latestPage(request: LatestPageRequest): Promise<LatestPage> {
    const all = (await this.latestBetween(request.departmentId, request.first, request.last)).filter(
      (r) => request.after === undefined || r.week > request.after,
    );
    const reports = all.slice(0, request.limit);
    return all.length > request.limit ? { reports, next: reports[reports.length - 1]!.week } : { reports };
  }
}

class FakeDepartments implements DepartmentRepository {
  gets: string[] = [];
  constructor(private readonly known: string[]) {}
  async get(departmentId: string): Promise<Department | undefined> {
    this.gets.push(departmentId);
    return this.known.includes(departmentId)
      ? { departmentId, name: departmentId, createdAt: '', updatedAt: '' }
      : undefined;
  }
  async upsert(): Promise<never> {
    throw new Error('not used');
  }
  async list() {
    return [];
  }
}

// 2023-W23 is due on Monday 2023-06-12 12:00 Asia/Shanghai (04:00 UTC).
const ON_TIME = new Date('2023-06-09T10:00:00.000Z');
const LATE = new Date('2023-06-12T04:01:00.000Z');

function setup(options: { now?: Date; departments?: string[] } = {}) {
  const reports = new FakeReports();
  const departments = new FakeDepartments(options.departments ?? []);
  let now = options.now ?? ON_TIME;
  const deps: ReportDependencies = {
    reports,
    departments,
    catalog: new CatalogIndex(defaultCatalog),
    deadline: { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' },
    clock: () => now,
  };
  return { deps, reports, departments, setNow: (date: Date) => (now = date) };
}

const item = (title: string, value = '1300'): SubmittedItem => ({
  theme: 'political',
  title,
  highlight: false,
  metrics: [{ metric: 'cadres-trained', value }],
});
const department = (departmentId: string): Principal => ({ tokenId: 't', role: 'department', departmentId });
const admin: Principal = { tokenId: 'a', role: 'admin' };

const submit = (
  deps: ReportDependencies,
  departmentId: string,
  items: SubmittedItem[],
  extra: { expectedRevision?: number; submittedAt?: string; principal?: Principal; week?: string } = {},
) =>
  submitReport(deps, {
    departmentId,
    week: extra.week ?? '2023-W23',
    items,
    principal: extra.principal ?? department(departmentId),
    ...(extra.expectedRevision !== undefined ? { expectedRevision: extra.expectedRevision } : {}),
    ...(extra.submittedAt !== undefined ? { submittedAt: extra.submittedAt } : {}),
  });

describe('submitReport', () => {
  test('It should store a first submission as revision 1 with its period and lateness', async () => {
    const { deps, reports } = setup();
    const { report, created } = await submit(deps, 'd1', [item('一')]);
    expect(created).toBe(true);
    expect(report).toMatchObject({
      departmentId: 'd1',
      week: '2023-W23',
      period: '2023-H1',
      revision: 1,
      submittedAt: ON_TIME.toISOString(),
      late: false,
      firstSubmittedAt: ON_TIME.toISOString(),
      firstLate: false,
    });
    expect(report.items[0]!.metrics).toEqual([{ metric: 'cadres-trained', value: '1300', unit: '人次' }]);
    expect(reports.stored.size).toBe(1);
  });

  test('It should read the head once, while the body is checked, and decide on that read', async () => {
    const { deps, reports } = setup();
    await submit(deps, 'd9', [item('一')]);
    const reads: string[] = [];
    const latest = reports.latest.bind(reports);
    reports.latest = async (departmentId, week) => {
      reads.push(`${departmentId} ${week}`);
      return latest(departmentId, week);
    };
    const { report } = await submit(deps, 'd9', [item('二')]);
    expect(report.revision).toBe(2);
    expect(reads).toEqual(['d9 2023-W23']);
  });

  test('It should answer a refused body with its fault, even when the head read begun beside it fails', async () => {
    const { deps, reports } = setup();
    reports.latest = () => Promise.reject(new Error('DynamoDB is unreachable'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(submit(deps, 'd9', [item('')])).rejects.toBeInstanceOf(ValidationError);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('It should number each different submission as the next revision', async () => {
    const { deps } = setup();
    await submit(deps, 'd2', [item('一')]);
    await submit(deps, 'd2', [item('二')]);
    const { report } = await submit(deps, 'd2', [item('三')]);
    expect(report.revision).toBe(3);
  });

  test('It should answer identical content with the latest revision and write nothing', async () => {
    const { deps, reports } = setup();
    const first = await submit(deps, 'd3', [item('一', '12.50')]);
    const again = await submit(deps, 'd3', [item('一', '12.5')]);
    expect(again).toEqual({ report: first.report, created: false });
    expect(reports.creates).toBe(1);
  });

  test('It should carry firstSubmittedAt and firstLate from revision 1 while judging each revision', async () => {
    const { deps, setNow } = setup();
    await submit(deps, 'd4', [item('一')]);
    setNow(LATE);
    const { report } = await submit(deps, 'd4', [item('二')]);
    expect(report).toMatchObject({
      revision: 2,
      late: true,
      submittedAt: LATE.toISOString(),
      firstSubmittedAt: ON_TIME.toISOString(),
      firstLate: false,
    });
  });

  test('It should refuse If-Match naming another revision and write nothing', async () => {
    const { deps, reports } = setup();
    await submit(deps, 'd5', [item('一')]);
    await submit(deps, 'd5', [item('二')]);
    const error = await submit(deps, 'd5', [item('三')], { expectedRevision: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect((error as PreconditionFailedError).details).toEqual([
      { field: 'header.if-match', message: 'latest revision is 2' },
    ]);
    expect(reports.creates).toBe(2);
  });

  test('It should store a submit whose If-Match names the latest revision', async () => {
    const { deps } = setup();
    await submit(deps, 'd6', [item('一')]);
    const { report, created } = await submit(deps, 'd6', [item('二')], { expectedRevision: 1 });
    expect(created).toBe(true);
    expect(report.revision).toBe(2);
  });

  test('It should re-read and take the next number after losing a race without If-Match', async () => {
    const { deps, reports } = setup();
    const { report: first } = await submit(deps, 'd7', [item('一')]);
    reports.raceWith.push({ ...first, revision: 2, items: [], contentHash: 'rival' });
    const { report, created } = await submit(deps, 'd7', [item('二')]);
    expect(created).toBe(true);
    expect(report.revision).toBe(3);
    expect(reports.creates).toBe(3);
    expect((await reports.get('d7', '2023-W23', 2))!.contentHash).toBe('rival');
  });

  test('It should answer with the winner when a concurrent submit of the same content won the race', async () => {
    const { deps, reports } = setup();
    const { report: winner } = await submit(setup().deps, 'd8', [item('同')]);
    reports.raceWith.push(winner);
    const { report, created } = await submit(deps, 'd8', [item('同')]);
    expect(created).toBe(false);
    expect(report).toEqual(winner);
    expect(reports.stored.size).toBe(1);
  });

  test('It should refuse with 412 when a race is lost under If-Match', async () => {
    const { deps, reports } = setup();
    const { report: first } = await submit(deps, 'd9', [item('一')]);
    reports.raceWith.push({ ...first, revision: 2, contentHash: 'rival' });
    await expect(submit(deps, 'd9', [item('二')], { expectedRevision: 1 })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(reports.stored.size).toBe(2);
  });

  test('It should refuse submittedAt from anyone but an admin', async () => {
    const { deps, reports } = setup();
    const error = await submit(deps, 'd10', [item('一')], { submittedAt: '2023-06-09T18:00:00+08:00' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).details[0]!.field).toBe('body.submittedAt');
    expect(reports.creates).toBe(0);
  });

  test('It should take submittedAt from an admin and judge lateness by it', async () => {
    const { deps } = setup({ now: new Date('2024-01-01T00:00:00Z'), departments: ['d11'] });
    const onTime = await submit(deps, 'd11', [item('一')], {
      principal: admin,
      submittedAt: '2023-06-12T11:59:00+08:00',
    });
    expect(onTime.report).toMatchObject({ submittedAt: '2023-06-12T03:59:00.000Z', late: false });
    const late = await submit(deps, 'd11', [item('二')], {
      principal: admin,
      submittedAt: '2023-06-12T12:01:00+08:00',
    });
    expect(late.report).toMatchObject({ revision: 2, late: true, firstLate: false });
  });

  test('It should store identical content again when an admin imports it with another submittedAt', async () => {
    const { deps } = setup({ now: new Date('2024-01-01T00:00:00Z'), departments: ['d12'] });
    await submit(deps, 'd12', [item('一')], { principal: admin, submittedAt: '2023-06-09T10:00:00Z' });
    const same = await submit(deps, 'd12', [item('一')], {
      principal: admin,
      submittedAt: '2023-06-09T10:00:00.000Z',
    });
    expect(same.created).toBe(false);
    const moved = await submit(deps, 'd12', [item('一')], {
      principal: admin,
      submittedAt: '2023-06-09T11:00:00Z',
    });
    expect(moved.report.revision).toBe(2);
  });

  test('It should refuse a week that has not started and a submittedAt in the future', async () => {
    const { deps, reports } = setup();
    await expect(submit(deps, 'd13', [item('一')], { week: '2023-W24' })).rejects.toMatchObject({
      statusCode: 400,
      details: [{ field: 'path.week', message: 'this week has not started yet' }],
    });
    await expect(
      submit(deps, 'd13', [item('一')], { principal: admin, submittedAt: '2023-06-10T00:00:00Z' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      details: [{ field: 'body.submittedAt', message: expect.any(String) }],
    });
    expect(reports.creates).toBe(0);
  });

  test("It should refuse an admin's submittedAt before the week began and accept one from its first instant", async () => {
    const { deps, reports } = setup({ departments: ['d16'] });
    // 2023-W23 begins on Monday 2023-06-05 00:00 in Shanghai, which is 2023-06-04T16:00Z.
    await expect(
      submit(deps, 'd16', [item('一')], { principal: admin, submittedAt: '2023-06-04T15:59:59.999Z' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      details: [{ field: 'body.submittedAt', message: expect.stringContaining("before the week's start") }],
    });
    expect(reports.creates).toBe(0);
    const { report } = await submit(deps, 'd16', [item('一')], {
      principal: admin,
      submittedAt: '2023-06-05T00:00:00+08:00',
    });
    expect(report).toMatchObject({ revision: 1, submittedAt: '2023-06-04T16:00:00.000Z', late: false });
  });

  test('It should answer 413 naming the body when the store cannot hold the revision', async () => {
    const { deps, reports } = setup();
    reports.create = async () => {
      throw new RevisionTooLargeError(762_965, 409_600);
    };
    const error = await submit(deps, 'd17', [item('大')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({
      statusCode: 413,
      message: expect.stringContaining('762965 bytes'),
      details: [{ field: 'body', message: expect.stringContaining('normalised to NFC') }],
    });
  });

  test('It should refuse content the catalog does not allow with every fault named', async () => {
    const { deps, reports } = setup();
    const error = await submit(deps, 'd14', [
      { theme: 'economy', title: '一', highlight: false, metrics: [] },
      {
        theme: 'talent',
        title: '二',
        highlight: false,
        metrics: [{ metric: 'award-money', value: '1', unit: '美元' }],
      },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual([
      'body.items.0.theme',
      'body.items.1.metrics.0.unit',
    ]);
    expect(reports.creates).toBe(0);
  });

  test('It should look up a department an admin submits for and refuse an unknown one with 404', async () => {
    const { deps, departments, reports } = setup({ departments: ['known-1'] });
    await expect(submit(deps, 'ghost-1', [item('一')], { principal: admin })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(reports.creates).toBe(0);
    await submit(deps, 'known-1', [item('一')], { principal: admin });
    expect(departments.gets).toEqual(['ghost-1', 'known-1']);
  });

  test('It should not look up the own department of a department token', async () => {
    const { deps, departments } = setup();
    await submit(deps, 'own-1', [item('一')]);
    expect(departments.gets).toEqual([]);
  });
});

describe('getReport and listReports', () => {
  test('It should read the latest revision or a named one, and 404 a missing revision', async () => {
    const { deps } = setup();
    await submit(deps, 'r1', [item('一')]);
    await submit(deps, 'r1', [item('二')]);
    const read = (revision?: number) =>
      getReport(deps, {
        departmentId: 'r1',
        week: '2023-W23',
        principal: department('r1'),
        ...(revision ? { revision } : {}),
      });
    expect((await read()).revision).toBe(2);
    expect((await read(1)).items[0]!.title).toBe('一');
    await expect(read(3)).rejects.toMatchObject({ statusCode: 404, details: [{ field: 'query.revision' }] });
  });

  test('It should list the latest revision of each week of the period in week order', async () => {
    const { deps, setNow } = setup({ now: new Date('2023-12-01T00:00:00Z') });
    setNow(new Date('2023-12-01T00:00:00Z'));
    for (const [week, title] of [
      ['2023-W02', 'a'],
      ['2023-W01', 'b'],
      ['2023-W02', 'c'],
      ['2023-W27', 'd'],
    ] as const) {
      await submit(deps, 'l1', [item(title)], { week });
    }
    const page = await listReports(deps, {
      departmentId: 'l1',
      period: '2023-H1',
      principal: department('l1'),
    });
    expect(page.reports.map((r) => [r.week, r.revision])).toEqual([
      ['2023-W01', 1],
      ['2023-W02', 2],
    ]);
    expect(page.nextToken).toBeUndefined();
  });

  test('It should page the listing with an opaque nextToken and refuse a token it did not issue', async () => {
    const { deps, setNow } = setup({ now: new Date('2023-12-01T00:00:00Z') });
    setNow(new Date('2023-12-01T00:00:00Z'));
    for (const week of ['2023-W01', '2023-W02', '2023-W03']) await submit(deps, 'p1', [item(week)], { week });
    const list = (options: { limit?: number; nextToken?: string }) =>
      listReports(deps, { departmentId: 'p1', period: '2023-H1', principal: department('p1'), ...options });
    const first = await list({ limit: 2 });
    expect(first.reports.map((r) => r.week)).toEqual(['2023-W01', '2023-W02']);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await list({ limit: 2, nextToken: first.nextToken });
    expect(second.reports.map((r) => r.week)).toEqual(['2023-W03']);
    expect(second.nextToken).toBeUndefined();
    await expect(list({ nextToken: 'bm9wZQ' })).rejects.toMatchObject({
      statusCode: 400,
      details: [{ field: 'query.nextToken' }],
    });
  });
});

describe('week heads and the revision cap', () => {
  test('It should repair a head left behind by a submit that died between its two writes', async () => {
    const { deps, reports } = setup();
    await submit(deps, 'h1', [item('一')]);
    reports.dieBeforeHead = true;
    await expect(submit(deps, 'h1', [item('二')])).rejects.toThrow('died');
    // The unacknowledged revision 2 is stored, but the head still shows revision 1.
    expect((await reports.latest('h1', '2023-W23'))?.revision).toBe(1);
    const { report } = await submit(deps, 'h1', [item('三')]);
    expect(report.revision).toBe(3);
    expect(reports.repairs).toBe(1);
    expect((await reports.latest('h1', '2023-W23'))?.items[0]!.title).toBe('三');
  });

  test('It should refuse a different submit once the week has the most revisions with 409', async () => {
    const { deps, reports } = setup();
    for (let n = 1; n <= MAX_REVISIONS_PER_WEEK; n++) await submit(deps, 'c1', [item(`v${n}`)]);
    const error = await submit(deps, 'c1', [item('one more')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, details: [{ field: 'path.week' }] });
    expect(reports.stored.size).toBe(MAX_REVISIONS_PER_WEEK);
    // Resubmitting the latest content is still the harmless no-op it always was.
    const same = await submit(deps, 'c1', [item(`v${MAX_REVISIONS_PER_WEEK}`)]);
    expect(same).toMatchObject({ created: false, report: { revision: MAX_REVISIONS_PER_WEEK } });
  });
});
