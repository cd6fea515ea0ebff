/**
 * The import command's only way to the system: the public HTTP API with a bearer token, so the same
 * command works against the local stack and a deployment. Throttling (429) and server errors (5xx) are
 * retried with exponential backoff and jitter; that is safe for report submits because the API treats
 * an identical resubmit as a no-op.
 */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first pause; each further pause doubles, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  /** Retries taken so far, for the final report. */
  retries = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const url = this.baseUrl.replace(/\/+$/, '') + path;
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
      } catch (error) {
        // Connection refused or reset: as transient as a 503.
        failure = error;
      }
      const transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || attempt >= this.retry.attempts) {
        if (!response) throw new Error(`${method} ${url}: ${(failure as Error).message}`, { cause: failure });
        const text = await response.text();
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        return { status: response.status, body: parsed as T, text };
      }
      await response?.body?.cancel();
      this.retries++;
      const retryAfter = Number(response?.headers.get('retry-after'));
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.random() * backoff,
      );
    }
  }
}

/** The API's own explanation of a failed response, in one line. */
export function describeFailure(response: ApiResponse): string {
  const error = (response.body as ApiErrorBody | undefined)?.error;
  if (!error) return `HTTP ${response.status}`;
  const details = (error.details ?? []).map((detail) => `${detail.field}: ${detail.message}`).join('; ');
  return `HTTP ${response.status} ${error.code ?? ''}: ${error.message ?? ''}${details ? ` (${details})` : ''}`;
}
