import { httpHandler } from '../../shared/http/http-handler';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { API_INFO, documentedRoutes } from '../contracts';
import { contract } from './schema';

// Built once per cold start: the document only changes with a deployment.
const document = buildOpenApiDocument(documentedRoutes(), API_INFO);

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: document }));
