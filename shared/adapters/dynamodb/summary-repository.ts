import type { Period } from '../../domain/calendar';
import type {
  BatchMark,
  GenerationRecord,
  GenerationStatus,
  ReadyPointer,
  ScopeDocuments,
  SummaryRepository,
} from '../../ports/summaries';
import { keys, withoutKeys } from './keys';
import { queryAll } from './query-all';
import { sendUntilProcessed } from './batch-retry';
import { isConditionalCheckFailed, type DocumentTable } from './document-table';

const BATCH_SIZE = 25;

/**
 * A generation's progress is kept in top-level attributes, because an atomic ADD works on those:
 * `batchesTotal`, `batchesDone` (the tally) and `doneBatches` (a number set of finished batch indexes,
 * which makes counting a batch idempotent in the same conditional update).
 */
function generationItem(record: GenerationRecord) {
  const { progress, ...rest } = record;
  return {
    ...keys.generation(record.period, record.generationId),
    ...rest,
    ...(progress ? { batchesTotal: progress.total, batchesDone: progress.done } : {}),
  };
}

function generationOf(item: Record<string, unknown>): GenerationRecord {
  const { batchesTotal, batchesDone, doneBatches: _doneBatches, ...rest } = item;
  const record = withoutKeys<GenerationRecord>(rest);
  return typeof batchesTotal === 'number'
    ? {
        ...record,
        progress: { done: typeof batchesDone === 'number' ? batchesDone : 0, total: batchesTotal },
      }
    : record;
}

export class DynamoSummaryRepository implements SummaryRepository {
  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
  ) {}

  async acquire(
    period: Period,
    generationId: string,
    now: Date,
    staleBefore: Date,
  ): Promise<{ acquired: true; replaced?: string } | { acquired: false; holder: string }> {
    for (;;) {
      try {
        const { Attributes } = await this.table.put({
          TableName: this.tableName,
          Item: {
            ...keys.running(period),
            generationId,
            startedAt: now.toISOString(),
            heartbeatAt: now.toISOString(),
          },
          // One generation per period at a time; a holder whose heartbeat stopped has died.
          ConditionExpression: 'attribute_not_exists(pk) OR heartbeatAt < :staleBefore',
          ExpressionAttributeValues: { ':staleBefore': staleBefore.toISOString() },
          ReturnValues: 'ALL_OLD',
        });
        const replaced = Attributes?.generationId as string | undefined;
        return { acquired: true, ...(replaced ? { replaced } : {}) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const { Item } = await this.table.get({
        TableName: this.tableName,
        Key: keys.running(period),
        ConsistentRead: true,
      });
      // Released between the two calls: try again.
      if (Item) return { acquired: false, holder: Item.generationId as string };
    }
  }

  async heartbeat(period: Period, generationId: string, now: Date): Promise<boolean> {
    try {
      await this.table.update({
        TableName: this.tableName,
        Key: keys.running(period),
        UpdateExpression: 'SET heartbeatAt = :now',
        ConditionExpression: 'generationId = :id',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':id': generationId },
      });
      return true;
    } catch (error) {
      // Released or taken over as dead: this generation no longer holds the period.
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async release(period: Period, generationId: string): Promise<void> {
    try {
      await this.table.delete({
        TableName: this.tableName,
        Key: keys.running(period),
        ConditionExpression: 'generationId = :id',
        ExpressionAttributeValues: { ':id': generationId },
      });
    } catch (error) {
      // Taken over as stale meanwhile: the lock is not ours to release any more.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async putGeneration(record: GenerationRecord, expected?: GenerationStatus): Promise<boolean> {
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: generationItem(record),
        ...(expected === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#status = :expected',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':expected': expected },
            }),
      });
      return true;
    } catch (error) {
      // Another writer decided this generation's fate first (a takeover marked it failed, say).
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async getGeneration(period: Period, generationId: string): Promise<GenerationRecord | undefined> {
    const { Item } = await this.table.get({
      TableName: this.tableName,
      Key: keys.generation(period, generationId),
      ConsistentRead: true,
    });
    return Item ? generationOf(Item) : undefined;
  }

  async startBatches(period: Period, generationId: string, total: number): Promise<boolean> {
    try {
      await this.table.update({
        TableName: this.tableName,
        Key: keys.generation(period, generationId),
        UpdateExpression: 'SET batchesTotal = :total, batchesDone = :zero',
        ConditionExpression: '#status = :running AND attribute_not_exists(batchesTotal)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':total': total, ':zero': 0, ':running': 'running' },
      });
      return true;
    } catch (error) {
      // Ended meanwhile, or split already by an earlier attempt of the same coordinator.
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async markBatchDone(period: Period, generationId: string, batch: number): Promise<BatchMark> {
    try {
      const { Attributes } = await this.table.update({
        TableName: this.tableName,
        Key: keys.generation(period, generationId),
        UpdateExpression: 'ADD batchesDone :one, doneBatches :batchSet',
        // One write both marks and counts, so a batch that dies between two writes cannot leave a mark
        // without its count (the generation would wait forever) or a count without its mark (counted twice).
        ConditionExpression:
          '#status = :running AND (attribute_not_exists(doneBatches) OR NOT contains(doneBatches, :batch))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':batchSet': new Set([batch]),
          ':batch': batch,
          ':running': 'running',
        },
        ReturnValues: 'ALL_NEW',
      });
      return {
        outcome: 'counted',
        done: Number(Attributes?.batchesDone),
        total: Number(Attributes?.batchesTotal),
      };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    // Which condition failed: a repeated delivery of a counted batch, or a generation that ended.
    const generation = await this.getGeneration(period, generationId);
    return generation?.status === 'running' ? { outcome: 'duplicate' } : { outcome: 'not-running' };
  }

  async listGenerations(period: Period): Promise<GenerationRecord[]> {
    const items = await queryAll(this.table, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.summaryPartition(period), ':prefix': 'GENERATION#' },
      ConsistentRead: true,
    });
    return items.map(generationOf);
  }

  async latestGeneration(period: Period): Promise<GenerationRecord | undefined> {
    const { Items } = await this.table.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.summaryPartition(period), ':prefix': 'GENERATION#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const item = Items?.[0];
    return item ? generationOf(item) : undefined;
  }

  async putScopeDocuments(period: Period, generationId: string, scopes: ScopeDocuments[]): Promise<void> {
    for (let start = 0; start < scopes.length; start += BATCH_SIZE) {
      const requests = scopes.slice(start, start + BATCH_SIZE).map((scope) => ({
        PutRequest: { Item: { ...keys.scopeDocuments(period, generationId, scope.scope), ...scope } },
      }));
      // BatchWriteItem may leave some items unprocessed under throttling; resend those until none remain.
      await sendUntilProcessed('BatchWriteItem', requests, async (pending) => {
        const { UnprocessedItems } = await this.table.batchWrite({
          RequestItems: { [this.tableName]: pending },
        });
        return (UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      });
    }
  }

  async getScopeDocuments(
    period: Period,
    generationId: string,
    scope: string,
  ): Promise<ScopeDocuments | undefined> {
    const { Item } = await this.table.get(
      // Strongly consistent, like the READY pointer that leads here: the documents it names were written
      // before it, and an eventually consistent read could still miss them.
      {
        TableName: this.tableName,
        Key: keys.scopeDocuments(period, generationId, scope),
        ConsistentRead: true,
      },
    );
    return Item ? withoutKeys<ScopeDocuments>(Item) : undefined;
  }

  async listScopeDocuments(period: Period, generationId: string): Promise<ScopeDocuments[]> {
    const items = await queryAll(this.table, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.summaryPartition(period),
        ':prefix': keys.scopeDocumentsPrefix(generationId),
      },
      ConsistentRead: true,
    });
    return items.map((item) => withoutKeys<ScopeDocuments>(item));
  }

  async setReady(pointer: ReadyPointer): Promise<void> {
    try {
      await this.table.put({
        TableName: this.tableName,
        Item: { ...keys.ready(pointer.period), ...pointer },
        ConditionExpression: 'attribute_not_exists(pk) OR generationId < :id',
        ExpressionAttributeValues: { ':id': pointer.generationId },
      });
    } catch (error) {
      // A newer generation is published already; this one stays in S3 but is not the latest.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async getReady(period: Period): Promise<ReadyPointer | undefined> {
    const { Item } = await this.table.get({
      TableName: this.tableName,
      Key: keys.ready(period),
      ConsistentRead: true,
    });
    return Item ? withoutKeys<ReadyPointer>(Item) : undefined;
  }
}
