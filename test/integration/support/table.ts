/**
 * A direct look at the local stack's table, for tests that must show nothing was stored where the API
 * cannot look (a week it refuses to read). It uses the real SDK against the stack's own DynamoDB and
 * table, which the local stack configures in this process's environment as it does for the handlers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../../../shared/config/names';

/** The sort keys ("<week>#<revision>") of every report revision the department has in the table. */
export async function storedReportKeys(departmentId: string): Promise<string[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  try {
    const keys: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: process.env[ENV.tableName],
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `REPORT#${departmentId}` },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      keys.push(...(page.Items ?? []).map((item) => item.sk as string));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return keys;
  } finally {
    client.destroy();
  }
}
