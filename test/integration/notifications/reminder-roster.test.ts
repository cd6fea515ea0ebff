/**
 * A reminder over a roster larger than one BatchGetItem (100 keys) on the local stack: which departments
 * reported is read in batches of the week heads' keys, and the reminder must name exactly the others.
 * Most reports are written straight into the stack's table through the report repository (the same
 * writes a submit makes), so that 130 departments do not cost 130 submits; a few go through the API.
 * The DynamoDB Local suite (npm run test:integration:ddb-local) runs this file against AWS's emulator too.
 */
import { createDocumentClient, sdkTable } from '../../../shared/adapters/dynamodb/client';
import { dynamoDbJsonClientFromEnvironment, lightTable } from '../../../shared/adapters/dynamodb/json-client';
import { DynamoReportRepository } from '../../../shared/adapters/dynamodb/report-repository';
import type { ReportRevision } from '../../../shared/domain/report';
import { startTestStack, type TestStack } from '../support/stack';
import { createDepartment, onTime, submit } from '../summaries/support';

const WEEK = '2023-W10';
const ids = Array.from({ length: 130 }, (_, i) => `d${String(i).padStart(3, '0')}`);
/** Every third department reported, spread over all the batches. */
const reported = ids.filter((_, i) => i % 3 === 0);
/** Of those, these reported through the API (d003 twice: its head is its second revision). */
const overHttp = ['d000', 'd003', 'd129'];

let api: TestStack;

function revisionOf(departmentId: string): ReportRevision {
  return {
    departmentId,
    week: WEEK,
    period: '2023-H1',
    revision: 1,
    submittedAt: onTime(10),
    late: false,
    firstSubmittedAt: onTime(10),
    firstLate: false,
    items: [{ theme: 'political', title: '专题培训', highlight: false, metrics: [] }],
    contentHash: `hash-${departmentId}`,
  };
}

beforeAll(async () => {
  api = await startTestStack();
  for (let start = 0; start < ids.length; start += 10) {
    await Promise.all(ids.slice(start, start + 10).map((id) => createDepartment(api, id, `部门${id}`)));
  }
  for (const id of overHttp) await submit(api, id, WEEK, [{ theme: 'political', title: '培训' }], onTime(10));
  await submit(api, 'd003', WEEK, [{ theme: 'political', title: '培训（修订）' }], onTime(10));
  const repository = new DynamoReportRepository(sdkTable(createDocumentClient()), api.stack.tableName);
  await Promise.all(
    reported.filter((id) => !overHttp.includes(id)).map((id) => repository.create(revisionOf(id))),
  );
}, 120_000);

afterAll(async () => {
  await api.stop();
});

test('It should name exactly the departments without a report, across several batch reads', async () => {
  const response = await api.request('POST', `/v1/reminders/${WEEK}`);
  expect(response.status).toBe(200);
  expect(response.body.departments).toEqual(ids.filter((id) => !reported.includes(id)));
  expect(response.body.departments).toHaveLength(86);
}, 60_000);

test('It should read the same through the light client and the SDK, unknown departments left out', async () => {
  const asked = [...ids, 'nobody', 'd000'];
  const light = new DynamoReportRepository(
    lightTable(dynamoDbJsonClientFromEnvironment(process.env)),
    api.stack.tableName,
  );
  const sdk = new DynamoReportRepository(sdkTable(createDocumentClient()), api.stack.tableName);

  const [viaLight, viaSdk] = await Promise.all([light.reportedIn(WEEK, asked), sdk.reportedIn(WEEK, asked)]);

  expect([...viaLight].sort()).toEqual(reported);
  expect([...viaSdk].sort()).toEqual(reported);
  await expect(light.reportedIn('2023-W11', ids)).resolves.toEqual(new Set());
}, 60_000);
