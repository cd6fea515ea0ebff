/**
 * Downloads of a generated summary, end to end: the API answers 302 to a presigned S3 URL valid five
 * minutes, and S3's answer carries the content type and an attachment disposition with the UTF-8 file name.
 * The bytes downloaded are exactly those the summary status lists (sha256 and size).
 */
import { startTestStack, type TestStack } from '../support/stack';
import {
  createDepartment,
  download,
  generate,
  onTime,
  ORG_NAME,
  submit,
  week2023,
  type SummaryStatus,
} from './support';

let api: TestStack;
let status: SummaryStatus;

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  provenance: 'application/json; charset=utf-8',
};
const FORMATS = Object.keys(CONTENT_TYPES);
/** The file extension of each format: the provenance file is JSON beside the document's own. */
const extension = (format: string) => (format === 'provenance' ? 'provenance.json' : format);

beforeAll(async () => {
  api = await startTestStack();
  await createDepartment(api, 'qwb', '区委办');
  await submit(
    api,
    'qwb',
    week2023(3),
    [
      {
        theme: 'political',
        title: '专题轮训',
        highlight: true,
        metrics: [{ metric: 'cadres-trained', value: '1300' }],
      },
    ],
    onTime(3),
  );
  status = await generate(api, '2023-H1');
}, 120_000);
afterAll(async () => {
  await api.stop();
});

test('It should list every format of the district and of each department with a link, hash and size', () => {
  expect(status).toMatchObject({
    period: '2023-H1',
    status: 'ready',
    documentsGenerationId: status.generationId,
    documentsGeneratedAt: status.generatedAt,
  });
  expect(
    status.documents.map(({ scope, scopeName, format, href }) => ({ scope, scopeName, format, href })),
  ).toEqual(
    ['district', 'qwb'].flatMap((scope) =>
      FORMATS.map((format) => ({
        scope,
        scopeName: scope === 'district' ? ORG_NAME : '区委办',
        format,
        href: `/v1/summaries/2023-H1/documents/${scope}/${format}`,
      })),
    ),
  );
  for (const document of status.documents) {
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(document.bytes).toBeGreaterThan(0);
  }
});

describe.each(FORMATS)('the %s document of the district', (format) => {
  test('It should redirect to a presigned URL that expires in 300 seconds and is not cached', async () => {
    const { redirect, location } = await download(api, `/v1/summaries/2023-H1/documents/district/${format}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.pathname).toBe(
      `/showcase-documents/summaries/2023-H1/${status.generationId}/district.${extension(format)}`,
    );
  });

  test('It should download with the right content type and a UTF-8 attachment file name', async () => {
    const { response } = await download(api, `/v1/summaries/2023-H1/documents/district/${format}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
    const fileName = `${ORG_NAME}-2023年上半年-汇总.${extension(format)}`;
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="_______-2023____-__.${extension(format)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
  });

  test('It should download exactly the bytes the summary lists', async () => {
    const listed = status.documents.find((doc) => doc.scope === 'district' && doc.format === format);
    const { bytes, sha256 } = await download(api, `/v1/summaries/2023-H1/documents/district/${format}`);
    expect(sha256).toBe(listed?.sha256);
    expect(bytes.byteLength).toBe(listed?.bytes);
  });
});

test('It should name the Word file of the district exactly as the contract’s example', async () => {
  const { response } = await download(api, '/v1/summaries/2023-H1/documents/district/docx');
  expect(response.headers.get('content-disposition')).toContain(
    "filename*=UTF-8''%E5%BC%A0%E6%B9%BE%E5%8C%BA%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8-2023%E5%B9%B4%E4%B8%8A%E5%8D%8A%E5%B9%B4-%E6%B1%87%E6%80%BB.docx",
  );
});

test('It should name a department’s file after the department and round-trip its bytes', async () => {
  for (const format of FORMATS) {
    const listed = status.documents.find((doc) => doc.scope === 'qwb' && doc.format === format);
    const { response, sha256 } = await download(api, `/v1/summaries/2023-H1/documents/qwb/${format}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`区委办-2023年上半年-汇总.${extension(format)}`)}`,
    );
    expect(sha256).toBe(listed?.sha256);
  }
});

test('It should serve documents that are what their format says', async () => {
  const json = await download(api, '/v1/summaries/2023-H1/documents/qwb/json');
  expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ period: '2023-H1', scope: 'qwb' });
  const html = await download(api, '/v1/summaries/2023-H1/documents/qwb/html');
  expect(html.bytes.toString('utf8')).toMatch(/^<!DOCTYPE html>/i);
  expect(html.bytes.toString('utf8')).toContain('区委办');
  const docx = await download(api, '/v1/summaries/2023-H1/documents/qwb/docx');
  // A .docx is a ZIP container.
  expect(docx.bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const md = await download(api, '/v1/summaries/2023-H1/documents/qwb/md');
  expect(md.bytes.toString('utf8')).toContain('区委办');
  const provenance = await download(api, '/v1/summaries/2023-H1/documents/qwb/provenance');
  expect(JSON.parse(provenance.bytes.toString('utf8'))).toMatchObject({
    schemaVersion: 3,
    scope: 'qwb',
    departments: [{ departmentId: 'qwb' }],
  });
});
