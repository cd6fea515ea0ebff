import * as z from 'zod';
import { FORMAT_NAMES } from '../../shared/domain/documents/formats';
import { isScope } from '../../shared/domain/generation';
import { defineContract } from '../../shared/http/contract';
import { PeriodParam } from '../../shared/http/schemas';

export const contract = defineContract({
  operationId: 'downloadDocument',
  summary: 'Download a document of the latest ready summary',
  description:
    'Redirects (302) to a presigned S3 URL valid for five minutes; its response carries the content type and ' +
    "Content-Disposition: attachment with the UTF-8 file name (filename*=UTF-8''…). Reviewers and admins may " +
    'read every scope; a department token its own department and the district.',
  tags: ['summaries'],
  access: { roles: ['admin', 'reviewer', 'department'] },
  params: z.strictObject({
    period: PeriodParam,
    scope: z
      .string()
      .refine(isScope, 'must be "district" or a department id')
      .meta({ description: '"district" or a department id', example: 'district' }),
    format: z.enum(FORMAT_NAMES as [string, ...string[]]),
  }),
  responses: { 302: { description: 'Redirect to the document', headers: { location: 'Presigned S3 URL' } } },
});
