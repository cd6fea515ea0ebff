import { defineContract } from '../../shared/http/contract';

/**
 * Here rather than beside the renderer: the OpenAPI function imports every contract, and the
 * renderer's module would bring exceljs (about 1 MB) into its bundle with it.
 */
export const TEMPLATE_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const contract = defineContract({
  operationId: 'getReportTemplate',
  summary: 'The weekly-report template workbook for the import command',
  description:
    'An .xlsx with the import layout (sheet 周报: 单位, 周次, 主题, 标题, 详情, 亮点, 指标, 数值, 计量单位, 报送时间), ' +
    'drop-down lists for 主题, 指标 and 计量单位 drawn from the catalog in force (and 单位 from the roster for admins ' +
    'and reviewers), and an instructions sheet. For a department token 单位 is filled with its department. ' +
    'Filled in, it imports with `npm run import`.',
  tags: ['catalog'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  responses: {
    200: {
      description: 'The workbook',
      mediaType: TEMPLATE_MEDIA_TYPE,
      headers: { 'content-disposition': 'attachment; filename="weekly-report.xlsx"' },
    },
  },
});
