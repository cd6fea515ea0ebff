import {
  clearEditorialDraft,
  editorialDraftKey,
  editorialInputId,
  fieldsFromStored,
  fieldsToBody,
  hasChanges,
  loadEditorialDraft,
  mapEditorialErrors,
  saveEditorialDraft,
  textLength,
  themeInputId,
  type KeyValueStore,
} from '../../../../web/src/form/editorial-form';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

describe('the editorial form', () => {
  it('starts empty when the period has no editorial yet (the API answered 404)', () => {
    expect(fieldsFromStored(null)).toEqual({ overview: '', themes: {}, nextSteps: '' });
  });

  it('fills the form from the stored revision', () => {
    expect(
      fieldsFromStored({ revision: 2, overview: '总体', themes: { talent: '人才' }, nextSteps: '下一步' }),
    ).toEqual({ overview: '总体', themes: { talent: '人才' }, nextSteps: '下一步' });
  });

  it('sends only the texts that were written, so an emptied field is unset by the PUT', () => {
    expect(
      fieldsToBody({
        overview: '总体情况良好',
        themes: { political: '  ', talent: '引才' },
        nextSteps: '\n',
      }),
    ).toEqual({ overview: '总体情况良好', themes: { talent: '引才' } });
    expect(fieldsToBody({ overview: '', themes: {}, nextSteps: '' })).toEqual({});
  });

  it('keeps the text as written: line breaks and inner spaces are the paragraphs the reviewer meant', () => {
    expect(fieldsToBody({ overview: '第一段\n\n第二段 ', themes: {}, nextSteps: '' }).overview).toBe(
      '第一段\n\n第二段 ',
    );
  });

  it('sees a change only where the stored content would differ', () => {
    const stored = { revision: 1, overview: '总体', themes: { talent: '人才', political: '政治' } };
    expect(
      hasChanges({ overview: '总体', themes: { political: '政治', talent: '人才' }, nextSteps: '' }, stored),
    ).toBe(false);
    // A theme emptied in the form is a change; a theme never written and left blank is not.
    expect(
      hasChanges({ overview: '总体', themes: { political: '', talent: '人才' }, nextSteps: '' }, stored),
    ).toBe(true);
    expect(hasChanges({ overview: '', themes: { political: ' ' }, nextSteps: '' }, null)).toBe(false);
    expect(hasChanges({ overview: '', themes: {}, nextSteps: '下一步' }, null)).toBe(true);
  });

  it('puts each API field error beside the textarea it names', () => {
    expect(editorialInputId('body.overview')).toBe('editorial-overview');
    expect(editorialInputId('body.nextSteps')).toBe('editorial-next-steps');
    expect(editorialInputId('body.themes.talent')).toBe(themeInputId('talent'));
    expect(editorialInputId('body.themes')).toBeUndefined();
    expect(
      mapEditorialErrors([
        { field: 'body.overview', message: 'must not be blank' },
        { field: 'body.themes.talent', message: 'at most 2000 characters' },
        { field: 'header.if-match', message: 'must be a revision such as "3"' },
      ]),
    ).toEqual({
      byInput: {
        'editorial-overview': ['不能为空（只有空格不算）'],
        'editorial-theme-talent': ['at most 2000 characters'],
      },
      general: ['header.if-match：must be a revision such as "3"'],
    });
  });

  it('counts characters as the API does: code points of the NFC form, CRLF as one', () => {
    expect(textLength('人才工作')).toBe(4);
    expect(textLength('😀')).toBe(1);
    expect(textLength('e\u0301')).toBe(1);
    expect(textLength('a\r\nb')).toBe(3);
  });

  it('keeps a draft per period until it is cleared', () => {
    const store = new MemoryStore();
    const draft = {
      baseRevision: 2,
      fields: { overview: '草稿', themes: { talent: '人才' }, nextSteps: '' },
      savedAt: '2023-07-03T04:00:00.000Z',
    };
    saveEditorialDraft(store, '2023-H1', draft);
    expect(loadEditorialDraft(store, '2023-H1')).toEqual(draft);
    expect(loadEditorialDraft(store, '2023-Q1')).toBeUndefined();
    clearEditorialDraft(store, '2023-H1');
    expect(loadEditorialDraft(store, '2023-H1')).toBeUndefined();
  });

  it('drops a draft it cannot read rather than trust it', () => {
    const store = new MemoryStore();
    for (const text of [
      '{not json',
      JSON.stringify({ baseRevision: 1, savedAt: 'x', fields: { overview: 1, themes: {}, nextSteps: '' } }),
      JSON.stringify({
        baseRevision: 1,
        savedAt: 'x',
        fields: { overview: '', themes: { a: 2 }, nextSteps: '' },
      }),
    ]) {
      store.setItem(editorialDraftKey('2023-H1'), text);
      expect(loadEditorialDraft(store, '2023-H1')).toBeUndefined();
      expect(store.map.size).toBe(0);
    }
  });
});
