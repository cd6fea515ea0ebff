import {
  editorialHash,
  normaliseEditorial,
  type EditorialRevision,
} from '../../../../shared/domain/editorial';
import { EditorialRevisionTakenError, type EditorialRepository } from '../../../../shared/ports/repositories';
import { editorialDto, getEditorial, putEditorial } from '../../../../shared/use-cases/editorials';

class FakeEditorials implements EditorialRepository {
  readonly stored: EditorialRevision[] = [];
  /** Revisions another writer takes just before the next create, to simulate a lost race. */
  racers: EditorialRevision[] = [];

  async latest(period: string) {
    return this.stored.filter((e) => e.period === period).sort((a, b) => b.revision - a.revision)[0];
  }

  async create(revision: EditorialRevision) {
    const racer = this.racers.shift();
    if (racer) this.stored.push(racer);
    if (this.stored.some((e) => e.period === revision.period && e.revision === revision.revision))
      throw new EditorialRevisionTakenError(revision.period, revision.revision);
    this.stored.push(revision);
  }
}

const principal = { tokenId: 'tok-reviewer', role: 'reviewer' as const };
const NOW = new Date('2023-07-03T02:00:00.000Z');

function setUp() {
  const editorials = new FakeEditorials();
  return { editorials, deps: { editorials, clock: () => NOW } };
}

describe('putEditorial', () => {
  it('stores revision 1, then N+1 for new content, and returns the latest for identical content', async () => {
    const { deps, editorials } = setUp();
    const first = await putEditorial(deps, { period: '2023-H1', content: { overview: 'a' }, principal });
    expect(first).toMatchObject({
      created: true,
      editorial: { revision: 1, overview: 'a', updatedBy: 'tok-reviewer' },
    });
    const second = await putEditorial(deps, { period: '2023-H1', content: { nextSteps: 'b' }, principal });
    expect(second.editorial).toMatchObject({ revision: 2, nextSteps: 'b' });
    expect(second.editorial).not.toHaveProperty('overview');
    const same = await putEditorial(deps, { period: '2023-H1', content: { nextSteps: 'b' }, principal });
    expect(same).toEqual({ created: false, editorial: second.editorial });
    expect(editorials.stored).toHaveLength(2);
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const { deps, editorials } = setUp();
    await expect(
      putEditorial(deps, { period: '2023-H1', content: { overview: 'a' }, expectedRevision: 1, principal }),
    ).rejects.toMatchObject({ statusCode: 412 });
    expect(editorials.stored).toHaveLength(0);
  });

  it('takes the next number after losing a race, but not under If-Match', async () => {
    const { deps, editorials } = setUp();
    const racer = { period: '2023-H1', revision: 1, updatedAt: '', updatedBy: 'x', contentHash: 'other' };
    editorials.racers = [racer];
    const result = await putEditorial(deps, { period: '2023-H1', content: { overview: 'a' }, principal });
    expect(result.editorial.revision).toBe(2);
    editorials.racers = [{ ...racer, revision: 3 }];
    await expect(
      putEditorial(deps, { period: '2023-H1', content: { overview: 'c' }, expectedRevision: 2, principal }),
    ).rejects.toMatchObject({ statusCode: 412 });
  });
});

describe('getEditorial and editorialDto', () => {
  it('answers 404 naming the period until one is stored, and hides the hash and token id', async () => {
    const { deps } = setUp();
    await expect(getEditorial(deps, '2023-H1')).rejects.toMatchObject({
      statusCode: 404,
      details: [{ field: 'path.period', message: 'not found' }],
    });
    await putEditorial(deps, { period: '2023-H1', content: { themes: { talent: 't' } }, principal });
    expect(editorialDto(await getEditorial(deps, '2023-H1'))).toEqual({
      period: '2023-H1',
      revision: 1,
      updatedAt: NOW.toISOString(),
      themes: { talent: 't' },
    });
  });
});

describe('normaliseEditorial', () => {
  it('stores NFC text with "\\n" line breaks and themes in id order, so equal text hashes equally', () => {
    const a = normaliseEditorial({ overview: 'Cafe\u0301\r\nx', themes: { talent: '2', political: '1' } });
    const b = normaliseEditorial({ themes: { political: '1', talent: '2' }, overview: 'Caf\u00e9\nx' });
    expect(a).toEqual({ overview: 'Caf\u00e9\nx', themes: { political: '1', talent: '2' } });
    expect(Object.keys(a.themes ?? {})).toEqual(['political', 'talent']);
    expect(editorialHash(a)).toBe(editorialHash(b));
    expect(editorialHash(a)).not.toBe(editorialHash({ ...a, nextSteps: 'n' }));
    expect(normaliseEditorial({ themes: {} })).toEqual({});
  });
});
