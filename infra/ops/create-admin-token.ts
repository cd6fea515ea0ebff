/**
 * `npm run ops:create-admin-token -- --table <TableName> [--region <region>] [--label <text>]`
 *
 * Creates an admin token directly in a deployed table, with the operator's own AWS credentials. It is how
 * the first admin of a fresh deployment gets in (every later token is issued over the API). The token is
 * printed once; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { DynamoTokenRepository } from '../../shared/adapters/dynamodb/token-repository';
import { DynamoDepartmentRepository } from '../../shared/adapters/dynamodb/department-repository';
import { systemClock } from '../../shared/use-cases/clock';
import { generateSecret, registerToken } from '../../shared/use-cases/tokens';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    region: { type: 'string' },
    label: { type: 'string', default: 'first admin (ops command)' },
  },
});
if (!values.table) {
  console.error(
    'usage: npm run ops:create-admin-token -- --table <TableName> [--region <region>] [--label <text>]',
  );
  process.exit(2);
}

const client = createDocumentClient(new DynamoDBClient(values.region ? { region: values.region } : {}));
const secret = generateSecret();
const record = await registerToken(
  {
    tokens: new DynamoTokenRepository(client, values.table),
    departments: new DynamoDepartmentRepository(client, values.table),
    clock: systemClock,
  },
  secret,
  { role: 'admin', label: values.label },
);
console.log(
  `Admin token ${record.tokenId} created in ${values.table}. It is shown only now:\n\n  ${secret}\n`,
);
console.log(`Revoke it later with: DELETE /v1/tokens/${record.tokenId}`);
