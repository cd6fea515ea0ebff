/**
 * Request bodies are parsed with lossless-json rather than JSON.parse: a metric value sent as a JSON
 * number (`1300.10`) must reach the decimal code as the digits the client wrote, never as a binary
 * floating-point double. Numbers therefore arrive as LosslessNumber; the schemas decide where they are
 * allowed.
 *
 * JSON text is UTF-8 (RFC 8259). API Gateway hands a JSON body over as text, but a body it hands over as
 * bytes (base64) is decoded strictly: bytes that are not UTF-8 are refused rather than silently replaced
 * by U+FFFD, which would store something the client never sent.
 */
import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';
import * as z from '../validation/zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors/app-error';
import { MAX_BODY_BYTES } from '../config/names';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    throw new ValidationError(
      'The request body is not valid UTF-8',
      [{ field: 'body', message: 'must be JSON text encoded as UTF-8' }],
      { cause: error },
    );
  }
}

export function parseJsonBody(
  rawBody: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
): unknown {
  if (rawBody === undefined || rawBody === '') {
    throw new ValidationError('The request body is required', [{ field: 'body', message: 'required' }]);
  }
  const bytes = Buffer.from(rawBody, isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaTypeError('The request body must be application/json');
  }
  const text = isBase64Encoded ? decodeUtf8(bytes) : rawBody;
  try {
    return parse(text);
  } catch (error) {
    const message = `Malformed JSON: ${(error as Error).message}`;
    throw new ValidationError(message, [{ field: 'body', message }], { cause: error });
  }
}

/** A JSON number exactly as written, kept as text. */
export const JsonNumber = z.withMeta(
  z.pipe(
    z.custom<LosslessNumber>((value) => isLosslessNumber(value), 'expected a number'),
    z.transform((value: LosslessNumber) => value.toString()),
  ),
  { type: 'number' },
);
