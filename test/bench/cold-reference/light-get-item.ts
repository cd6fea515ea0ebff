/**
 * A reference row of `npm run bench:cold`: the same GetItem as sdk-get-item.ts through the
 * authorizer's light client (shared/adapters/dynamodb/json-client.ts), with nothing else.
 */
import { dynamoDbJsonClientFromEnvironment } from '../../../shared/adapters/dynamodb/json-client';

const client = dynamoDbJsonClientFromEnvironment();

export const handler = async (event: { tableName: string; pk: string; sk: string }) => {
  const item = await client().getItem({
    tableName: event.tableName,
    key: { pk: event.pk, sk: event.sk },
    consistentRead: true,
  });
  return { found: item !== undefined };
};
