import type { ReportRevision } from '../../../../shared/domain/report';
import {
  createdTokenDto,
  documentHref,
  reportDto,
  summaryStatusDto,
  tokenDto,
} from '../../../../shared/http/dto';
import type { TokenRecord } from '../../../../shared/ports/repositories';

const report: ReportRevision = {
  departmentId: 'qwb',
  week: '2023-W10',
  period: '2023-H1',
  revision: 2,
  submittedAt: '2023-03-14T04:00:00.000Z',
  late: true,
  firstSubmittedAt: '2023-03-13T01:00:00.000Z',
  firstLate: false,
  items: [],
  contentHash: 'abc',
};

const record: TokenRecord = {
  tokenId: '0123456789abcdef0123',
  secretHash: 'f'.repeat(64),
  role: 'department',
  departmentId: 'qwb',
  label: 'script',
  createdAt: '2023-06-09T10:00:00.000Z',
};

describe('reportDto', () => {
  test('It should judge punctuality on revision 1 and leave out the content hash', () => {
    expect(reportDto(report)).toMatchObject({ late: true, onTime: true, revision: 2 });
    expect(reportDto(report)).not.toHaveProperty('contentHash');
    expect(reportDto(report)).not.toHaveProperty('firstLate');
  });
});

describe('documentHref', () => {
  test('It should build the download path from the route table, encoding the scope', () => {
    expect(documentHref('2023-H1', 'qwb', 'docx')).toBe('/v1/summaries/2023-H1/documents/qwb/docx');
    expect(documentHref('2023-H1', 'a/b', 'md')).toBe('/v1/summaries/2023-H1/documents/a%2Fb/md');
  });
});

describe('summaryStatusDto', () => {
  test('It should add a download link to every document', () => {
    const dto = summaryStatusDto({
      period: '2023-H1',
      generationId: 'g',
      status: 'ready',
      generatedAt: null,
      startedAt: '2023-07-10T01:00:00.000Z',
      documentsGenerationId: 'g',
      documentsGeneratedAt: null,
      documents: [{ scope: 'district', scopeName: '全区', format: 'json', sha256: 'x', bytes: 3 }],
    });
    expect(dto.documents).toEqual([
      {
        scope: 'district',
        scopeName: '全区',
        format: 'json',
        href: '/v1/summaries/2023-H1/documents/district/json',
        sha256: 'x',
        bytes: 3,
      },
    ]);
  });
});

describe('token bodies', () => {
  test('It should never show the secret hash of a listed token', () => {
    const dto = tokenDto(record);
    expect(dto).toEqual({
      id: record.tokenId,
      role: 'department',
      departmentId: 'qwb',
      label: 'script',
      createdAt: record.createdAt,
    });
    expect(JSON.stringify(dto)).not.toContain(record.secretHash);
  });

  test('It should show the secret once, in the answer to its creation', () => {
    const dto = createdTokenDto(record, 'shwc_secret');
    expect(dto).toMatchObject({ id: record.tokenId, token: 'shwc_secret', role: 'department' });
    expect(JSON.stringify(dto)).not.toContain(record.secretHash);
  });
});
