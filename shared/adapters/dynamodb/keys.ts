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
 *
 * One sparse global secondary index, WEEK_HEADS_INDEX, holds the week heads only:
 *
 * | item                 | weekHeadsPk              | weekHeadsSk                 |
 * |----------------------|--------------------------|-----------------------------|
 * | week head (latest)   | HEADS#<ISO week-year>    | <week>#<departmentId>       |
 */
import type { IsoWeek } from '../../domain/calendar';
import type { ReportStatus } from '../../domain/report';

/** The attributes of a ReportStatus: all that a department's own coverage row reads of a week head. */
export const STATUS_ATTRIBUTES = [
  'departmentId',
  'week',
  'revision',
  'submittedAt',
  'contentHash',
  'firstLate',
] as const satisfies readonly (keyof ReportStatus)[];

/**
 * The index of every department's week heads by week-year, so that the whole roster's statuses of a
 * period are one Query instead of one per department (get-coverage for reviewers; README "Cold start").
 *
 * - Sparse: only heads carry its two attributes, so revisions are not in it and writing one costs no
 *   index write.
 * - One partition per ISO week-year: every kind of period is made of the weeks whose Thursday lies in
 *   it, and a Thursday's week-year is its calendar year, so a period never spans two partitions.
 * - It projects the keys and two attributes, `revision` and `firstLate`: the sort key already says
 *   which week and which department, and nothing else decides a cell of the grid (one head per
 *   department-week, so no tie between revisions to break). An index item is well under a hundred
 *   bytes whatever the size of the report, and the reviewer's Query transfers and unmarshals less
 *   (README "Cold start").
 *
 * infra/constructs/report-table.ts and infra/local/emulators.ts create it from this definition, and
 * the adapter queries it by the same names, so the three cannot drift apart.
 */
export const WEEK_HEADS_INDEX = {
  indexName: 'week-heads',
  partitionKey: 'weekHeadsPk',
  sortKey: 'weekHeadsSk',
  projected: ['revision', 'firstLate'],
} as const;

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
  /** The index attributes a week head carries (WEEK_HEADS_INDEX); revisions carry none. */
  weekHeadsIndexKeys: (departmentId: string, week: IsoWeek) => ({
    [WEEK_HEADS_INDEX.partitionKey]: keys.weekHeadsPartition(week),
    [WEEK_HEADS_INDEX.sortKey]: `${week}#${departmentId}`,
  }),
  /** The index partition of a week: its ISO week-year, the four digits that begin its id. */
  weekHeadsPartition: (week: IsoWeek) => `HEADS#${week.slice(0, 4)}`,
  /**
   * The index sort-key range of every department's heads from week `first` to week `last`. DynamoDB
   * compares strings by their UTF-8 bytes, in which `$` comes right after `#`, so `<last>$` sorts after
   * `<last>#<any department id>` and before the next week's heads, whatever a department id holds.
   */
  weekHeadsRange: (first: IsoWeek, last: IsoWeek) => ({ from: `${first}#`, to: `${last}$` }),
  /** The week and the department an index sort key names (`<week>#<departmentId>`, weeks being 8 characters). */
  weekHeadOf: (sortKey: string) => ({ week: sortKey.slice(0, 8), departmentId: sortKey.slice(9) }),
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
  /** The partitions of WEEK_HEADS_INDEX: granted on the index, not the table (stateless-stack.ts). */
  weekHeads: 'HEADS#*',
} as const;
export type ItemKind = keyof typeof LEADING_KEYS;

/**
 * An item as the domain sees it: the table's own key attributes removed, and a week head's index
 * attributes too, so that a head reads exactly as the revision it copies.
 */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    [WEEK_HEADS_INDEX.partitionKey]: _indexPk,
    [WEEK_HEADS_INDEX.sortKey]: _indexSk,
    ...rest
  } = item;
  return rest as T;
}
