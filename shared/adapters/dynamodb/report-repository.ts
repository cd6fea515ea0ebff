import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IsoWeek } from '../../domain/calendar';
import type { ReportRevision } from '../../domain/report';
import { RevisionTakenError, type ReportRepository } from '../../ports/repositories';
import { keys, withoutKeys } from './keys';
import { queryAll } from './query-all';

export class DynamoReportRepository implements ReportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(departmentId: string, week: IsoWeek): Promise<ReportRevision | undefined> {
    // Revisions sort by their zero-padded number, so the newest is the first item of a backwards query.
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :week)',
        ExpressionAttributeValues: { ':pk': keys.reportPartition(departmentId), ':week': `${week}#` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = Items?.[0];
    return item ? withoutKeys<ReportRevision>(item) : undefined;
  }

  async get(departmentId: string, week: IsoWeek, revision: number): Promise<ReportRevision | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.reportPartition(departmentId), sk: keys.reportSortKey(week, revision) },
      }),
    );
    return Item ? withoutKeys<ReportRevision>(Item) : undefined;
  }

  async create(revision: ReportRevision): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.reportPartition(revision.departmentId),
            sk: keys.reportSortKey(revision.week, revision.revision),
            ...revision,
          },
          // Revisions are immutable: a taken number means another submit won the race.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new RevisionTakenError(revision.departmentId, revision.week, revision.revision);
      }
      throw error;
    }
  }

  async revisionsBetween(departmentId: string, first: IsoWeek, last: IsoWeek): Promise<ReportRevision[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.reportPartition(departmentId),
        ':from': `${first}#`,
        ':to': `${last}#~`,
      },
    });
    return items.map((item) => withoutKeys<ReportRevision>(item));
  }
}
