import { repositories } from '../../shared/adapters/dependencies';
import { createdTokenDto } from '../../shared/http/dto';
import { httpHandler } from '../../shared/http/http-handler';
import { createToken } from '../../shared/use-cases/tokens';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async ({ body }) => {
  const { record, secret } = await createToken(deps, body);
  return { statusCode: 201, headers: { 'cache-control': 'no-store' }, body: createdTokenDto(record, secret) };
});
