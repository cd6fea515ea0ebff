import type { ReportRevision } from '../../../../shared/domain/report';
import {
  createdTokenDto,
  documentHref,
  reportDto,
  summaryStatusDto,
  tokenDto,
  tokenPageDto,
} from '../../../../shared/http/dto';
import { TokenPageToken } from '../../../../shared/http/page-token';
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
  expiresAt: '2024-06-08T10:00:00.000Z',
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
    const dto = tokenDto({ ...record, revokedAt: '2023-07-01T00:00:00.000Z' });
    expect(dto).toEqual({
      id: record.tokenId,
      role: 'department',
      departmentId: 'qwb',
      label: 'script',
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      revokedAt: '2023-07-01T00:00:00.000Z',
    });
    expect(JSON.stringify(dto)).not.toContain(record.secretHash);
    const { expiresAt: _expiresAt, ...legacy } = record;
    expect(tokenDto(legacy)).toMatchObject({ expiresAt: null, revokedAt: null });
  });

  test('It should give the next page as an opaque nextToken, and null on the last page', () => {
    const next = { createdAt: record.createdAt, tokenId: record.tokenId };
    const page = tokenPageDto({ tokens: [record], next });
    expect(page.nextToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(TokenPageToken.parse(page.nextToken)).toEqual(next);
    expect(tokenPageDto({ tokens: [] }).nextToken).toBeNull();
  });

  test.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['an edited token id', Buffer.from('{"c":"2023-06-09T10:00:00.000Z","i":"zz"}').toString('base64url')],
    [
      'an extra key',
      Buffer.from(JSON.stringify({ c: record.createdAt, i: record.tokenId, pk: 'REPORT#qwb' })).toString(
        'base64url',
      ),
    ],
    ['empty', ''],
  ])('It should refuse a nextToken that is %s', (_case, text) => {
    expect(TokenPageToken.safeParse(text).success).toBe(false);
  });

  test('It should show the secret once, in the answer to its creation', () => {
    const dto = createdTokenDto(record, 'shwc_secret');
    expect(dto).toMatchObject({ id: record.tokenId, token: 'shwc_secret', expiresAt: record.expiresAt });
    expect(dto).not.toHaveProperty('revokedAt');
    expect(JSON.stringify(dto)).not.toContain(record.secretHash);
  });
});
