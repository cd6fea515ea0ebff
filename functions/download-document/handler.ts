import { documentLinks, summaryRepository } from '../../shared/adapters/dependencies';
import type { DocumentFormat } from '../../shared/domain/documents/formats';
import { ValidationError } from '../../shared/errors/app-error';
import { httpHandler } from '../../shared/http/http-handler';
import { systemClock } from '../../shared/use-cases/clock';
import { documentLink } from '../../shared/use-cases/summaries';
import { contract } from './schema';

const deps = { summaries: summaryRepository(), documents: documentLinks(), clock: systemClock };

export const handler = httpHandler(contract, async ({ params, query, principal }) => {
  // Only HTML is meant to be shown by a browser; a Word or JSON file "inline" would be saved anyway.
  if (query.disposition === 'inline' && params.format !== 'html') {
    throw new ValidationError('Only the HTML document can be shown inline', [
      { field: 'query.disposition', message: 'inline is for format html only' },
    ]);
  }
  const link = await documentLink(deps, {
    ...params,
    format: params.format as DocumentFormat,
    principal,
    disposition: query.disposition ?? 'attachment',
  });
  const noStore: Record<string, string> = { 'cache-control': 'no-store' };
  if (query.redirect === 'false') return { statusCode: 200, body: link, headers: noStore };
  return { statusCode: 302, headers: { ...noStore, location: link.url } };
});
