import { repositories } from '../../shared/adapters/dependencies';
import { tokenPageDto } from '../../shared/http/dto';
import { httpHandler } from '../../shared/http/http-handler';
import { listTokens } from '../../shared/use-cases/tokens';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async ({ query }) => ({
  statusCode: 200,
  headers: { 'cache-control': 'no-store' },
  body: tokenPageDto(await listTokens(deps, { limit: query.limit, after: query.nextToken })),
}));
