/**
 * The single table's key design. Every access path is a GetItem, a Query on one partition or a
 * conditional single-item write: the local DynamoDB (dynalite) has no transactions, and nothing needs them.
 *
 * | item                 | pk                     | sk                          |
 * |----------------------|------------------------|-----------------------------|
 * | department           | DEPARTMENT             | <departmentId>              |
 * | token                | TOKEN#<tokenId>        | TOKEN                       |
 * | token listing entry  | TOKENS                 | <createdAt>#<tokenId>       |
 * | report revision      | REPORT#<departmentId>  | <week>#<revision, 6 digits> |
 * | week head (latest)   | REPORT#<departmentId>  | HEAD#<week>                 |
 * | summary generation   | SUMMARY#<period>       | GENERATION#<generationId>   |
 * | a scope's documents  | SUMMARY#<period>       | DOCUMENTS#<generationId>#<scope> |
 * | running generation   | SUMMARY#<period>       | RUNNING                     |
 * | latest ready pointer | SUMMARY#<period>       | READY                       |
 * | notification sent    | DELIVERY#<period>      | <kind>#<channel>[#<e-mail>] |
 * | editorial revision   | EDITORIAL#<period>     | <revision, 6 digits>        |
 */
export const keys = {
  department: (departmentId: string) => ({ pk: 'DEPARTMENT', sk: departmentId }),
  departmentPartition: 'DEPARTMENT',
  token: (tokenId: string) => ({ pk: `TOKEN#${tokenId}`, sk: 'TOKEN' }),
  /**
   * One small item per token in one partition, so that an admin can list tokens with a Query instead of
   * a Scan; sorted by creation. Tokens are few (one per department and person), so one partition holds them.
   */
  tokenListing: (createdAt: string, tokenId: string) => ({ pk: 'TOKENS', sk: `${createdAt}#${tokenId}` }),
  tokenListingPartition: 'TOKENS',
  reportPartition: (departmentId: string) => `REPORT#${departmentId}`,
  reportSortKey: (week: string, revision: number) => `${week}#${String(revision).padStart(6, '0')}`,
  /**
   * A copy of the week's latest revision, written after the revision itself: summaries and listings read
   * one item per week however many revisions the week has. Revision keys start with a digit and heads
   * with "HEAD#", so neither kind of range query ever returns the other.
   */
  reportHead: (departmentId: string, week: string) => ({
    pk: `REPORT#${departmentId}`,
    sk: `HEAD#${week}`,
  }),
  reportHeadPrefix: 'HEAD#',
  summaryPartition: (period: string) => `SUMMARY#${period}`,
  generation: (period: string, generationId: string) => ({
    pk: `SUMMARY#${period}`,
    sk: `GENERATION#${generationId}`,
  }),
  scopeDocumentsPrefix: (generationId: string) => `DOCUMENTS#${generationId}#`,
  scopeDocuments: (period: string, generationId: string, scope: string) => ({
    pk: `SUMMARY#${period}`,
    sk: `DOCUMENTS#${generationId}#${scope}`,
  }),
  running: (period: string) => ({ pk: `SUMMARY#${period}`, sk: 'RUNNING' }),
  ready: (period: string) => ({ pk: `SUMMARY#${period}`, sk: 'READY' }),
  delivery: (period: string, kind: string, channel: string, recipient?: string) => ({
    pk: `DELIVERY#${period}`,
    sk: `${kind}#${channel}${recipient ? `#${recipient}` : ''}`,
  }),
  editorialPartition: (period: string) => `EDITORIAL#${period}`,
  editorialSortKey: (revision: number) => String(revision).padStart(6, '0'),
};

/**
 * The partition keys of each kind of item, as IAM `StringLike` patterns for `dynamodb:LeadingKeys`:
 * infra/stacks/stateless-stack.ts lets each function reach only the kinds it works with. `TOKEN#*` does
 * not match `TOKENS` (the `#` is literal), so the token listing is a kind of its own.
 */
export const LEADING_KEYS = {
  department: 'DEPARTMENT',
  token: 'TOKEN#*',
  tokenListing: 'TOKENS',
  report: 'REPORT#*',
  summary: 'SUMMARY#*',
  delivery: 'DELIVERY#*',
  editorial: 'EDITORIAL#*',
} as const;
export type ItemKind = keyof typeof LEADING_KEYS;

/** An item as the domain sees it: the table's own key attributes removed. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
