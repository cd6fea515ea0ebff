import {
  departmentBody,
  departmentFields,
  mergeTokens,
  tokenState,
} from '../../../../web/src/form/department-form';

describe('the department forms', () => {
  it('sends back every field it read, so a rename keeps activeFrom, e-mail and order', () => {
    const read = { name: '区委办', activeFrom: '2023-W05', email: 'qwb@example.gov.cn', order: 3 };
    const fields = { ...departmentFields(read), name: '区委办公室' };
    expect(departmentBody(fields)).toEqual({
      body: { name: '区委办公室', activeFrom: '2023-W05', email: 'qwb@example.gov.cn', order: 3 },
    });
  });

  it('leaves out a field the admin emptied, which clears it (PUT replaces the record)', () => {
    const fields = {
      ...departmentFields({ name: '区委办', order: 3, email: 'a@b.cn' }),
      order: ' ',
      email: '',
    };
    expect(departmentBody(fields)).toEqual({ body: { name: '区委办' } });
    expect(departmentFields({ name: '区委办' })).toEqual({
      name: '区委办',
      activeFrom: '',
      email: '',
      order: '',
    });
  });

  it('refuses an order that is not a whole number under the field it belongs to', () => {
    expect(departmentBody({ ...departmentFields({ name: '区委办' }), order: '2.5' })).toEqual({
      errors: { order: ['请填写 1 到 9999 的整数'] },
    });
  });
});

describe('the token list', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('tells active, expired and revoked tokens apart', () => {
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-07-01T00:00:00Z' }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-05-01T00:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revokedAt: '2026-04-01T00:00:00Z', expiresAt: '2026-05-01T00:00:00Z' }, now)).toBe(
      'revoked',
    );
  });

  it('adds a page once, keeping the order and the tokens already shown', () => {
    expect(mergeTokens([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }])).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
    ]);
  });
});
