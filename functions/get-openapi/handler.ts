import { readFileSync } from 'node:fs';
import { openApiFile } from '../../shared/config/resources';
import { httpHandler } from '../../shared/http/http-handler';
import { contract } from './schema';

// Deployed, the document was built at synth and lies beside the bundle (infra/openapi-file.ts):
// building it here from every contract cost more than a hello world's whole cold start. From the
// sources (the local stack, the tests) it is built on the spot, from the same contracts; the import is
// dynamic so that a bundle with the file never evaluates them.
const file = openApiFile();
const document: unknown = file
  ? JSON.parse(readFileSync(file, 'utf8'))
  : (await import('../contracts')).openApiDocument();

export const handler = httpHandler(contract, async () => ({ statusCode: 200, body: document }));
