import { config } from '../../shared/config/config';
import { httpHandler } from '../../shared/http/http-handler';
import { contract } from './schema';

const { catalog } = config();

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: catalog }));
