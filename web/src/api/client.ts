/**
 * The API client: openapi-fetch over the types generated from the route contracts. The token rides in
 * the Authorization header only, never in a URL, and is never logged.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

export interface ApiErrorBody {
  error: { code: string; message: string; details: { field: string; message: string }[] };
}

export function isApiError(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export function createApi(getToken: () => string | undefined) {
  const client = createClient<paths>({ baseUrl: window.location.origin });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = getToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** A message for the user from an error answer, or the status when the body says nothing. */
export function errorMessage(error: unknown, response: Response | undefined): string {
  if (isApiError(error)) return error.error.message;
  if (response?.status === 403) return '没有权限执行此操作';
  return `请求失败（${response?.status ?? '网络错误'}）`;
}
