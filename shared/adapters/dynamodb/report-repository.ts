import type { IsoWeek } from '../../domain/calendar';
import type { ReportRevision, ReportStatus } from '../../domain/report';
import {
  RevisionTakenError,
  RevisionTooLargeError,
  type LatestPage,
  type LatestPageRequest,
  type ReportRepository,
  type WeekHeadMaintenance,
} from '../../ports/repositories';
import { itemSize, MAX_ITEM_BYTES } from './item-size';
import { keys, STATUS_ATTRIBUTES, WEEK_HEADS_INDEX, withoutKeys } from './keys';
import { queryAll } from './query-all';
import { isConditionalCheckFailed, type DocumentTable } from './document-table';
import { BATCH_RETRY, sendUntilProcessed, type BatchRetry } from './batch-retry';

/**
 * Revisions and week heads (see keys.ts).
 *
 * Writing a revision takes two single-item writes, because dynalite has no transactions: the immutable
 * revision first, then the week's head (a copy of the latest revision) moved forward under a condition.
 * The head is the commit point. A process that dies between the two writes has not answered its caller,
 * so nothing acknowledged is missing from the heads; the next submit of that week finds the revision
 * number taken, rolls the head forward (`repairHead`) and carries on. Readers of the head therefore see
 * exactly the acknowledged history, and a summary reads one item per department-week whatever the number
 * of revisions.
 */
/** The attributes of a ReportStatus, named through placeholders (several are reserved words). */
const STATUS_PROJECTION = {
  ProjectionExpression: STATUS_ATTRIBUTES.map((_, i) => `#s${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(STATUS_ATTRIBUTES.map((name, i) => [`#s${i}`, name])),
};

/** BatchGetItem's limit of keys per request. */
const BATCH_GET_KEYS = 100;

/**
 * When a head may be (re)written: it does not exist, it shows an older revision, or it shows this one
 * without the week-heads index keys. Never when it shows a later revision: a concurrent submit won.
 */
const HEAD_CONDITION =
  'attribute_not_exists(pk) OR revision < :revision OR (revision = :revision AND attribute_not_exists(#indexPk))';

export class DynamoReportRepository implements ReportRepository, WeekHeadMaintenance {
  private readonly batchRetry: BatchRetry;

  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
    /** How keys DynamoDB left unprocessed are asked for again (batch-retry.ts); tests inject theirs. */
    batchRetry: Partial<BatchRetry> = {},
  ) {
    this.batchRetry = { ...BATCH_RETRY, ...batchRetry };
  }

  async latest(departmentId: string, week: IsoWeek): Promise<ReportRevision | undefined> {
    // Consistent: a submit decides on the next revision number from this, and a GET right after a submit
    // must see it.
    const { Item } = await this.table.get({
      TableName: this.tableName,
      Key: keys.reportHead(departmentId, week),
      ConsistentRead: true,
    });
    return Item ? withoutKeys<ReportRevision>(Item) : undefined;
  }

  async get(departmentId: string, week: IsoWeek, revision: number): Promise<ReportRevision | undefined> {
    const { Item } = await this.table.get({
      TableName: this.tableName,
      Key: { pk: keys.reportPartition(departmentId), sk: keys.reportSortKey(week, revision) },
      ConsistentRead: true,
    });
    return Item ? withoutKeys<ReportRevision>(Item) : undefined;
  }

  async create(revision: ReportRevision): Promise<void> {
    const item = {
      pk: keys.reportPartition(revision.departmentId),
      sk: keys.reportSortKey(revision.week, revision.revision),
      ...revision,
    };
    // Checked here rather than left to DynamoDB: its ValidationException would be a 500, and the local
    // dynalite, which counts UTF-16 units, would store an item that DynamoDB refuses. Both items are
    // checked before either is written: the head adds its index attributes (tens of bytes) to the same
    // revision, so a revision just under the limit can make a head just over it, and a revision stored
    // without its head would be a submit that failed after writing.
    const bytes = Math.max(itemSize(item), itemSize(headItem(revision)));
    if (bytes > MAX_ITEM_BYTES) throw new RevisionTooLargeError(bytes, MAX_ITEM_BYTES);
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: item,
        // Revisions are immutable: a taken number means another submit won the race.
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new RevisionTakenError(revision.departmentId, revision.week, revision.revision);
      }
      throw error;
    }
    await this.advanceHead(revision);
  }

  async repairHead(departmentId: string, week: IsoWeek): Promise<void> {
    const { Items } = await this.table.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :week)',
      ExpressionAttributeValues: { ':pk': keys.reportPartition(departmentId), ':week': `${week}#` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const newest = Items?.[0];
    if (newest) await this.advanceHead(withoutKeys<ReportRevision>(newest));
  }

  /**
   * One pass over the department's partition, keys and revision numbers only: revisions (`<week>#<n>`)
   * give each week's newest number, heads (`HEAD#<week>`) the number they show, if they carry the
   * week-heads index keys. DynamoDB still reads,
   * and charges for, every item; this runs from the ops command, not on any request.
   */
  async staleHeadWeeks(departmentId: string): Promise<IsoWeek[]> {
    const items = await queryAll(this.table, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.reportPartition(departmentId) },
      ProjectionExpression: 'sk, #revision, #indexPk',
      ExpressionAttributeNames: { '#revision': 'revision', '#indexPk': WEEK_HEADS_INDEX.partitionKey },
      ConsistentRead: true,
    });
    const newest = new Map<IsoWeek, number>();
    const shown = new Map<IsoWeek, number>();
    for (const item of items) {
      const sk = item.sk as string;
      const revision = item.revision as number;
      if (sk.startsWith(keys.reportHeadPrefix)) {
        // A head without the index keys is missing from reviewers' coverage grids: stale too.
        if (item[WEEK_HEADS_INDEX.partitionKey] !== undefined) {
          shown.set(sk.slice(keys.reportHeadPrefix.length), revision);
        }
      } else {
        const week = sk.slice(0, sk.indexOf('#'));
        newest.set(week, Math.max(newest.get(week) ?? 0, revision));
      }
    }
    return [...newest]
      .filter(([week, revision]) => (shown.get(week) ?? 0) < revision)
      .map(([week]) => week)
      .sort();
  }

  /**
   * Moves the head to `revision` unless it already shows that one or a later one, or rewrites it with
   * the same revision when it lacks the week-heads index keys (a head written before the index existed;
   * `ops:repair-week-heads` finds those).
   */
  private async advanceHead(revision: ReportRevision): Promise<void> {
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: headItem(revision),
        ConditionExpression: HEAD_CONDITION,
        ExpressionAttributeNames: { '#indexPk': WEEK_HEADS_INDEX.partitionKey },
        ExpressionAttributeValues: { ':revision': revision.revision },
      });
    } catch (error) {
      // A later revision moved the head first: it already shows something newer than this one.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async latestBetween(departmentId: string, first: IsoWeek, last: IsoWeek): Promise<ReportRevision[]> {
    const items = await queryAll(this.table, this.headsBetween(departmentId, first, last));
    return items.map((item) => withoutKeys<ReportRevision>(item));
  }

  /**
   * The heads' statuses only, read consistently: a department's own coverage row (a reviewer's grid reads
   * the index, statusesOfRoster). A projection, so that a period's coverage does not transfer and
   * unmarshal every report's items (get-coverage's first request once spent more CPU on them than on its
   * deadlines; README "Cold start"). DynamoDB still reads, and charges for, whole items.
   */
  async statusesBetween(departmentId: string, first: IsoWeek, last: IsoWeek): Promise<ReportStatus[]> {
    const items = await queryAll(this.table, {
      ...this.headsBetween(departmentId, first, last),
      ...STATUS_PROJECTION,
    });
    return items as ReportStatus[];
  }

  /**
   * Every department's head statuses from `first` to `last` (weeks of one period, so of one ISO
   * week-year): one Query of the sparse WEEK_HEADS_INDEX, all its pages, instead of one Query per
   * department. Eventually consistent, as every global secondary index is: a head written a moment
   * ago may be missing for about a second. In week order, then department id order.
   */
  async statusesOfRoster(first: IsoWeek, last: IsoWeek): Promise<ReportStatus[]> {
    const partition = keys.weekHeadsPartition(first);
    if (keys.weekHeadsPartition(last) !== partition) {
      throw new RangeError(`${first} and ${last} lie in different ISO week-years: no period spans two`);
    }
    const { from, to } = keys.weekHeadsRange(first, last);
    const items = await queryAll(this.table, {
      TableName: this.tableName,
      IndexName: WEEK_HEADS_INDEX.indexName,
      KeyConditionExpression: '#ipk = :partition AND #isk BETWEEN :from AND :to',
      // The sort key names the week and the department; the index projects nothing else but these two.
      ProjectionExpression: '#isk, #revision, #firstLate',
      ExpressionAttributeNames: {
        '#ipk': WEEK_HEADS_INDEX.partitionKey,
        '#isk': WEEK_HEADS_INDEX.sortKey,
        '#revision': 'revision',
        '#firstLate': 'firstLate',
      },
      ExpressionAttributeValues: { ':partition': partition, ':from': from, ':to': to },
    });
    return items.map((item) => ({
      ...keys.weekHeadOf(item[WEEK_HEADS_INDEX.sortKey] as string),
      revision: item.revision as number,
      firstLate: item.firstLate as boolean,
    }));
  }

  /** The Query of a department's week heads from `first` to `last`, read consistently. */
  private headsBetween(departmentId: string, first: IsoWeek, last: IsoWeek) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.reportPartition(departmentId),
        ':from': keys.reportHead(departmentId, first).sk,
        ':to': keys.reportHead(departmentId, last).sk,
      },
      // A listing, a summary or a coverage right after a submit must include it.
      ConsistentRead: true,
    };
  }

  /**
   * One BatchGetItem of the week heads per 100 departments, projected to the partition key: whether a
   * head exists is all a reminder needs, and a head is a whole report of up to 400 KB (send-reminder's
   * first request spent its time on one GetItem of each; README "Cold start"). Consistent, as `latest`
   * was: a reminder right after a submit must not name that department. DynamoDB still reads, and
   * charges for, whole items.
   *
   * Keys that DynamoDB leaves unprocessed (it does under throttling) are asked for again with a
   * jittered, doubling backoff. If some are still unprocessed after `attempts` requests, this throws
   * BatchIncompleteError instead of answering: a department it could not read would otherwise be
   * named, in every group channel, as missing a report it submitted. The reminder then fails before
   * sending anything (a 500, or the scheduled run's error) and can simply be run again.
   */
  async reportedIn(week: IsoWeek, departmentIds: readonly string[]): Promise<Set<string>> {
    // BatchGetItem refuses a request that names a key twice.
    const unique = [...new Set(departmentIds)];
    const byPartition = new Map(unique.map((id) => [keys.reportPartition(id), id]));
    const reported = new Set<string>();
    // One chunk after another: a district's roster is one chunk, and a larger one should not meet
    // throttling with several requests at once.
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      const chunk: Record<string, unknown>[] = unique
        .slice(start, start + BATCH_GET_KEYS)
        .map((id) => keys.reportHead(id, week));
      await sendUntilProcessed(
        'BatchGetItem',
        chunk,
        async (pending) => {
          const { Responses, UnprocessedKeys } = await this.table.batchGet({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ConsistentRead: true,
                // Through a placeholder, like the status projection: many attribute names are reserved
                // words, which DynamoDB refuses in an expression.
                ProjectionExpression: '#pk',
                ExpressionAttributeNames: { '#pk': 'pk' },
              },
            },
          });
          for (const item of Responses?.[this.tableName] ?? []) {
            const id = byPartition.get(item.pk as string);
            if (id !== undefined) reported.add(id);
          }
          return UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        },
        this.batchRetry,
      );
    }
    return reported;
  }

  async latestPage(request: LatestPageRequest): Promise<LatestPage> {
    const { departmentId, first, last, limit, after, maxBytes } = request;
    const reports: ReportRevision[] = [];
    let bytes = 0;
    let startKey: Record<string, unknown> | undefined = after
      ? keys.reportHead(departmentId, after)
      : undefined;
    // DynamoDB pages by its own 1 MB limit; this loop pages by the caller's count and byte limits.
    for (;;) {
      const page = await this.table.query({
        ...this.headsBetween(departmentId, first, last),
        ExclusiveStartKey: startKey,
        Limit: limit - reports.length + 1,
      });
      for (const item of page.Items ?? []) {
        const report = withoutKeys<ReportRevision>(item);
        const size = Buffer.byteLength(JSON.stringify(report), 'utf8');
        const full = reports.length >= limit || (reports.length > 0 && bytes + size > maxBytes);
        if (full) return { reports, next: reports[reports.length - 1]!.week };
        reports.push(report);
        bytes += size;
      }
      startKey = page.LastEvaluatedKey;
      if (!startKey) return { reports };
    }
  }
}

/**
 * A week head: the revision under the head's key, with the index attributes that put it in
 * WEEK_HEADS_INDEX (revisions never carry them, which keeps the index to heads).
 */
function headItem(revision: ReportRevision) {
  return {
    ...keys.reportHead(revision.departmentId, revision.week),
    ...keys.weekHeadsIndexKeys(revision.departmentId, revision.week),
    ...revision,
  };
}
