/**
 * The size of an item as DynamoDB counts it against its 400 KB item limit, from the "Item sizes and
 * formats" rules of the DynamoDB developer guide:
 *
 * | value              | size                                                               |
 * |--------------------|--------------------------------------------------------------------|
 * | attribute name     | its UTF-8 bytes (map keys too)                                     |
 * | string             | its UTF-8 bytes                                                    |
 * | number             | 1 byte per two significant digits (leading and trailing zeros off), + 1 |
 * | binary             | its raw bytes                                                      |
 * | boolean, null      | 1 byte                                                             |
 * | list, map          | 3 bytes + 1 byte per element + the elements                        |
 * | set                | its elements                                                       |
 *
 * Strings count UTF-8 bytes, not characters: text that grows when normalised (U+1D160, 4 bytes, is
 * 12 bytes in NFC) can pass a limit on the request body and still be too large to store. dynalite counts
 * UTF-16 units and would not notice; DynamoDB refuses the write with a ValidationException.
 */

/** DynamoDB's item size limit: 400 KB. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Number size: the significant digits of the decimal form, two to a byte, plus one byte. */
function numberSize(value: number | bigint): number {
  const text = typeof value === 'bigint' ? value.toString() : String(value);
  const [mantissa = ''] = text.replace(/^-/, '').split(/e/i);
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((sum, element) => sum + valueSize(element), 0);
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, element) => sum + 1 + valueSize(element), 3);
  }
  if (typeof value === 'object') {
    // lib-dynamodb drops undefined attributes (removeUndefinedValues), so they take no space.
    return Object.entries(value as Record<string, unknown>)
      .filter(([, element]) => element !== undefined)
      .reduce((sum, [name, element]) => sum + 1 + utf8Bytes(name) + valueSize(element), 3);
  }
  throw new TypeError(`DynamoDB cannot store a value of type ${typeof value}`);
}

/** Bytes the item takes against the item size limit, as DynamoDB counts them. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) size += utf8Bytes(name) + valueSize(value);
  }
  return size;
}
