import { httpHandler } from '../../shared/http/http-handler';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { documentedRoutes } from '../contracts';
import { contract } from './schema';

// Built once per cold start: the document only changes with a deployment.
const document = buildOpenApiDocument(documentedRoutes(), { title: 'Showcase API', version: '1.0.0' });

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: document }));
