import { supersedes, type ReportStatus } from '../../../../shared/domain/report';

const status = (revision: number, extra: Partial<ReportStatus> = {}): ReportStatus => ({
  departmentId: 'qwb',
  week: '2023-W10',
  revision,
  firstLate: false,
  ...extra,
});

describe('supersedes', () => {
  it('should let the higher revision number win, whatever else the two say', () => {
    const older = status(1, { submittedAt: '2023-03-20T00:00:00.000Z', contentHash: 'ff' });
    const newer = status(2, { submittedAt: '2023-03-13T00:00:00.000Z', contentHash: '00' });
    expect([supersedes(newer, older), supersedes(older, newer)]).toEqual([true, false]);
  });

  it('should break a tie of numbers by the later submission, then the larger content hash', () => {
    const early = status(3, { submittedAt: '2023-03-13T00:00:00.000Z', contentHash: 'ff' });
    const late = status(3, { submittedAt: '2023-03-14T00:00:00.000Z', contentHash: '00' });
    expect([supersedes(late, early), supersedes(early, late)]).toEqual([true, false]);
    const a = status(3, { submittedAt: '2023-03-13T00:00:00.000Z', contentHash: 'aa' });
    const b = status(3, { submittedAt: '2023-03-13T00:00:00.000Z', contentHash: 'bb' });
    expect([supersedes(b, a), supersedes(a, b)]).toEqual([true, false]);
  });

  it('should decide between statuses without tie-breakers (the week heads index) by number alone', () => {
    expect([supersedes(status(2), status(1)), supersedes(status(1), status(2))]).toEqual([true, false]);
    // Equal and nothing to break the tie: neither replaces the other, so the first one read stays.
    expect(supersedes(status(2), status(2))).toBe(false);
  });
});
