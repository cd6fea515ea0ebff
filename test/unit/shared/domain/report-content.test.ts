import { CatalogIndex, defaultCatalog } from '../../../../shared/domain/catalog';
import {
  acceptedUnits,
  contentHash,
  convertValue,
  normaliseItems,
  type SubmittedItem,
} from '../../../../shared/domain/report-content';

const catalog = new CatalogIndex(defaultCatalog);

describe('convertValue', () => {
  test.each([
    ['1300', undefined, '1300'],
    ['1300.10', undefined, '1300.1'],
    ['0.1', '元', '0.1'],
    ['12.5', '万元', '125000'],
    ['1.23456789', '亿元', '123456789'],
    ['0.000000015', '亿元', '1.5'],
    ['1.5e3', undefined, '1500'],
    ['+7', undefined, '7'],
    ['-0', undefined, '0'],
    ['.5', undefined, '0.5'],
    ['123456789012345678', undefined, '123456789012345678'],
    ['0.000000000000000001', undefined, '0.000000000000000001'],
    ['99999999999.9999999', '亿元', '9999999999999999990'],
    // Trailing zeros of an integer are not significant: these are one digit each, like 1e18.
    ['1000000000000000000', undefined, '1000000000000000000'],
    ['1e18', undefined, '1000000000000000000'],
    ['1e15', '万元', '10000000000000000000'],
    ['1000000000000000', '万元', '10000000000000000000'],
    ['12345678901234567800', undefined, '12345678901234567800'],
    ['0.100000000000000000000000', undefined, '0.1'],
    ['0e-999999999999999999999', undefined, '0'],
  ])('It should convert %s %s exactly to %s 元', (text, unit, expected) => {
    expect(convertValue(text, unit, '元')).toBe(expected);
  });

  test.each([
    ['NaN', undefined, 'finite decimal'],
    ['Infinity', undefined, 'finite decimal'],
    ['', undefined, 'finite decimal'],
    ['1,000', undefined, 'finite decimal'],
    ['0x10', undefined, 'finite decimal'],
    ['-5', undefined, 'not be negative'],
    ['1234567890123456789', undefined, '18 significant digits'],
    ['0.1234567890123456789', undefined, '18 significant digits'],
    ['1e999', undefined, 'less than 10^20'],
    ['100000000000000000000', undefined, 'less than 10^20'],
    ['1000000000000', '亿元', 'less than 10^20'],
    ['1e-19', undefined, '18 decimal places'],
    ['1e-100000', undefined, '18 decimal places'],
    // Beyond decimal.js's exponent range: it would turn these into 0.
    ['1e-999999999999999999999', undefined, '18 decimal places'],
    ['0.5e-9000000000000001', undefined, '18 decimal places'],
    ['1e999999999999999999999', undefined, 'less than 10^20'],
    ['12345678901234567890', undefined, '18 significant digits'],
    ['1234567890123456789e-3', undefined, '18 significant digits'],
    ['3', '千元', 'unit 千元 is not accepted; use one of 元, 万元, 亿元'],
    ['3', '万', 'not accepted'],
    ['3', '万万元', 'not accepted'],
  ])('It should refuse %s %s: %s', (text, unit, fault) => {
    const result = convertValue(text, unit, '元');
    expect(result).toEqual({ fault: expect.stringContaining(fault) });
  });

  test('It should name the catalog unit and its prefixed forms as the accepted units', () => {
    expect(acceptedUnits('人次')).toEqual(['人次', '万人次', '亿人次']);
  });
});

const item = (overrides: Partial<SubmittedItem> = {}): SubmittedItem => ({
  theme: 'talent',
  title: '人才',
  highlight: false,
  metrics: [],
  ...overrides,
});

describe('normaliseItems', () => {
  test('It should normalise text to NFC, keep it otherwise verbatim and convert values into the catalog unit', () => {
    const result = normaliseItems(
      [
        item({
          title: 'Cafe\u0301 <script>',
          detail: 'e\u0301  ',
          highlight: true,
          metrics: [{ metric: 'award-money', value: '12.5', unit: '万元' }],
        }),
      ],
      catalog,
    );
    expect(result).toEqual({
      ok: true,
      items: [
        {
          theme: 'talent',
          title: 'Caf\u00e9 <script>',
          detail: '\u00e9  ',
          highlight: true,
          metrics: [{ metric: 'award-money', value: '125000', unit: '元' }],
        },
      ],
    });
  });

  test('It should store line breaks as LF, whichever system sent them', () => {
    const result = normaliseItems([item({ title: 'a\r\nb', detail: '一\r二\n三\r\n' })], catalog);
    expect(result).toMatchObject({ ok: true, items: [{ title: 'a\nb', detail: '一\n二\n三\n' }] });
  });

  test.each([
    ['a title of invisible characters only', { title: '\u200b\u200b' }, 'body.items.0.title', 'blank'],
    ['a title with NUL', { title: 'a\u0000b' }, 'body.items.0.title', 'U+0000'],
    ['a detail with ESC', { detail: 'x\u001b[31m' }, 'body.items.0.detail', 'U+001B'],
    ['a detail with a lone surrogate', { detail: 'x\ud800' }, 'body.items.0.detail', 'surrogate'],
    ['a title over 200 characters', { title: '题'.repeat(201) }, 'body.items.0.title', '200'],
  ])(
    'It should refuse %s by the text rules, for callers that do not come through HTTP',
    (_case, overrides, field, words) => {
      const result = normaliseItems([item(overrides)], catalog);
      expect(result).toEqual({ ok: false, faults: [{ field, message: expect.stringContaining(words) }] });
    },
  );

  test('It should treat an item without highlight or metrics as not highlighted and counting nothing', () => {
    const result = normaliseItems([{ theme: 'talent', title: '座谈会' }], catalog);
    expect(result).toEqual({
      ok: true,
      items: [{ theme: 'talent', title: '座谈会', highlight: false, metrics: [] }],
    });
  });

  test('It should accept a unit written in decomposed form', () => {
    // "万" has no decomposition, but the comparison must happen on NFC text all the same.
    const result = normaliseItems(
      [item({ metrics: [{ metric: 'award-money', value: '1', unit: '万元'.normalize('NFD') }] })],
      catalog,
    );
    expect(result.ok).toBe(true);
  });

  test('It should name every fault with its field', () => {
    const result = normaliseItems(
      [
        item({ theme: 'economy' }),
        item({
          metrics: [
            { metric: 'gdp', value: '1' },
            { metric: 'cadres-trained', value: '1' },
            { metric: 'award-money', value: '1', unit: '美元' },
            { metric: 'graduates-recruited', value: '-1' },
            { metric: 'graduates-recruited', value: '2' },
          ],
        }),
      ],
      catalog,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.faults).toEqual([
      { field: 'body.items.0.theme', message: 'unknown theme economy' },
      { field: 'body.items.1.metrics.0.metric', message: 'unknown metric gdp' },
      {
        field: 'body.items.1.metrics.1.metric',
        message: 'metric cadres-trained belongs to theme political, not talent',
      },
      {
        field: 'body.items.1.metrics.2.unit',
        message: 'award-money: unit 美元 is not accepted; use one of 元, 万元, 亿元',
      },
      { field: 'body.items.1.metrics.3.value', message: 'graduates-recruited: must not be negative' },
      {
        field: 'body.items.1.metrics.4.metric',
        message: 'metric graduates-recruited appears twice in this item',
      },
    ]);
  });
});

describe('contentHash', () => {
  const stored = (value: string, unit?: string) => {
    const result = normaliseItems(
      [item({ metrics: [{ metric: 'award-money', value, ...(unit ? { unit } : {}) }] })],
      catalog,
    );
    if (!result.ok) throw new Error('invalid');
    return result.items;
  };

  test('It should hash equal stored content equally, however the value was written', () => {
    expect(contentHash(stored('125000'))).toBe(contentHash(stored('12.5', '万元')));
    expect(contentHash(stored('1300.10'))).toBe(contentHash(stored('1300.1')));
  });

  test('It should hash different content differently', () => {
    expect(contentHash(stored('1'))).not.toBe(contentHash(stored('2')));
  });
});
