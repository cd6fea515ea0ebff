import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../errors/app-error';
import type { TokenRecord, TokenRepository } from '../../ports/repositories';
import { keys, withoutKeys } from './keys';

export class DynamoTokenRepository implements TokenRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: TokenRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.token(record.tokenId), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError('This token exists already');
      throw error;
    }
  }

  async get(tokenId: string): Promise<TokenRecord | undefined> {
    const { Item } = await this.client.send(
      // Strongly consistent: a token must work on the first call after it is issued, and stop on the
      // first call after it is revoked.
      new GetCommand({ TableName: this.tableName, Key: keys.token(tokenId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return withoutKeys<TokenRecord>(Item);
  }

  async revoke(tokenId: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(tokenId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
