import { itemSize, MAX_ITEM_BYTES } from '../../../../../shared/adapters/dynamodb/item-size';

describe('itemSize', () => {
  test.each<[string, Record<string, unknown>, number]>([
    ['an ASCII string: name and value bytes', { id: 'abc' }, 2 + 3],
    ['CJK text: three UTF-8 bytes a character, in the name too', { 名: '中文' }, 3 + 6],
    ['a character outside the BMP: four bytes, not two UTF-16 units', { s: '\u{1D160}' }, 1 + 4],
    ['U+1D160 in NFC: three such characters', { s: '\u{1D160}'.normalize('NFC') }, 1 + 12],
    ['an empty string', { s: '' }, 1],
    ['booleans and null: one byte each', { yes: true, no: false, none: null }, 4 + 3 + 5],
    ['a number of three significant digits', { n: 123 }, 1 + 3],
    ['a number whose trailing zeros do not count', { n: 1000000 }, 1 + 2],
    ['a fraction whose leading zeros do not count', { n: 0.000123 }, 1 + 3],
    ['a negative number', { n: -45.5 }, 1 + 3],
    ['zero', { n: 0 }, 1 + 2],
    ['an empty list: three bytes', { l: [] }, 1 + 3],
    ['a list: one more byte per element', { l: ['a', 1, true] }, 1 + 3 + (1 + 1) + (1 + 2) + (1 + 1)],
    ['an empty map', { m: {} }, 1 + 3],
    ['a map: its keys count too', { m: { key: 'v', ключ: 1 } }, 1 + 3 + (1 + 3 + 1) + (1 + 8 + 2)],
    ['nested lists and maps', { m: { a: [{ b: 'c' }] } }, 1 + 3 + (1 + 1 + (3 + 1 + (3 + 1 + 1 + 1)))],
    ['binary: its raw bytes', { b: new Uint8Array([1, 2, 3]) }, 1 + 3],
    ['a string set: its elements', { s: new Set(['a', 'bb']) }, 1 + 3],
    [
      'undefined attributes, which are not written',
      { a: 'x', gone: undefined, m: { gone: undefined } },
      2 + 4,
    ],
  ])('It should count %s', (_case, item, bytes) => {
    expect(itemSize(item)).toBe(bytes);
  });

  // Boundaries found by writing items of growing size to DynamoDB Local (amplify-dynamodb-simulator
  // 2.9.30): the largest item it stored and the smallest it refused, for each of these shapes.
  test.each<[string, (n: number) => Record<string, unknown>, number]>([
    ['an ASCII item', (n) => ({ pk: 'P', sk: 'S', s: 'x'.repeat(n) }), 409_593],
    [
      'an item with CJK and astral text',
      (n) => ({ pk: 'P', sk: 'S', 名字: '中'.repeat(1000), s: '\u{1D158}'.repeat(1000) + 'x'.repeat(n) }),
      402_587,
    ],
    [
      'a report-shaped item',
      (n) => ({
        pk: 'REPORT#qwb',
        sk: '2023-W23#000001',
        departmentId: 'qwb',
        revision: 12,
        late: false,
        nothing: null,
        items: [
          {
            theme: 'political',
            title: '标题',
            highlight: true,
            metrics: [{ metric: 'm', value: '1300', unit: '人次' }],
            detail: 'x'.repeat(n),
          },
          { theme: 't', title: 'b', metrics: [] },
        ],
      }),
      409_403,
    ],
  ])('It should put %s at the limit exactly where DynamoDB Local does', (_case, shape, largest) => {
    // `largest` is the padding of the largest item DynamoDB Local stored; one more byte it refused.
    expect(itemSize(shape(largest))).toBe(MAX_ITEM_BYTES);
    expect(itemSize(shape(largest + 1))).toBe(MAX_ITEM_BYTES + 1);
  });

  test('It should refuse a value DynamoDB cannot store', () => {
    expect(() => itemSize({ f: () => 1 })).toThrow(TypeError);
  });
});
