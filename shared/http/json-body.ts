/**
 * Request bodies are parsed with lossless-json rather than JSON.parse: a metric value sent as a JSON
 * number (`1300.10`) must reach the decimal code as the digits the client wrote, never as a binary
 * floating-point double. Numbers therefore arrive as LosslessNumber; the schemas decide where they are
 * allowed.
 */
import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';
import * as z from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors/app-error';
import { MAX_BODY_BYTES } from '../config/names';

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
  try {
    return parse(bytes.toString('utf8'));
  } catch (error) {
    const message = `Malformed JSON: ${(error as Error).message}`;
    throw new ValidationError(message, [{ field: 'body', message }], { cause: error });
  }
}

/** A JSON number exactly as written, kept as text. */
export const JsonNumber = z
  .custom<LosslessNumber>((value) => isLosslessNumber(value), 'expected a number')
  .transform((value) => value.toString())
  .meta({ type: 'number' });
