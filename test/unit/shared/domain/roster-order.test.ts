import { compareRoster, inRosterOrder } from '../../../../shared/domain/roster-order';

describe('roster order', () => {
  it('puts departments with an order first, ascending, then the rest by pinyin of the name', () => {
    const roster = [
      { departmentId: 'z', name: '组织部' },
      { departmentId: 'b', name: '办公室' },
      { departmentId: 'x', name: '宣传部', order: 20 },
      { departmentId: 'w', name: '武装部', order: 3 },
    ];
    expect(inRosterOrder(roster).map((d) => d.departmentId)).toEqual(['w', 'x', 'b', 'z']);
  });

  it('breaks equal orders by pinyin and equal names by id', () => {
    const roster = [
      { departmentId: 'b2', name: '组织部', order: 1 },
      { departmentId: 'a1', name: '办公室', order: 1 },
      { departmentId: 'b1', name: '组织部', order: 1 },
    ];
    expect(inRosterOrder(roster).map((d) => d.departmentId)).toEqual(['a1', 'b1', 'b2']);
    expect(compareRoster(roster[0]!, roster[0]!)).toBe(0);
  });
});
