/**
 * Starts the real local stack (dynalite, s3rver, the gateway and the real handlers) on free ports with
 * a fresh data dir, and gives tests a small HTTP client for it. Nothing here is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack';

export const ADMIN_TOKEN = 'local-admin-token-for-integration-tests-0123456789';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestStack {
  stack: LocalStack;
  dataDir: string;
  url: string;
  request<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    method: string,
    path: string,
    /** `rawBody` is sent as given: text as UTF-8, bytes unchanged (to send what is not UTF-8). */
    options?: {
      token?: string;
      body?: unknown;
      rawBody?: string | Uint8Array;
      headers?: Record<string, string>;
    },
  ): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: { environment?: Record<string, string>; dataDir?: string; demo?: boolean } = {},
): Promise<TestStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'showcase-it-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    adminToken: ADMIN_TOKEN,
    demo: options.demo ?? false,
    environment: { POWERTOOLS_LOG_LEVEL: 'SILENT', ...options.environment },
  });
  return {
    stack,
    dataDir,
    url: stack.url,
    async request(method, path, { token = ADMIN_TOKEN, body, rawBody, headers = {} } = {}) {
      const response = await fetch(stack.url + path, {
        method,
        redirect: 'manual',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed as never, text };
    },
    async stop() {
      await stack.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a department and a token of the department role for it; returns the secret. */
export async function departmentWithToken(api: TestStack, departmentId: string, name = departmentId) {
  const created = await api.request('PUT', `/v1/departments/${departmentId}`, { body: { name } });
  if (created.status !== 201 && created.status !== 200) throw new Error(`department: ${created.text}`);
  const token = await api.request<{ token: string }>('POST', '/v1/tokens', {
    body: { role: 'department', departmentId },
  });
  if (token.status !== 201) throw new Error(`token: ${token.text}`);
  return token.body.token;
}

export async function tokenFor(api: TestStack, role: 'admin' | 'reviewer') {
  const token = await api.request<{ token: string }>('POST', '/v1/tokens', { body: { role } });
  if (token.status !== 201) throw new Error(`token: ${token.text}`);
  return token.body.token;
}
