import { editorialDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { editorialDto, getEditorial } from '../../shared/use-cases/editorials';
import { contract } from './schema';

const deps = editorialDependencies();

export const handler = httpHandler(contract, async ({ params }) => {
  const editorial = await getEditorial(deps, params.period);
  return { statusCode: 200, headers: { etag: `"${editorial.revision}"` }, body: editorialDto(editorial) };
});
