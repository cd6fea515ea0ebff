/**
 * `npm run ops:create-admin-token -- --table <TableName> [--region <region>] [--label <text>] [--days <n>]`
 *
 * Creates an admin token directly in a deployed table, with the operator's own AWS credentials. It is how
 * the first admin of a fresh deployment gets in (every later token is issued over the API). The token is
 * printed once; only its hash is stored. Like every issued token it expires, by default after the
 * stage's default lifetime (365 days).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, sdkTable } from '../../shared/adapters/dynamodb/client';
import { DynamoTokenRepository } from '../../shared/adapters/dynamodb/token-repository';
import { DEFAULTS, MAX_TOKEN_LIFETIME_DAYS } from '../../shared/config/names';
import { systemClock } from '../../shared/use-cases/clock';
import { generateSecret, registerToken } from '../../shared/use-cases/tokens';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    region: { type: 'string' },
    label: { type: 'string', default: 'first admin (ops command)' },
    days: { type: 'string', default: String(DEFAULTS.tokenLifetimeDays) },
  },
});
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_LIFETIME_DAYS) {
  console.error(`--days must be a whole number from 1 to ${MAX_TOKEN_LIFETIME_DAYS}`);
  process.exit(2);
}
if (!values.table) {
  console.error(
    'usage: npm run ops:create-admin-token -- --table <TableName> [--region <region>] [--label <text>] [--days <n>]',
  );
  process.exit(2);
}

const client = createDocumentClient(new DynamoDBClient(values.region ? { region: values.region } : {}));
const secret = generateSecret();
const now = systemClock();
const record = await registerToken(
  {
    tokens: new DynamoTokenRepository(sdkTable(client), values.table),
    clock: systemClock,
  },
  secret,
  { role: 'admin', label: values.label, expiresAt: new Date(now.getTime() + days * 24 * 60 * 60 * 1000) },
  now,
);
console.log(
  `Admin token ${record.tokenId} created in ${values.table}, expires ${record.expiresAt}. It is shown only now:\n\n  ${secret}\n`,
);
console.log(`Revoke it later with: DELETE /v1/tokens/${record.tokenId}`);
