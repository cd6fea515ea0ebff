/**
 * A route's contract: who may call it and the zod schemas of its inputs and outputs. The handler
 * validates requests with these schemas and the OpenAPI document is generated from them, so the two
 * cannot drift apart.
 */
import type * as z from '../validation/zod';
import type { Access } from '../domain/access';

// The roles are domain (shared/domain/access.ts); re-exported for the HTTP side's schemas and handlers.
export { ROLES, type Role } from '../domain/access';

export interface ResponseContract {
  description: string;
  schema?: z.ZodMiniType;
  /** The media type of a binary body (a workbook), documented instead of a JSON schema. */
  mediaType?: string;
  /** Response headers worth documenting (ETag, Location). */
  headers?: Record<string, string>;
}

export interface RouteContract<
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
  B extends z.ZodMiniType = z.ZodMiniType,
> {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * 'public' for the routes that need no token. This is the one place that says a route is public: the
   * API Gateway authorizer, the local gateway and the OpenAPI security are derived from it
   * (functions/contracts.ts `apiRoutes`).
   */
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads (If-Match). */
  headers?: Record<string, string>;
  responses: Record<number, ResponseContract>;
}

/** Identity helper that keeps the schema types for the handler. */
export function defineContract<P extends z.ZodMiniType, Q extends z.ZodMiniType, B extends z.ZodMiniType>(
  contract: RouteContract<P, Q, B>,
): RouteContract<P, Q, B> {
  return contract;
}
