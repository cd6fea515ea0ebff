/**
 * Helpers shared by the summaries integration tests: 2023 weeks and their deadlines, report submission as
 * the admin (who may set submittedAt to import history), generating a summary and following a download.
 * They throw on an unexpected answer instead of asserting, so a test's own expectations stay in the test.
 */
import { createHash } from 'node:crypto';
import type { ProvenanceDocument } from '../../../shared/domain/summary';
import type { ApiResponse, TestStack } from '../support/stack';

export const ORG_NAME = '张湾区委组织部';

/** "2023-W07". 2023-W01 starts on Monday 2 January, so every 2023 week is easy to name by number. */
export function week2023(n: number): string {
  return `2023-W${String(n).padStart(2, '0')}`;
}

/** The weeks from..to of 2023, inclusive. */
export function weeks2023(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => week2023(from + i));
}

/** The deadline of 2023 week n: Monday 12:00 Asia/Shanghai (04:00 UTC) after the week. */
export function deadline2023(n: number): Date {
  return new Date(Date.UTC(2023, 0, 2 + 7 * n, 4));
}

const HOUR = 3600 * 1000;

/** Monday 09:00 in Shanghai after the week: three hours before the deadline. */
export function onTime(n: number, plusHours = 0): string {
  return new Date(deadline2023(n).getTime() - 3 * HOUR + plusHours * HOUR).toISOString();
}

/** Tuesday 12:00 in Shanghai after the week: a day after the deadline. */
export function late(n: number, plusHours = 0): string {
  return new Date(deadline2023(n).getTime() + 24 * HOUR + plusHours * HOUR).toISOString();
}

export interface Metric {
  metric: string;
  value: string;
  unit?: string;
}

export interface Item {
  theme: string;
  title: string;
  detail?: string;
  highlight?: boolean;
  metrics?: Metric[];
}

/** Submits one revision as the admin; returns the stored report. */
export async function submit(
  api: TestStack,
  departmentId: string,
  week: string,
  items: Item[],
  submittedAt?: string,
): Promise<{ revision: number; submittedAt: string; onTime: boolean }> {
  const response = await api.request('PUT', `/v1/departments/${departmentId}/reports/${week}`, {
    body: { items, ...(submittedAt ? { submittedAt } : {}) },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`submit ${departmentId} ${week}: ${response.status} ${response.text}`);
  }
  return response.body;
}

export async function createDepartment(
  api: TestStack,
  departmentId: string,
  name: string,
  activeFrom?: string,
) {
  const response = await api.request('PUT', `/v1/departments/${departmentId}`, {
    body: { name, ...(activeFrom ? { activeFrom } : {}) },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`department ${departmentId}: ${response.status} ${response.text}`);
  }
}

export interface SummaryDocumentLink {
  scope: string;
  scopeName: string;
  format: string;
  href: string;
  sha256: string;
  bytes: number;
}

export interface SummaryStatus {
  period: string;
  generationId: string;
  status: 'running' | 'ready' | 'failed';
  generatedAt: string | null;
  startedAt: string;
  finishedAt?: string;
  reason?: string;
  /** Render batches done of those the generation was split into. */
  progress?: { done: number; total: number };
  documentsGenerationId: string | null;
  documentsGeneratedAt: string | null;
  documents: SummaryDocumentLink[];
}

/** POSTs a generation, waits for the background work to finish and returns the summary's status. */
export async function generate(api: TestStack, period: string, token?: string): Promise<SummaryStatus> {
  const started = await api.request('POST', `/v1/summaries/${period}`, token ? { token } : {});
  if (started.status !== 202) throw new Error(`generate ${period}: ${started.status} ${started.text}`);
  await api.stack.idle();
  const status = await api.request<SummaryStatus>('GET', `/v1/summaries/${period}`, token ? { token } : {});
  if (status.status !== 200) throw new Error(`status ${period}: ${status.status} ${status.text}`);
  return status.body;
}

export interface Download {
  /** The API's answer: a 302 to S3. */
  redirect: ApiResponse;
  location: URL;
  /** S3's answer to the presigned URL. */
  response: Response;
  bytes: Buffer;
  sha256: string;
}

/** Follows a document link the way a browser does: the API's 302, then the presigned S3 URL. */
export async function download(api: TestStack, href: string, token?: string): Promise<Download> {
  const redirect = await api.request('GET', href, token ? { token } : {});
  const location = redirect.headers.get('location');
  if (redirect.status !== 302 || !location) {
    throw new Error(`download ${href}: ${redirect.status} ${redirect.text}`);
  }
  const response = await fetch(location);
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    redirect,
    location: new URL(location),
    response,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Downloads and parses the JSON document of a scope. */
export async function summaryJson(api: TestStack, period: string, scope: string, token?: string) {
  const { response, bytes } = await download(api, `/v1/summaries/${period}/documents/${scope}/json`, token);
  if (response.status !== 200) throw new Error(`json ${scope}: ${response.status}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the document as plain JSON
  return JSON.parse(bytes.toString('utf8')) as any;
}

/** Downloads and parses the provenance file of a scope. */
export async function provenanceJson(api: TestStack, period: string, scope: string, token?: string) {
  const { response, bytes } = await download(
    api,
    `/v1/summaries/${period}/documents/${scope}/provenance`,
    token,
  );
  if (response.status !== 200) throw new Error(`provenance ${scope}: ${response.status}`);
  return JSON.parse(bytes.toString('utf8')) as ProvenanceDocument;
}
