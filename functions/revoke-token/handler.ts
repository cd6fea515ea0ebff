import { repositories } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { revokeToken } from '../../shared/use-cases/tokens';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async ({ params }) => {
  await revokeToken(deps, params.tokenId);
  return { statusCode: 204 };
});
