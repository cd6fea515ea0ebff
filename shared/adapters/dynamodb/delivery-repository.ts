import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryKey, DeliveryRecord, DeliveryRepository } from '../../ports/notifications';
import { keys } from './keys';

export class DynamoDeliveryRepository implements DeliveryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(
    key: DeliveryKey,
    now: Date,
    options: { resend: boolean; staleBefore: Date },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
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
        }),
      );
      return true;
    } catch (error) {
      // Sent already, or being sent by a run that is still alive: this run skips it.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async finish(record: DeliveryRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.delivery(record.period, record.kind, record.channel, record.recipient), ...record },
      }),
    );
  }
}
