import { ConflictError } from '../../errors/app-error';
import type {
  ListedToken,
  TokenCursor,
  TokenPage,
  TokenRecord,
  TokenRepository,
} from '../../ports/repositories';
import { keys, withoutKeys } from './keys';
import { isConditionalCheckFailed, type DocumentTable } from './document-table';

function listed(record: TokenRecord): ListedToken {
  const { secretHash: _secretHash, ...rest } = record;
  return rest;
}

export class DynamoTokenRepository implements TokenRepository {
  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Two single-item writes, the listing entry first (dynalite has no transactions): if the process dies
   * between them, the listing shows a token that authenticates nobody, which is harmless, rather than a
   * working token the listing does not show.
   */
  async create(record: TokenRecord): Promise<void> {
    const listing = keys.tokenListing(record.createdAt, record.tokenId);
    await this.table.put({ TableName: this.tableName, Item: { ...listing, ...listed(record) } });
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: { ...keys.token(record.tokenId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // The token exists already (a re-registered ADMIN_TOKEN): it is listed under its own creation time.
      await this.table.delete({ TableName: this.tableName, Key: listing });
      throw new ConflictError('This token exists already');
    }
  }

  async get(tokenId: string): Promise<TokenRecord | undefined> {
    const { Item } = await this.table.get(
      // Strongly consistent: a token must work on the first call after it is issued, and stop on the
      // first call after it is revoked.
      { TableName: this.tableName, Key: keys.token(tokenId), ConsistentRead: true },
    );
    if (!Item) return undefined;
    return withoutKeys<TokenRecord>(Item);
  }

  /**
   * Revokes the token, then rewrites its listing entry from the token as it now stands; that also lists
   * a token issued before the listing existed.
   */
  async revoke(tokenId: string, now: Date): Promise<boolean> {
    let token: TokenRecord;
    try {
      const { Attributes } = await this.table.update({
        TableName: this.tableName,
        Key: keys.token(tokenId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      });
      token = withoutKeys<TokenRecord>(Attributes!);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    await this.table.put({
      TableName: this.tableName,
      Item: { ...keys.tokenListing(token.createdAt, token.tokenId), ...listed(token) },
    });
    return true;
  }

  async list(limit: number, after?: TokenCursor): Promise<TokenPage> {
    const { Items, LastEvaluatedKey } = await this.table.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.tokenListingPartition },
      Limit: limit,
      ...(after ? { ExclusiveStartKey: keys.tokenListing(after.createdAt, after.tokenId) } : {}),
    });
    const tokens = (Items ?? []).map((item) => withoutKeys<ListedToken>(item));
    const last = tokens[tokens.length - 1];
    return {
      tokens,
      ...(LastEvaluatedKey && last ? { next: { createdAt: last.createdAt, tokenId: last.tokenId } } : {}),
    };
  }
}
