/**
 * Report bodies and assertions shared by the ingestion tests.
 */
import type { ApiResponse, TestStack } from './stack';

export interface MetricInput {
  metric: string;
  value: string | number;
  unit?: string;
}

export interface ItemInput {
  theme: string;
  title: string;
  detail?: string;
  highlight?: boolean;
  metrics?: MetricInput[];
}

/** One political item counting cadres trained; `title` tells revisions apart. */
export function reportBody(title = '专题轮训全覆盖', extra: Record<string, unknown> = {}) {
  return {
    items: [
      {
        theme: 'political',
        title,
        detail: '组织全区党员干部分批次参加专题轮训。',
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value: '1300' }],
      },
    ],
    ...extra,
  };
}

export function reportPath(departmentId: string, week: string) {
  return `/v1/departments/${departmentId}/reports/${week}`;
}

export interface ErrorBody {
  error: { code: string; message: string; details: { field: string; message: string }[] };
}

/** The fields named in an error response's `details`. */
export function faultFields(response: ApiResponse<ErrorBody>): string[] {
  return response.body?.error?.details?.map((detail) => detail.field) ?? [];
}

/** Everything a department has stored in a half-year, as text: equal snapshots mean nothing was written. */
export async function storedState(api: TestStack, departmentId: string, period: string) {
  const response = await api.request('GET', `/v1/departments/${departmentId}/reports?period=${period}`);
  if (response.status !== 200) throw new Error(`list: ${response.status} ${response.text}`);
  return response.text;
}
