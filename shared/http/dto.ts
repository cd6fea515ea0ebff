/**
 * What the API returns, mapped from what the use cases return: the HTTP side decides the shape of a
 * response body and the links in it, so the use cases know nothing of paths. Links are built from the
 * route table, so a renamed route cannot leave a stale link behind.
 */
import { pathOf } from '../../functions/routes';
import type { Period } from '../domain/calendar';
import type { DocumentFormat } from '../domain/documents/formats';
import type { ReportRevision } from '../domain/report';
import type { ListedToken, TokenPage, TokenRecord } from '../ports/repositories';
import { encodeTokenCursor } from './page-token';
import type { SummaryStatus } from '../use-cases/summaries';

export function reportDto(report: ReportRevision) {
  return {
    departmentId: report.departmentId,
    week: report.week,
    period: report.period,
    revision: report.revision,
    submittedAt: report.submittedAt,
    late: report.late,
    firstSubmittedAt: report.firstSubmittedAt,
    onTime: !report.firstLate,
    items: report.items,
  };
}

export function documentHref(period: Period, scope: string, format: DocumentFormat): string {
  return pathOf('download-document', { period, scope, format });
}

export function summaryStatusDto(status: SummaryStatus) {
  return {
    ...status,
    documents: status.documents.map((document) => ({
      scope: document.scope,
      scopeName: document.scopeName,
      format: document.format,
      href: documentHref(status.period, document.scope, document.format),
      sha256: document.sha256,
      bytes: document.bytes,
    })),
  };
}

/** A token as an admin may see it: never the secret, never its hash. */
export function tokenDto(record: ListedToken) {
  return {
    id: record.tokenId,
    role: record.role,
    ...(record.departmentId ? { departmentId: record.departmentId } : {}),
    ...(record.label ? { label: record.label } : {}),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt ?? null,
    revokedAt: record.revokedAt ?? null,
  };
}

export function tokenPageDto(page: TokenPage) {
  return {
    tokens: page.tokens.map(tokenDto),
    nextToken: page.next ? encodeTokenCursor(page.next) : null,
  };
}

/** The answer to POST /v1/tokens: the one response that carries the secret. */
export function createdTokenDto(record: TokenRecord, secret: string) {
  const { id, revokedAt: _revokedAt, ...rest } = tokenDto(record);
  return { id, token: secret, ...rest };
}
