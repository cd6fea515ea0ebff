import { repositories } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/http-handler';
import { putDepartment } from '../../shared/use-cases/departments';
import { contract } from './schema';

const deps = repositories();

export const handler = httpHandler(contract, async ({ params, body }) => {
  const { department, created } = await putDepartment(deps, { departmentId: params.departmentId, ...body });
  return { statusCode: created ? 201 : 200, body: department };
});
