import { acceptedUnits } from '../../../../shared/domain/report-content';
import { defaultCatalog } from '../../../../shared/domain/catalog';
import {
  changeMetric,
  changeTheme,
  clearDraft,
  diffItems,
  draftKey,
  emptyItem,
  emptyMetric,
  inputIdForField,
  itemsFromStored,
  itemsToBody,
  loadDraft,
  mapFieldErrors,
  metricsOfTheme,
  saveDraft,
  unitChoices,
  type ItemRow,
  type KeyValueStore,
} from '../../../../web/src/form/report-form';

const catalog = defaultCatalog;

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

function item(overrides: Partial<ItemRow> = {}): ItemRow {
  return {
    key: 'k',
    theme: 'political',
    title: '专题轮训',
    detail: '',
    highlight: false,
    metrics: [],
    ...overrides,
  };
}

describe('unit choices', () => {
  it('offers exactly the units the API accepts for every catalog metric', () => {
    for (const metric of catalog.metrics)
      expect(unitChoices(metric.unit)).toEqual(acceptedUnits(metric.unit));
    expect(unitChoices('人次')).toEqual(['人次', '万人次', '亿人次']);
  });
});

describe('item and metric editing', () => {
  it('starts an item on the first theme and a metric row on the theme’s first metric in its unit', () => {
    const fresh = emptyItem(catalog);
    expect(fresh).toMatchObject({ theme: 'political', title: '', detail: '', highlight: false, metrics: [] });
    const first = metricsOfTheme(catalog, 'talent')[0]!;
    expect(emptyMetric(catalog, 'talent')).toMatchObject({ metric: first.id, value: '', unit: first.unit });
  });

  it('lists only the chosen theme’s metrics', () => {
    const ids = metricsOfTheme(catalog, 'political').map((metric) => metric.id);
    expect(ids).toContain('cadres-trained');
    expect(ids.every((id) => catalog.metrics.find((m) => m.id === id)?.theme === 'political')).toBe(true);
  });

  it('drops metric rows of another theme when the theme changes, and keeps rows that still fit', () => {
    const political = { key: 'a', metric: 'cadres-trained', value: '3', unit: '人次' };
    const changed = changeTheme(catalog, item({ metrics: [political] }), 'talent');
    expect(changed.theme).toBe('talent');
    expect(changed.metrics).toEqual([]);
    expect(changeTheme(catalog, item({ metrics: [political] }), 'political').metrics).toEqual([political]);
  });

  it('resets the unit to the new metric’s catalog unit', () => {
    const row = { key: 'a', metric: 'cadres-trained', value: '3', unit: '万人次' };
    const next = changeMetric(catalog, row, 'exemplars-commended');
    expect(next).toEqual({ key: 'a', metric: 'exemplars-commended', value: '3', unit: '名' });
  });

  it('sends items as the API takes them: no empty detail, values trimmed, units as chosen', () => {
    const body = itemsToBody([
      item({
        detail: '  ',
        metrics: [{ key: 'm', metric: 'cadres-trained', value: ' 1.5 ', unit: '万人次' }],
      }),
      item({ title: '二', detail: '详情', highlight: true }),
    ]);
    expect(body).toEqual([
      {
        theme: 'political',
        title: '专题轮训',
        highlight: false,
        metrics: [{ metric: 'cadres-trained', value: '1.5', unit: '万人次' }],
      },
      { theme: 'political', title: '二', detail: '详情', highlight: true, metrics: [] },
    ]);
  });

  it('round-trips a stored report into rows with fresh keys', () => {
    const stored = [
      {
        theme: 'political',
        title: 't',
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value: '15000', unit: '人次' }],
      },
    ];
    const rows = itemsFromStored(stored);
    expect(itemsToBody(rows)).toEqual(stored);
    expect(new Set([rows[0]!.key, rows[0]!.metrics[0]!.key]).size).toBe(2);
  });
});

describe('API error fields', () => {
  it('maps item and metric fields to the inputs that show them', () => {
    expect(inputIdForField('body.items.0.title')).toBe('items.0.title');
    expect(inputIdForField('body.items.2.metrics.1.value')).toBe('items.2.metrics.1.value');
    expect(inputIdForField('body.items.1.metrics')).toBe('items.1.metrics');
    expect(inputIdForField('body.items')).toBeUndefined();
    expect(inputIdForField('path.week')).toBeUndefined();
  });

  it('keeps errors no input stands for apart, so the page can still show them', () => {
    const mapped = mapFieldErrors([
      { field: 'body.items.0.metrics.0.value', message: 'must be a finite decimal number' },
      { field: 'body.items.0.metrics.0.value', message: 'second' },
      { field: 'header.if-match', message: 'latest revision is 3' },
    ]);
    expect(mapped.byInput).toEqual({
      'items.0.metrics.0.value': ['请填写阿拉伯数字，如 15000 或 1.5', 'second'],
    });
    expect(mapped.general).toEqual([{ field: 'header.if-match', message: 'latest revision is 3' }]);
  });
});

describe('the correction diff', () => {
  const stored = [
    {
      theme: 'political',
      title: '轮训',
      highlight: false,
      metrics: [{ metric: 'cadres-trained', value: '15000', unit: '人次' }],
    },
    { theme: 'talent', title: '座谈', highlight: false, metrics: [] },
  ];

  it('names each changed field of each item in the form’s words', () => {
    const edited = [
      { ...stored[0]!, highlight: true, metrics: [{ metric: 'cadres-trained', value: '2', unit: '万人次' }] },
      { ...stored[1]!, title: '座谈会' },
    ];
    expect(diffItems(catalog, stored, edited)).toEqual([
      { where: '事项1 亮点', before: '否', after: '是' },
      { where: '事项1 指标', before: '专题轮训干部 15000人次', after: '专题轮训干部 2万人次' },
      { where: '事项2 标题', before: '座谈', after: '座谈会' },
    ]);
  });

  it('reports added and removed items, and nothing for an unchanged report', () => {
    expect(diffItems(catalog, stored, stored)).toEqual([]);
    expect(diffItems(catalog, stored, [stored[0]!])).toEqual([
      { where: '事项2', before: '座谈', after: '（删除）' },
    ]);
    expect(diffItems(catalog, [stored[0]!], stored)).toEqual([
      { where: '事项2', before: '（无）', after: '新增：座谈' },
    ]);
  });
});

describe('drafts', () => {
  it('keeps a draft per department and week and gives it back with fresh row keys', () => {
    const store = new MemoryStore();
    const draft = { baseRevision: 2, items: [item({ title: '草稿' })], savedAt: '2026-01-01T00:00:00.000Z' };
    saveDraft(store, 'qwb', '2023-W05', draft);
    expect(loadDraft(store, 'qwb', '2023-W06')).toBeUndefined();
    expect(loadDraft(store, 'zzb', '2023-W05')).toBeUndefined();
    const loaded = loadDraft(store, 'qwb', '2023-W05');
    expect(loaded).toMatchObject({ baseRevision: 2, items: [{ title: '草稿', theme: 'political' }] });
    expect(loaded?.items[0]?.key).not.toBe('k');
    clearDraft(store, 'qwb', '2023-W05');
    expect(store.map.size).toBe(0);
  });

  it('drops a draft it cannot read instead of trusting it', () => {
    const store = new MemoryStore();
    store.setItem(draftKey('qwb', '2023-W05'), '{"items": "not a list"');
    expect(loadDraft(store, 'qwb', '2023-W05')).toBeUndefined();
    expect(store.map.size).toBe(0);
  });
});
