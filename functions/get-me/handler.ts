import { repositories } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { describeCaller } from '../../shared/use-cases/me';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async ({ principal }) => ({
  statusCode: 200,
  body: await describeCaller(deps, principal),
}));
