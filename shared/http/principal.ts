/**
 * How the Lambda authorizer hands the principal to the handlers: through the request context, where
 * API Gateway only passes strings, numbers and booleans, so the shape is flat. The principal itself and
 * the rules about it live in shared/domain/access.ts.
 */
import type { Role } from '../domain/access';

// The principal is domain (shared/domain/access.ts); re-exported for handlers that read it.
export type { Principal } from '../domain/access';

/** The authorizer's context. `authenticated: false` means the token was missing, unknown, revoked or expired. */
export type AuthorizerContext =
  | { authenticated: true; tokenId: string; role: Role; departmentId?: string }
  | { authenticated: false; reason: string };
