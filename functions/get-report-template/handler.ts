import { readFileSync } from 'node:fs';
import { repositories } from '../../shared/adapters/dependencies';
import { config } from '../../shared/config/config';
import { reportTemplateFile } from '../../shared/config/resources';
import {
  ReportTemplateSkeleton,
  type TemplateSkeletonData,
} from '../../shared/domain/workbook/template-skeleton';
import type { buildTemplateSkeleton } from '../../shared/domain/workbook/template-skeleton-builder';
import { httpHandler } from '../../shared/http/http-handler';
import { reportTemplate } from '../../shared/use-cases/templates';
import { contract, TEMPLATE_MEDIA_TYPE } from './schema';

// Deployed, the workbook's skeleton was built at synth from the catalog shipped with the bundle and lies
// beside it (infra/report-template-file.ts): rendering with exceljs here cost 15–20× a hello world's cold
// start. From the sources (the local stack, the tests) it is built on the spot from the configured
// catalog. The builder's module is named by a URL that esbuild does not follow, so the bundle carries
// neither it nor exceljs (an infra test checks).
const file = reportTemplateFile();
const template = new ReportTemplateSkeleton(
  file ? (JSON.parse(readFileSync(file, 'utf8')) as TemplateSkeletonData) : await builtFromSources(),
);
const { departments } = repositories();

async function builtFromSources(): Promise<TemplateSkeletonData> {
  const builder = new URL('../../shared/domain/workbook/template-skeleton-builder.ts', import.meta.url);
  const { buildTemplateSkeleton: build } = (await import(builder.href)) as {
    buildTemplateSkeleton: typeof buildTemplateSkeleton;
  };
  return build(config().catalog);
}

export const handler = httpHandler(contract, async ({ principal }) => ({
  statusCode: 200,
  binary: await reportTemplate({ departments, template }, principal),
  headers: {
    'content-type': TEMPLATE_MEDIA_TYPE,
    'content-disposition': 'attachment; filename="weekly-report.xlsx"',
  },
}));
