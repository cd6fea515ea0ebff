import { countRatioToFourPlaces, coverageRows } from '../../../../shared/domain/coverage';
import { ratioToFourPlaces } from '../../../../shared/domain/decimal';
import type { Department } from '../../../../shared/domain/report';

describe('countRatioToFourPlaces', () => {
  it('should give the string the exact decimal ratio gives, for every count of up to 400 weeks', () => {
    const differing: string[] = [];
    for (let denominator = 1; denominator <= 400; denominator++) {
      for (let numerator = 0; numerator <= denominator; numerator++) {
        const exact = ratioToFourPlaces(numerator, denominator);
        if (countRatioToFourPlaces(numerator, denominator) !== exact)
          differing.push(`${numerator}/${denominator}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('should round half up, as the documents do', () => {
    // 1/16 = 0.0625 exactly; 1/32 = 0.03125 → 0.0313; 25/26 = 0.961538… → 0.9615.
    expect([
      countRatioToFourPlaces(1, 16),
      countRatioToFourPlaces(1, 32),
      countRatioToFourPlaces(25, 26),
    ]).toEqual(['0.0625', '0.0313', '0.9615']);
    expect([countRatioToFourPlaces(0, 26), countRatioToFourPlaces(26, 26)]).toEqual(['0.0000', '1.0000']);
  });

  it('should refuse what is not a ratio of counts', () => {
    expect(() => countRatioToFourPlaces(1, 0)).toThrow(RangeError);
    expect(() => countRatioToFourPlaces(-1, 4)).toThrow(RangeError);
    expect(() => countRatioToFourPlaces(1.5, 4)).toThrow(RangeError);
  });
});

describe('coverageRows', () => {
  const department = (departmentId: string, activeFrom?: string): Department => ({
    departmentId,
    name: departmentId,
    ...(activeFrom ? { activeFrom } : {}),
    createdAt: '',
    updatedAt: '',
  });

  it('should count owed weeks only, judge each by its first revision, and rate the on-time share', () => {
    const weeks = ['2023-W01', '2023-W02', '2023-W03', '2023-W04'];
    const rows = coverageRows({
      departments: [department('zzb'), department('qwb', '2023-W02')],
      reports: [
        { departmentId: 'zzb', week: '2023-W01', revision: 1, firstLate: false },
        { departmentId: 'zzb', week: '2023-W02', revision: 3, firstLate: true },
        // Not owed yet, but shown.
        { departmentId: 'zzb', week: '2023-W04', revision: 1, firstLate: false },
        { departmentId: 'qwb', week: '2023-W03', revision: 1, firstLate: false },
        // Not on the roster: left out.
        { departmentId: 'xcb', week: '2023-W01', revision: 1, firstLate: false },
      ],
      weeks,
      expected: [true, true, true, false],
    });

    expect(rows.map((row) => row.department.departmentId)).toEqual(['qwb', 'zzb']);
    const [qwb, zzb] = rows;
    expect(qwb!.coverage).toMatchObject({
      expected: 2,
      submitted: 1,
      onTime: 1,
      late: 0,
      missing: 1,
      onTimeRate: '0.5000',
    });
    expect(qwb!.weeks.map((cell) => cell.status)).toEqual(['not-expected', 'missing', 'on-time', 'not-due']);
    expect(zzb!.coverage).toMatchObject({
      expected: 3,
      submitted: 2,
      onTime: 1,
      late: 1,
      missing: 1,
      onTimeRate: '0.3333',
    });
    expect(zzb!.weeks).toEqual([
      { week: '2023-W01', status: 'on-time', revision: 1 },
      { week: '2023-W02', status: 'late', revision: 3 },
      { week: '2023-W03', status: 'missing' },
      { week: '2023-W04', status: 'on-time', revision: 1 },
    ]);
    expect(zzb!.missingWeeks).toEqual(['2023-W03']);
  });
});
