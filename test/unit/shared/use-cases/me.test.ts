import type {
  DepartmentRepository,
  TokenRecord,
  TokenRepository,
} from '../../../../shared/ports/repositories';
import { describeCaller } from '../../../../shared/use-cases/me';

function deps(record: TokenRecord | undefined) {
  const tokens: TokenRepository = {
    get: async () => record,
    create: async () => undefined,
    revoke: async () => true,
    list: async () => ({ tokens: [] }),
  };
  const departments: DepartmentRepository = {
    get: async (id) =>
      id === 'qwb' ? { departmentId: 'qwb', name: '区委办', createdAt: '', updatedAt: '' } : undefined,
    list: async () => [],
    upsert: async () => {
      throw new Error('not used');
    },
  };
  return { tokens, departments };
}

const base = { tokenId: 't1', secretHash: 'h', createdAt: '2023-01-01T00:00:00.000Z' };

describe('describeCaller', () => {
  it('names a department token’s department and its expiry', async () => {
    const me = await describeCaller(
      deps({
        ...base,
        role: 'department',
        departmentId: 'qwb',
        label: '区委办填报',
        expiresAt: '2024-01-01T00:00:00.000Z',
      }),
      { tokenId: 't1', role: 'department', departmentId: 'qwb' },
    );
    expect(me).toEqual({
      role: 'department',
      tokenId: 't1',
      label: '区委办填报',
      departmentId: 'qwb',
      departmentName: '区委办',
      expiresAt: '2024-01-01T00:00:00.000Z',
    });
  });

  it('says null for a reviewer token that does not expire, with no department fields', async () => {
    const me = await describeCaller(deps({ ...base, role: 'reviewer' }), { tokenId: 't1', role: 'reviewer' });
    expect(me).toEqual({ role: 'reviewer', tokenId: 't1', expiresAt: null });
  });
});
