import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from './document-table';

/** Follows LastEvaluatedKey until the query is exhausted. */
export async function queryAll(
  table: DocumentTable,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.query({ ...input, ExclusiveStartKey: startKey });
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
