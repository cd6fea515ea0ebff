/**
 * A reviewer's coverage grid reads the whole roster's statuses with one Query of the week heads index;
 * a department token reads its own row with a consistent Query of its partition (shared/use-cases/
 * coverage.ts). Through the real local stack and the demo data (11 departments, 2023-H1), both paths
 * must give the same rows.
 */
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
import { onTime, submit, week2023 } from '../summaries/support';

interface CoverageRow {
  departmentId: string;
  submitted: number;
  weeks: { week: string; status: string; revision?: number }[];
}

let api: TestStack;
let reviewerToken: string;
const departmentTokens = new Map<string, string>();

async function coverage(token: string, period = '2023-H1'): Promise<CoverageRow[]> {
  const response = await api.request<{ departments: CoverageRow[] }>('GET', `/v1/coverage/${period}`, {
    token,
  });
  if (response.status !== 200) throw new Error(`coverage: ${response.status} ${response.text}`);
  return response.body.departments;
}

beforeAll(async () => {
  api = await startTestStack({ demo: true });
  reviewerToken = await tokenFor(api, 'reviewer');
  const listed = await api.request<{ departments: { departmentId: string }[] }>('GET', '/v1/departments');
  for (const { departmentId } of listed.body.departments) {
    const token = await api.request<{ token: string }>('POST', '/v1/tokens', {
      body: { role: 'department', departmentId },
    });
    departmentTokens.set(departmentId, token.body.token);
  }
}, 120_000);
afterAll(async () => {
  await api.stop();
});

test('It should give a reviewer, from the index, the rows each department reads of its own', async () => {
  const grid = await coverage(reviewerToken);
  expect(grid).toHaveLength(11);
  expect([...departmentTokens.keys()].sort()).toEqual(grid.map((row) => row.departmentId).sort());
  // The demo has reports: a grid of empty rows would equal empty per-department rows too.
  expect(grid.reduce((sum, row) => sum + row.submitted, 0)).toBeGreaterThan(100);
  for (const row of grid) {
    expect(await coverage(departmentTokens.get(row.departmentId)!)).toEqual([row]);
  }
});

test('It should show a new revision in the reviewer’s grid, as the head it moved', async () => {
  const [first] = await coverage(reviewerToken);
  const week = week2023(26);
  const before = first!.weeks.find((cell) => cell.week === week)!;
  const item = { theme: 'political', title: '专题轮训', metrics: [{ metric: 'cadres-trained', value: '3' }] };
  const stored = await submit(api, first!.departmentId, week, [item], onTime(26));
  expect(stored.revision).toBe((before.revision ?? 0) + 1);
  // dynalite updates the index with the write; on AWS the grid may take about a second to show it.
  const [after] = await coverage(reviewerToken);
  expect(after!.weeks.find((cell) => cell.week === week)).toMatchObject({ revision: stored.revision });
  expect(await coverage(departmentTokens.get(first!.departmentId)!)).toEqual([after]);
});
