/**
 * `npm run ops:repair-week-heads -- --table <TableName> [--region <region>]`
 *
 * Rolls every department's week heads forward to the newest stored revision, with the operator's own AWS
 * credentials. Run it once after upgrading a deployment whose reports were stored before week heads
 * existed: summaries, listings and coverage read heads only, so until then those reports are missing
 * from all of them. It writes only heads that are missing or behind, under the condition a submit uses,
 * so it is safe while departments submit and a second run changes nothing.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, sdkTable } from '../../shared/adapters/dynamodb/client';
import { DynamoDepartmentRepository } from '../../shared/adapters/dynamodb/department-repository';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { repairWeekHeads } from '../../shared/use-cases/week-heads';

const { values } = parseArgs({ options: { table: { type: 'string' }, region: { type: 'string' } } });
if (!values.table) {
  console.error('usage: npm run ops:repair-week-heads -- --table <TableName> [--region <region>]');
  process.exit(2);
}

const table = sdkTable(
  createDocumentClient(new DynamoDBClient(values.region ? { region: values.region } : {})),
);
const result = await repairWeekHeads({
  departments: new DynamoDepartmentRepository(table, values.table),
  heads: new DynamoReportRepository(table, values.table),
});
for (const { departmentId, weeks } of result.repaired) {
  console.log(
    `${departmentId}: ${weeks.length} head${weeks.length === 1 ? '' : 's'} repaired (${weeks.join(', ')})`,
  );
}
const weeks = result.repaired.reduce((sum, { weeks }) => sum + weeks.length, 0);
console.log(
  `Checked ${result.departments} departments in ${values.table}: ${weeks} week head${weeks === 1 ? '' : 's'} repaired.`,
);
