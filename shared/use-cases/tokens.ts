/**
 * API tokens: random secrets shown once, stored only as a sha256 hash. The token id is derived from
 * the hash, so the authorizer finds a token with one GetItem and no secondary index, and the local
 * ADMIN_TOKEN (any string of 32+ characters) fits the same scheme.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULTS, MAX_TOKEN_LIFETIME_DAYS } from '../config/names';
import { NotFoundError, ValidationError } from '../errors/app-error';
import type { Principal, Role } from '../domain/access';
import type {
  DepartmentRepository,
  TokenCursor,
  TokenPage,
  TokenRecord,
  TokenReader,
  TokenRepository,
} from '../ports/repositories';
import type { Clock } from './clock';

/** Recognisable in logs, configuration files and secret scanners. */
export const TOKEN_PREFIX = 'shwc_';
export const MIN_SECRET_LENGTH = 32;

/** How long a token lives when the admin does not say; configurable per stage (TOKEN_LIFETIME_DAYS). */
export const DEFAULT_TOKEN_LIFETIME_DAYS = DEFAULTS.tokenLifetimeDays;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TokenDependencies {
  tokens: TokenRepository;
  departments: DepartmentRepository;
  clock: Clock;
  /** @default DEFAULT_TOKEN_LIFETIME_DAYS */
  tokenLifetimeDays?: number;
}

function sha256(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What tokenIdOf produces: 20 hex digits. */
export const TOKEN_ID_PATTERN = /^[0-9a-f]{20}$/;

/** The first 80 bits of the hash: unique in practice, and useless for recovering the secret. */
export function tokenIdOf(secret: string): string {
  return sha256(secret).slice(0, 20);
}

export function generateSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export interface CreateTokenInput {
  role: Role;
  departmentId?: string;
  label?: string;
  /** When the token stops working; absent = never (registerToken) or the default lifetime (createToken). */
  expiresAt?: Date;
}

/** Registers a given secret; the local stack and the ops command use it for the first admin token. */
export async function registerToken(
  deps: Pick<TokenDependencies, 'tokens' | 'clock'>,
  secret: string,
  input: CreateTokenInput,
  now: Date = deps.clock(),
) {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(`A token must have at least ${MIN_SECRET_LENGTH} characters`);
  const record: TokenRecord = {
    tokenId: tokenIdOf(secret),
    secretHash: sha256(secret),
    role: input.role,
    ...(input.departmentId ? { departmentId: input.departmentId } : {}),
    ...(input.label ? { label: input.label } : {}),
    createdAt: now.toISOString(),
    ...(input.expiresAt ? { expiresAt: input.expiresAt.toISOString() } : {}),
  };
  await deps.tokens.create(record);
  return record;
}

/**
 * Input: the role (and department) the token acts as.
 * Output: the token record and the secret, which is never shown again.
 * Primary course: 1. check the expiry (in the future, at most MAX_TOKEN_LIFETIME_DAYS ahead; default
 * the configured lifetime); 2. check the department binding; 3. generate a secret; 4. store its hash.
 */
export async function createToken(deps: TokenDependencies, input: CreateTokenInput) {
  const now = deps.clock();
  const expiresAt =
    input.expiresAt ??
    new Date(now.getTime() + (deps.tokenLifetimeDays ?? DEFAULT_TOKEN_LIFETIME_DAYS) * DAY_MS);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError('expiresAt lies in the past', [
      { field: 'body.expiresAt', message: 'must be in the future' },
    ]);
  }
  if (expiresAt.getTime() > now.getTime() + MAX_TOKEN_LIFETIME_DAYS * DAY_MS) {
    throw new ValidationError(`A token may live at most ${MAX_TOKEN_LIFETIME_DAYS} days`, [
      { field: 'body.expiresAt', message: `must be at most ${MAX_TOKEN_LIFETIME_DAYS} days ahead` },
    ]);
  }
  if (input.role === 'department') {
    if (!input.departmentId) {
      throw new ValidationError('A department token needs a departmentId', [
        { field: 'body.departmentId', message: 'required for role department' },
      ]);
    }
    if (!(await deps.departments.get(input.departmentId))) {
      throw new NotFoundError(`Unknown department ${input.departmentId}`, [
        { field: 'body.departmentId', message: 'no such department' },
      ]);
    }
  } else if (input.departmentId) {
    throw new ValidationError(`A ${input.role} token is not bound to a department`, [
      { field: 'body.departmentId', message: `not allowed for role ${input.role}` },
    ]);
  }
  const secret = generateSecret();
  const record = await registerToken(deps, secret, { ...input, expiresAt }, now);
  return { record, secret };
}

/** At most this many tokens per page of the listing. */
export const MAX_TOKEN_PAGE = 100;
export const DEFAULT_TOKEN_PAGE = 50;

/** Tokens, oldest first, a page at a time; never their secrets or hashes. */
export async function listTokens(
  deps: Pick<TokenDependencies, 'tokens'>,
  input: { limit?: number; after?: TokenCursor },
): Promise<TokenPage> {
  return deps.tokens.list(input.limit ?? DEFAULT_TOKEN_PAGE, input.after);
}

export async function revokeToken(deps: TokenDependencies, tokenId: string): Promise<void> {
  if (!(await deps.tokens.revoke(tokenId, deps.clock()))) {
    throw new NotFoundError(`Unknown token ${tokenId}`, [
      { field: 'path.tokenId', message: 'no such token' },
    ]);
  }
}

/** Why a token was refused when the refusal is worth telling its holder: they need a new token. */
export const EXPIRED_TOKEN = 'expired token';

/** The principal a bearer secret stands for, or a reason it stands for nobody. */
export async function authenticateSecret(
  tokens: TokenReader,
  secret: string,
  now: Date,
): Promise<{ principal: Principal } | { reason: string }> {
  if (secret.length < MIN_SECRET_LENGTH) return { reason: 'malformed token' };
  const record = await tokens.get(tokenIdOf(secret));
  const hash = Buffer.from(sha256(secret), 'hex');
  if (!record || !timingSafeEqual(hash, Buffer.from(record.secretHash, 'hex')))
    return { reason: 'unknown token' };
  if (record.revokedAt) return { reason: 'revoked token' };
  // Tokens issued before tokens could expire have no expiresAt and never do.
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return { reason: EXPIRED_TOKEN };
  return {
    principal: {
      tokenId: record.tokenId,
      role: record.role,
      ...(record.departmentId ? { departmentId: record.departmentId } : {}),
    },
  };
}
