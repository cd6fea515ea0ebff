/**
 * The authorizer's view of the tokens: one strongly consistent GetItem, through the light JSON client
 * instead of the SDK's (json-client.ts says why). Same item, same key and same reading as
 * DynamoTokenRepository.get, which the other functions keep.
 */
import type { TokenReader, TokenRecord } from '../../ports/repositories';
import type { DynamoDbJsonClient } from './json-client';
import { keys, withoutKeys } from './keys';

export class DynamoTokenReader implements TokenReader {
  constructor(
    private readonly client: () => DynamoDbJsonClient,
    private readonly tableName: string,
  ) {}

  async get(tokenId: string): Promise<TokenRecord | undefined> {
    const item = await this.client().getItem({
      tableName: this.tableName,
      key: keys.token(tokenId),
      // A token must work on the first call after it is issued, and stop on the first after it is revoked.
      consistentRead: true,
    });
    return item ? withoutKeys<TokenRecord>(item) : undefined;
  }
}
