import { checkText, isBlank, normaliseText, textFault, textLength } from '../../../../shared/domain/text';

describe('textFault', () => {
  test.each([
    ['plain Chinese', '组织全区党员干部分批次参加专题轮训。'],
    ['tab and line breaks', 'a\tb\nc\r\nd\re'],
    ['a character outside the BMP', '\u{20000}𝅘𝅥𝅮'],
    ['an emoji joined with ZWJ', '👩\u200d💻'],
    ['markup, which is escaped when rendered', '<script>&amp;'],
    ['the replacement character itself', '\ufffd'],
  ])('It should accept %s', (_case, text) => {
    expect(textFault(text)).toBeUndefined();
  });

  test.each([
    ['NUL', 'a\u0000', 'U+0000'],
    ['BEL', '\u0007', 'U+0007'],
    ['ESC', '\u001b[31m', 'U+001B'],
    ['vertical tab', 'a\u000bb', 'U+000B'],
    ['form feed', 'a\u000cb', 'U+000C'],
    ['DEL', 'a\u007f', 'U+007F'],
    ['a C1 control', 'a\u0085', 'U+0085'],
    ['a lone high surrogate', 'a\ud800b', 'unpaired surrogate'],
    ['a lone low surrogate', '\udc00', 'unpaired surrogate'],
    ['surrogates in the wrong order', '\udc00\ud800', 'unpaired surrogate'],
    ['the noncharacter U+FFFE', 'a\ufffe', 'U+FFFE'],
    ['the noncharacter U+FFFF', '\uffff', 'U+FFFF'],
  ])('It should refuse %s', (_case, text, words) => {
    expect(textFault(text)).toContain(words);
  });
});

describe('isBlank', () => {
  test.each([
    ['empty', ''],
    ['spaces', '  '],
    ['an ideographic space and a no-break space', '\u3000\u00a0'],
    ['zero-width spaces', '\u200b\u200b'],
    ['joiners and a byte-order mark', '\u200c\u200d\u2060\ufeff'],
    ['a soft hyphen and a variation selector', '\u00ad\ufe0f'],
    ['Hangul fillers', '\u3164\u115f'],
    ['the blank Braille pattern', '\u2800'],
    ['line breaks and tabs', '\n\t\r\n'],
  ])('It should find %s blank', (_case, text) => {
    expect(isBlank(text)).toBe(true);
  });

  test.each([
    ['a letter among invisibles', '\u200ba\u200b'],
    ['a full stop', '。'],
    ['a digit', '0'],
  ])('It should not find %s blank', (_case, text) => {
    expect(isBlank(text)).toBe(false);
  });
});

describe('normaliseText and textLength', () => {
  test('It should compose to NFC and make every line break LF', () => {
    expect(normaliseText('Cafe\u0301\r\nb\rc\n')).toBe('Caf\u00e9\nb\nc\n');
  });

  test('It should count code points of the stored form', () => {
    expect(textLength('e\u0301')).toBe(1);
    expect(textLength('\u{20000}')).toBe(1);
    expect(textLength('a\r\nb')).toBe(3);
    // U+1D160 has no composed form: NFC spells it as three code points.
    expect(textLength('\u{1D160}')).toBe(3);
  });
});

describe('checkText', () => {
  test('It should give the first fault of a field: characters, then blankness, then length', () => {
    expect(checkText('\u200b\u0000', { max: 1, required: true })).toContain('U+0000');
    expect(checkText('\u200b', { max: 0, required: true })).toContain('blank');
    expect(checkText('\u200b', { max: 5 })).toBeUndefined();
    expect(checkText('abc', { max: 2 })).toBe('must be at most 2 characters');
    expect(checkText('ab', { max: 2, required: true })).toBeUndefined();
  });
});
