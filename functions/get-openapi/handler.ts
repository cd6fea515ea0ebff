import { httpHandler } from '../../shared/http/http-handler';
import { openApiDocument } from '../contracts';
import { contract } from './schema';

// Built once per cold start: the document only changes with a deployment.
const document = openApiDocument();

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: document }));
