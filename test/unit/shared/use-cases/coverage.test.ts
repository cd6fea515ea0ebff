import type { Department, ReportRevision } from '../../../../shared/domain/report';
import { NotFoundError } from '../../../../shared/errors/app-error';
import type { Principal } from '../../../../shared/http/principal';
import type { DepartmentRepository, ReportRepository } from '../../../../shared/ports/repositories';
import { periodCoverage, type CoverageDependencies } from '../../../../shared/use-cases/coverage';

const DEADLINE = { timeZone: 'Asia/Shanghai', weekday: 1, time: '12:00' };

function department(departmentId: string, activeFrom?: string): Department {
  return {
    departmentId,
    name: `${departmentId}名`,
    ...(activeFrom ? { activeFrom } : {}),
    createdAt: '',
    updatedAt: '',
  };
}

function revision(departmentId: string, week: string, number: number, firstLate: boolean): ReportRevision {
  return {
    departmentId,
    week,
    period: '2023-H1',
    revision: number,
    submittedAt: '2023-06-01T00:00:00.000Z',
    late: firstLate,
    firstSubmittedAt: '2023-06-01T00:00:00.000Z',
    firstLate,
    items: [],
    contentHash: `${departmentId}${week}${number}`,
  };
}

function setUp(now: Date, roster: Department[], revisions: ReportRevision[]) {
  const queried: string[] = [];
  const departments: DepartmentRepository = {
    get: async (id) => roster.find((d) => d.departmentId === id),
    list: async () => roster,
    upsert: async () => {
      throw new Error('not used');
    },
  };
  const reports: ReportRepository = {
    latest: async () => undefined,
    get: async () => undefined,
    create: async () => undefined,
    repairHead: async () => undefined,
    latestPage: async () => {
      throw new Error('not used');
    },
    latestBetween: async () => {
      throw new Error('not used: coverage reads statuses only');
    },
    reportedIn: async () => {
      throw new Error('not used: coverage reads statuses only');
    },
    // Each test stores at most one revision per week, so every stored revision is its week's latest.
    statusesBetween: async (departmentId, first, last) => {
      queried.push(`${departmentId} ${first}..${last}`);
      return revisions.filter((r) => r.departmentId === departmentId && r.week >= first && r.week <= last);
    },
    statusesOfRoster: async (first, last) => {
      queried.push(`roster ${first}..${last}`);
      return revisions.filter((r) => r.week >= first && r.week <= last);
    },
  };
  const deps: CoverageDependencies = { departments, reports, clock: () => now, deadline: DEADLINE };
  return { deps, queried };
}

const reviewer: Principal = { tokenId: 'rev', role: 'reviewer' };

describe('periodCoverage', () => {
  // 2023-W23 ends Monday 2023-06-12 00:00 Asia/Shanghai; its report is due that day at 12:00 (04:00 UTC).
  const betweenEndAndDue = new Date('2023-06-12T03:00:00.000Z');
  const afterDue = new Date('2023-06-12T04:00:01.000Z');

  it('gives every week its due time in the time zone and judges each department-week like the heat map', async () => {
    const { deps, queried } = setUp(
      afterDue,
      [department('zzb'), department('qwb', '2023-W02')],
      [
        revision('qwb', '2023-W02', 1, false),
        revision('qwb', '2023-W03', 2, true),
        revision('zzb', '2023-W23', 1, false),
      ],
    );
    const view = await periodCoverage(deps, { period: '2023-H1', principal: reviewer });
    expect(view.timeZone).toBe('Asia/Shanghai');
    expect(view.asOf).toBe(afterDue.toISOString());
    expect(view.weeks[0]).toEqual({
      week: '2023-W01',
      startsAt: '2023-01-02T00:00:00.000+08:00',
      dueAt: '2023-01-09T12:00:00.000+08:00',
      ended: true,
      due: true,
    });
    expect(view.weeks.find((w) => w.week === '2023-W24')).toMatchObject({ ended: false, due: false });
    // One read of the whole roster's statuses, not one per department.
    expect(queried).toEqual(['roster 2023-W01..2023-W26']);
    // Sorted by id: qwb before zzb.
    const [qwb, zzb] = view.departments;
    expect(qwb?.weeks.slice(0, 4)).toEqual([
      { week: '2023-W01', status: 'not-expected', label: '无需报送' },
      { week: '2023-W02', status: 'on-time', label: '按时', revision: 1 },
      { week: '2023-W03', status: 'late', label: '逾期', revision: 2 },
      { week: '2023-W04', status: 'missing', label: '未报' },
    ]);
    expect(qwb).toMatchObject({
      activeFrom: '2023-W02',
      expected: 22,
      submitted: 2,
      onTime: 1,
      late: 1,
      missing: 20,
    });
    expect(zzb?.weeks[22]).toEqual({ week: '2023-W23', status: 'on-time', label: '按时', revision: 1 });
    expect(zzb?.weeks[23]).toEqual({ week: '2023-W24', status: 'not-due', label: '未到期' });
    expect(zzb).toMatchObject({
      name: 'zzb名',
      expected: 23,
      submitted: 1,
      missing: 22,
      onTimeRate: '0.0435',
    });
  });

  it('calls a week that has ended but is not yet due 未到期, not 未报', async () => {
    const { deps } = setUp(betweenEndAndDue, [department('zzb')], []);
    const view = await periodCoverage(deps, { period: '2023-H1', principal: reviewer });
    const week23 = view.departments[0]?.weeks[22];
    expect(view.weeks[22]).toMatchObject({ week: '2023-W23', ended: true, due: false });
    expect(week23).toEqual({ week: '2023-W23', status: 'not-due', label: '未到期' });
    expect(view.departments[0]?.weeks[21]).toMatchObject({ week: '2023-W22', status: 'missing' });
  });

  it('lists departments in roster order: by order, then by the pinyin of the name', async () => {
    const named = (id: string, name: string, order?: number): Department => ({
      ...department(id),
      name,
      ...(order === undefined ? {} : { order }),
    });
    const { deps } = setUp(
      afterDue,
      [named('a', '西城区'), named('b', '区委组织部', 2), named('c', '红卫街道'), named('d', '区委办', 1)],
      [],
    );
    const view = await periodCoverage(deps, { period: '2023-H1', principal: reviewer });
    expect(view.departments.map((d) => d.name)).toEqual(['区委办', '区委组织部', '红卫街道', '西城区']);
  });

  it('gives a department token its own row only and reads no other department', async () => {
    const { deps, queried } = setUp(afterDue, [department('zzb'), department('qwb')], []);
    const view = await periodCoverage(deps, {
      period: '2023-H1',
      principal: { tokenId: 't', role: 'department', departmentId: 'qwb' },
    });
    expect(view.departments.map((d) => d.departmentId)).toEqual(['qwb']);
    expect(queried).toEqual(['qwb 2023-W01..2023-W26']);
  });

  it('gives a reviewer the same rows from the roster read as the per-department reads would give', async () => {
    const roster = [department('zzb'), department('qwb', '2023-W02'), department('xcq')];
    const revisions = [
      revision('qwb', '2023-W02', 1, false),
      revision('qwb', '2023-W03', 2, true),
      revision('zzb', '2023-W23', 1, false),
      revision('xcq', '2023-W10', 3, true),
    ];
    const { deps } = setUp(afterDue, roster, revisions);
    const grid = await periodCoverage(deps, { period: '2023-H1', principal: reviewer });
    for (const row of grid.departments) {
      const own = await periodCoverage(deps, {
        period: '2023-H1',
        principal: { tokenId: 't', role: 'department', departmentId: row.departmentId },
      });
      expect(own.departments).toEqual([row]);
    }
    expect(grid.departments.map((d) => d.submitted)).toEqual([2, 1, 1]);
  });

  it('reads the roster and the statuses at once, and leaves out statuses of departments not in the roster', async () => {
    const { deps } = setUp(
      afterDue,
      [department('zzb')],
      [revision('zzb', '2023-W01', 1, false), revision('gone', '2023-W01', 1, false)],
    );
    let listed = false;
    let statusesAsked = false;
    const { list } = deps.departments;
    const { statusesOfRoster } = deps.reports;
    deps.departments.list = async () => {
      // The statuses' read has been sent before the roster has come back.
      await Promise.resolve();
      expect(statusesAsked).toBe(true);
      listed = true;
      return list();
    };
    deps.reports.statusesOfRoster = async (first, last) => {
      statusesAsked = true;
      expect(listed).toBe(false);
      return statusesOfRoster(first, last);
    };
    const view = await periodCoverage(deps, { period: '2023-H1', principal: reviewer });
    expect(view.departments.map((d) => [d.departmentId, d.submitted])).toEqual([['zzb', 1]]);
  });

  it('answers 404 when a department token’s department is gone', async () => {
    const { deps } = setUp(afterDue, [], []);
    await expect(
      periodCoverage(deps, {
        period: '2023-H1',
        principal: { tokenId: 't', role: 'department', departmentId: 'x' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
