import { editorialDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { parseIfMatch } from '../../shared/http/if-match';
import { editorialDto, putEditorial } from '../../shared/use-cases/editorials';
import { editorialContract } from './schema';

const deps = editorialDependencies();
const contract = editorialContract(deps.catalog.themes.map((theme) => theme.id));

export const handler = httpHandler(contract, async ({ params, body, headers, principal }) => {
  const { editorial, created } = await putEditorial(deps, {
    period: params.period,
    content: body,
    expectedRevision: parseIfMatch(headers['if-match']),
    principal,
  });
  return {
    statusCode: created && editorial.revision === 1 ? 201 : 200,
    headers: { etag: `"${editorial.revision}"` },
    body: editorialDto(editorial),
  };
});
