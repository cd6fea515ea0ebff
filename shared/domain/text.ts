/**
 * The rules for every free text the API stores: report titles and details, department names, token
 * labels, and any editorial text to come. Text that passes can be written unchanged into every document
 * format (HTML, Markdown, the XML inside a .docx) and reads on screen as its author saw it.
 *
 * - Control characters are refused except tab and line breaks. XML 1.0 forbids the C0 ones outright (a
 *   NUL would break the Word document) and in HTML and Markdown they reach the reader raw; DEL and the C1
 *   controls are as invisible, so they go too.
 * - A carriage return is a line break: CRLF (Windows, form posts) and a lone CR are stored as LF, so the
 *   same text has one stored form whichever system sent it.
 * - Unpaired surrogates (possible in JSON through "\ud800" escapes) are not Unicode text and cannot be
 *   encoded as UTF-8; the noncharacters U+FFFE and U+FFFF are excluded from XML. Both are refused.
 * - A required text must show something: only spaces and invisible characters (zero-width spaces, joiners,
 *   byte-order marks, fillers) count as blank.
 * - Lengths count code points of the stored form (NFC, LF line breaks), as JSON Schema's maxLength does.
 */

/** A control character (C0, DEL, C1) other than tab, line feed and carriage return. */
const FORBIDDEN_CONTROL = /(?![\t\n\r])\p{Cc}/u;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NONCHARACTER = /[\uFFFE\uFFFF]/;
/**
 * What renders as nothing: white space, default-ignorable code points (zero-width space and joiners,
 * variation selectors, Hangul fillers, the byte-order mark), format and control characters, and the
 * blank Braille pattern that is often used as an "invisible" name.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\u2800]*$/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why the text cannot be stored, or undefined when it can. */
export function textFault(text: string): string | undefined {
  if (UNPAIRED_SURROGATE.test(text)) return 'must be Unicode text; it contains an unpaired surrogate';
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) {
    return `must not contain the control character ${codePoint(control[0])}; only tab and line breaks are allowed`;
  }
  const nonCharacter = NONCHARACTER.exec(text);
  if (nonCharacter) return `must not contain the noncharacter ${codePoint(nonCharacter[0])}`;
  return undefined;
}

/** True when the text shows nothing: empty, spaces, or invisible characters only. */
export function isBlank(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

/** The stored form: NFC, with every line break as LF. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n');
}

/** Length in code points of the stored form. */
export function textLength(text: string): number {
  let length = 0;
  for (const _ of normaliseText(text)) length++;
  return length;
}

export interface TextRule {
  /** Most code points of the stored form. */
  max: number;
  /** Must not be blank. */
  required?: boolean;
}

/** Every rule above for one field: the first fault, or undefined. */
export function checkText(text: string, rule: TextRule): string | undefined {
  const fault = textFault(text);
  if (fault) return fault;
  if (rule.required && isBlank(text))
    return 'must not be blank: spaces and invisible characters alone do not count';
  if (textLength(text) > rule.max) return `must be at most ${rule.max} characters`;
  return undefined;
}
