import { documentStore, summaryRepository } from '../../shared/adapters/dependencies';
import type { DocumentFormat } from '../../shared/domain/documents/formats';
import { httpHandler } from '../../shared/http/http-handler';
import { documentLink } from '../../shared/use-cases/summaries';
import { contract } from './schema';

const deps = { summaries: summaryRepository(), documents: documentStore() };

export const handler = httpHandler(contract, async ({ params, principal }) => {
  const url = await documentLink(deps, { ...params, format: params.format as DocumentFormat, principal });
  return { statusCode: 302, headers: { location: url, 'cache-control': 'no-store' } };
});
