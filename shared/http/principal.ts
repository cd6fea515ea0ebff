/**
 * Who is calling: decided by the Lambda authorizer and handed to the handlers through the request
 * context. API Gateway only passes strings, numbers and booleans there, so the shape is flat.
 */
import type { Role } from './contract';

export interface Principal {
  tokenId: string;
  role: Role;
  /** Set for the department role only. */
  departmentId?: string;
}

/** The authorizer's context. `authenticated: false` means the token was missing, unknown or revoked. */
export type AuthorizerContext =
  | { authenticated: true; tokenId: string; role: Role; departmentId?: string }
  | { authenticated: false; reason: string };
