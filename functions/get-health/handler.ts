import { httpHandler } from '../../shared/http/http-handler';
import { contract } from './schema';

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: { status: 'ok' } }));
