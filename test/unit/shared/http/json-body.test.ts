import { PayloadTooLargeError, ValidationError } from '../../../../shared/errors/app-error';
import { parseJsonBody } from '../../../../shared/http/json-body';

const JSON_TYPE = 'application/json';
/** `{"name":"<bytes>"}` as raw bytes, base64-encoded the way API Gateway hands over a binary body. */
const base64Body = (...inner: number[]) =>
  Buffer.concat([Buffer.from('{"name":"'), Buffer.from(inner), Buffer.from('"}')]).toString('base64');

describe('parseJsonBody', () => {
  test('It should decode a base64 body as UTF-8', () => {
    const body = Buffer.from('{"name":"编码 𝅘𝅥𝅮"}').toString('base64');
    expect(parseJsonBody(body, true, JSON_TYPE)).toEqual({ name: '编码 𝅘𝅥𝅮' });
  });

  test('It should ignore a UTF-8 byte-order mark, as RFC 8259 allows', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"x"}')]);
    expect(parseJsonBody(body.toString('base64'), true, JSON_TYPE)).toEqual({ name: 'x' });
  });

  test.each([
    ['bytes that are never UTF-8', [0xff, 0xfe]],
    ['a truncated sequence', [0xe4, 0xb8]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a continuation byte on its own', [0x80]],
  ])('It should refuse %s with 400 naming the body instead of replacing them', (_case, bytes) => {
    const error = (() => {
      try {
        return parseJsonBody(base64Body(...bytes), true, JSON_TYPE);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      statusCode: 400,
      message: 'The request body is not valid UTF-8',
      details: [{ field: 'body', message: 'must be JSON text encoded as UTF-8' }],
    });
  });

  test('It should keep a JSON escape of a lone surrogate for the text rules to refuse by field', () => {
    expect(parseJsonBody('{"name":"\\ud800"}', false, JSON_TYPE)).toEqual({ name: '\ud800' });
  });

  test('It should check the size before the encoding', () => {
    const body = Buffer.alloc(256 * 1024 + 1, 0xff).toString('base64');
    expect(() => parseJsonBody(body, true, JSON_TYPE)).toThrow(PayloadTooLargeError);
  });
});
