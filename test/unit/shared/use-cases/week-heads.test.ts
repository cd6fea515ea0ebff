import type { IsoWeek } from '../../../../shared/domain/calendar';
import type { WeekHeadMaintenance } from '../../../../shared/ports/repositories';
import { repairWeekHeads } from '../../../../shared/use-cases/week-heads';
import { department, FakeDepartments } from '../../support/summary-fakes';

/** Heads and newest revisions per department-week, as the table would hold them. */
class FakeHeads implements WeekHeadMaintenance {
  readonly repairs: string[] = [];
  constructor(
    private readonly newest: Record<string, Record<IsoWeek, number>>,
    private readonly shown: Record<string, Record<IsoWeek, number>>,
  ) {}

  async staleHeadWeeks(departmentId: string) {
    const shown = this.shown[departmentId] ?? {};
    return Object.entries(this.newest[departmentId] ?? {})
      .filter(([week, revision]) => (shown[week] ?? 0) < revision)
      .map(([week]) => week)
      .sort();
  }

  async repairHead(departmentId: string, week: IsoWeek) {
    this.repairs.push(`${departmentId} ${week}`);
    (this.shown[departmentId] ??= {})[week] = this.newest[departmentId]![week]!;
  }
}

describe('repairWeekHeads', () => {
  const roster = new FakeDepartments([
    department('qwb', '区委办'),
    department('zzb', '组织部'),
    department('xcb', '宣传部'),
  ]);

  it('should roll forward every missing or lagging head, and only those, across the roster', async () => {
    const heads = new FakeHeads(
      {
        qwb: { '2023-W01': 2, '2023-W02': 1 },
        zzb: { '2023-W01': 3 },
        xcb: { '2023-W05': 1 },
      },
      // qwb: W01 behind (1 < 2), W02 missing; zzb up to date; xcb missing.
      { qwb: { '2023-W01': 1 }, zzb: { '2023-W01': 3 } },
    );

    const result = await repairWeekHeads({ departments: roster, heads });

    expect(result.departments).toBe(3);
    expect(result.repaired).toEqual([
      { departmentId: 'qwb', weeks: ['2023-W01', '2023-W02'] },
      { departmentId: 'xcb', weeks: ['2023-W05'] },
    ]);
    expect([...heads.repairs].sort()).toEqual(['qwb 2023-W01', 'qwb 2023-W02', 'xcb 2023-W05']);
  });

  it('should find nothing to do on a second run', async () => {
    const heads = new FakeHeads({ qwb: { '2023-W01': 2 } }, {});
    await repairWeekHeads({ departments: roster, heads });
    heads.repairs.length = 0;

    const again = await repairWeekHeads({ departments: roster, heads });

    expect(again).toEqual({ departments: 3, repaired: [] });
    expect(heads.repairs).toEqual([]);
  });
});
