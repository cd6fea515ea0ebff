import { repositories } from '../../shared/adapters/dependencies';
import { config } from '../../shared/config/config';
import { httpHandler } from '../../shared/http/http-handler';
import { reportTemplate } from '../../shared/use-cases/templates';
import { contract, TEMPLATE_MEDIA_TYPE } from './schema';

const { departments } = repositories();
const { catalog } = config();

export const handler = httpHandler(contract, async ({ principal }) => ({
  statusCode: 200,
  binary: await reportTemplate({ departments, catalog }, principal),
  headers: {
    'content-type': TEMPLATE_MEDIA_TYPE,
    'content-disposition': 'attachment; filename="weekly-report.xlsx"',
  },
}));
