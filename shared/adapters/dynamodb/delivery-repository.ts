import type { DeliveryKey, DeliveryRecord, DeliveryRepository } from '../../ports/notifications';
import { keys } from './keys';
import { isConditionalCheckFailed, type DocumentTable } from './document-table';

export class DynamoDeliveryRepository implements DeliveryRepository {
  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
  ) {}

  async claim(
    key: DeliveryKey,
    now: Date,
    options: { resend: boolean; staleBefore: Date },
  ): Promise<boolean> {
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: {
          ...keys.delivery(key.period, key.kind, key.channel, key.recipient),
          ...key,
          status: 'sending',
          attempts: 0,
          updatedAt: now.toISOString(),
        },
        // One conditional write decides who sends: nobody has, the last try failed, or the sender
        // that claimed it died; a resend asked for by an admin takes it in any case.
        ...(options.resend
          ? {}
          : {
              ConditionExpression:
                'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND updatedAt < :stale)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':failed': 'failed',
                ':sending': 'sending',
                ':stale': options.staleBefore.toISOString(),
              },
            }),
      });
      return true;
    } catch (error) {
      // Sent already, or being sent by a run that is still alive: this run skips it.
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async finish(record: DeliveryRecord): Promise<void> {
    await this.table.put({
      TableName: this.tableName,
      Item: { ...keys.delivery(record.period, record.kind, record.channel, record.recipient), ...record },
    });
  }
}
