/**
 * The one error family of the project. Use cases throw these; shared/http maps them to responses in
 * exactly one place. `expose` follows middy's rule: only a 4xx message may reach the caller.
 */
export interface ErrorDetail {
  /** The field at fault, as a dotted path into the request ("body.items.0.metrics.1.value", "path.week"). */
  field: string;
  message: string;
}

/**
 * Every `error.code` the API answers with; the OpenAPI document lists them as an enum, and a test keeps
 * this list and the error classes in step.
 */
export const ERROR_CODES = [
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly expose: boolean;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.expose = statusCode < 500;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(400, 'validation_failed', message, details, options);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super(401, 'unauthorized', message, [{ field: 'header.authorization', message }]);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(403, 'forbidden', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(404, 'not_found', message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(409, 'conflict', message, details);
  }
}

export class PreconditionFailedError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(412, 'precondition_failed', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'payload_too_large', message, [{ field: 'body', message }]);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(415, 'unsupported_media_type', message, [{ field: 'header.content-type', message }]);
  }
}
