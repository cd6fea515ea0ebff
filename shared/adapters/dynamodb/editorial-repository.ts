import type { EditorialRevision } from '../../domain/editorial';
import { EditorialRevisionTakenError, type EditorialRepository } from '../../ports/repositories';
import { keys, withoutKeys } from './keys';
import { isConditionalCheckFailed, type DocumentTable } from './document-table';

/** Editorial revisions of a period, one partition per period, sorted by their zero-padded number. */
export class DynamoEditorialRepository implements EditorialRepository {
  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
  ) {}

  async latest(period: string): Promise<EditorialRevision | undefined> {
    const { Items } = await this.table.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.editorialPartition(period) },
      ScanIndexForward: false,
      Limit: 1,
      // A PUT right after another must see it, or If-Match and the identical-PUT check would be wrong.
      ConsistentRead: true,
    });
    const item = Items?.[0];
    return item ? withoutKeys<EditorialRevision>(item) : undefined;
  }

  async create(revision: EditorialRevision): Promise<void> {
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: {
          pk: keys.editorialPartition(revision.period),
          sk: keys.editorialSortKey(revision.revision),
          ...revision,
        },
        // Revisions are immutable: a taken number means another PUT won the race.
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new EditorialRevisionTakenError(revision.period, revision.revision);
      }
      throw error;
    }
  }
}
