import { createDocumentClient, sdkTable } from '../../../shared/adapters/dynamodb/client';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { reportBody, reportPath } from '../support/reports';
import { departmentWithToken, startTestStack, type TestStack } from '../support/stack';
import { CHILD_TIMEOUT_MS, runOpsCommand } from './support';

let api: TestStack;
beforeAll(async () => {
  api = await startTestStack();
});
afterAll(async () => {
  await api.stop();
});

const repair = () =>
  runOpsCommand('repair-week-heads.ts', ['--table', api.stack.tableName, '--region', 'us-east-1']);

interface Listed {
  reports: { week: string; revision: number; items: { title: string }[] }[];
}

test(
  'It should bring back reports stored without a head, a head left behind and one without index keys, as the upgrade guide says',
  async () => {
    const qwb = await departmentWithToken(api, 'qwb', '区委办');
    const zzb = await departmentWithToken(api, 'zzb', '组织部');
    const xcb = await departmentWithToken(api, 'xcb', '宣传部');
    expect(
      (await api.request('PUT', reportPath('qwb', '2023-W10'), { token: qwb, body: reportBody('第一稿') }))
        .status,
    ).toBe(201);
    expect(
      (await api.request('PUT', reportPath('zzb', '2023-W11'), { token: zzb, body: reportBody() })).status,
    ).toBe(201);

    expect(
      (await api.request('PUT', reportPath('xcb', '2023-W12'), { token: xcb, body: reportBody() })).status,
    ).toBe(201);

    // What older releases left: a revision written without moving its head (qwb), a week whose head
    // was never written (zzb: removed here), and a head written before the week-heads index (xcb: its
    // index keys removed here).
    const table = sdkTable(createDocumentClient());
    const { Item: first } = await table.get({
      TableName: api.stack.tableName,
      Key: { pk: keys.reportPartition('qwb'), sk: keys.reportSortKey('2023-W10', 1) },
    });
    const second = {
      ...first!,
      sk: keys.reportSortKey('2023-W10', 2),
      revision: 2,
      items: [{ ...(first!.items as object[])[0], title: '第二稿' }],
      contentHash: 'second-draft',
    };
    await table.put({ TableName: api.stack.tableName, Item: second });
    await table.delete({ TableName: api.stack.tableName, Key: keys.reportHead('zzb', '2023-W11') });
    await table.update({
      TableName: api.stack.tableName,
      Key: keys.reportHead('xcb', '2023-W12'),
      UpdateExpression: 'REMOVE weekHeadsPk, weekHeadsSk',
    });
    const coverageOfXcb = async () => {
      const coverage = await api.request<{
        departments: { departmentId: string; weeks: { week: string; status: string }[] }[];
      }>('GET', '/v1/coverage/2023-H1');
      const row = coverage.body.departments.find((department) => department.departmentId === 'xcb');
      return row!.weeks.find((week) => week.week === '2023-W12')!.status;
    };
    // The reviewer's grid reads the index: the head without its keys is not there.
    expect(await coverageOfXcb()).toBe('missing');

    const listed = (departmentId: string) =>
      api.request<Listed>('GET', `/v1/departments/${departmentId}/reports?period=2023-H1`);
    expect((await listed('qwb')).body.reports.map((r) => [r.week, r.revision])).toEqual([['2023-W10', 1]]);
    expect((await listed('zzb')).body.reports).toEqual([]);

    const { stdout } = await repair();

    expect(stdout).toContain('qwb: 1 head repaired (2023-W10)');
    expect(stdout).toContain('zzb: 1 head repaired (2023-W11)');
    expect(stdout).toContain('xcb: 1 head repaired (2023-W12)');
    expect(stdout).toContain('Checked 3 departments');
    expect(stdout).toContain(': 3 week heads repaired.');
    const repaired = (await listed('qwb')).body.reports;
    expect(repaired.map((r) => [r.week, r.revision, r.items[0]!.title])).toEqual([['2023-W10', 2, '第二稿']]);
    expect((await listed('zzb')).body.reports.map((r) => [r.week, r.revision])).toEqual([['2023-W11', 1]]);
    expect(await coverageOfXcb()).toBe('late');
    // A submit after the repair carries on from the newest revision (200: the week's report existed).
    const third = await api.request('PUT', reportPath('qwb', '2023-W10'), {
      token: qwb,
      body: reportBody('第三稿'),
    });
    expect([third.status, (third.body as { revision: number }).revision]).toEqual([200, 3]);

    // A second run finds nothing to do.
    const again = await repair();
    expect(again.stdout).toContain(': 0 week heads repaired.');
    expect(again.stdout).not.toContain('repaired (');
  },
  3 * CHILD_TIMEOUT_MS,
);
