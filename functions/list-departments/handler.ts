import { repositories } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { listDepartments } from '../../shared/use-cases/departments';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async () => ({
  statusCode: 200,
  body: { departments: await listDepartments(deps) },
}));
