/**
 * A reference row of `npm run bench:cold`: the least a function that reads DynamoDB through the SDK
 * can cost, the SDK's DynamoDB client and one strongly consistent GetItem (the event names the key),
 * bundled like a function and with nothing else: no middleware, logger or schema library.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { tableName: string; pk: string; sk: string }) => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: event.tableName,
      Key: { pk: { S: event.pk }, sk: { S: event.sk } },
      ConsistentRead: true,
    }),
  );
  return { found: Item !== undefined };
};
