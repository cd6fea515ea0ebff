import type { Department } from '../../domain/report';
import type { DepartmentInput, DepartmentRepository } from '../../ports/repositories';
import { keys } from './keys';
import { queryAll } from './query-all';
import type { DocumentTable } from './document-table';

function toDepartment(item: Record<string, unknown>): Department {
  // Rebuilt field by field so that responses list the fields in one order, whatever the store returns.
  return {
    departmentId: item.departmentId as string,
    name: item.name as string,
    ...(item.activeFrom ? { activeFrom: item.activeFrom as string } : {}),
    ...(item.email ? { email: item.email as string } : {}),
    ...(typeof item.order === 'number' ? { order: item.order } : {}),
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

export class DynamoDepartmentRepository implements DepartmentRepository {
  constructor(
    private readonly table: DocumentTable,
    private readonly tableName: string,
  ) {}

  async get(departmentId: string): Promise<Department | undefined> {
    const { Item } = await this.table.get(
      // Strongly consistent: a token or a report for a department just created must find it.
      {
        TableName: this.tableName,
        Key: keys.department(departmentId),
        ConsistentRead: true,
      },
    );
    return Item ? toDepartment(Item) : undefined;
  }

  async upsert(input: DepartmentInput, now: Date): Promise<{ department: Department; created: boolean }> {
    // One UpdateItem both keeps createdAt and tells created from updated (ALL_OLD is empty on creation).
    const set = [
      '#name = :name',
      'departmentId = :id',
      'updatedAt = :now',
      'createdAt = if_not_exists(createdAt, :now)',
    ];
    const values: Record<string, unknown> = {
      ':name': input.name,
      ':id': input.departmentId,
      ':now': now.toISOString(),
    };
    const names: Record<string, string> = { '#name': 'name' };
    // The whole record is replaced: an omitted optional field is removed, not kept.
    const remove: string[] = [];
    for (const field of ['activeFrom', 'email'] as const) {
      const value = input[field];
      if (value) {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = value;
      } else {
        remove.push(field);
      }
    }
    // ORDER is a DynamoDB reserved word.
    names['#order'] = 'order';
    if (input.order !== undefined) {
      set.push('#order = :order');
      values[':order'] = input.order;
    } else remove.push('#order');
    const { Attributes } = await this.table.update({
      TableName: this.tableName,
      Key: keys.department(input.departmentId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_OLD',
    });
    const createdAt = (Attributes?.createdAt as string | undefined) ?? now.toISOString();
    const department: Department = {
      departmentId: input.departmentId,
      name: input.name,
      ...(input.activeFrom ? { activeFrom: input.activeFrom } : {}),
      ...(input.email ? { email: input.email } : {}),
      ...(input.order !== undefined ? { order: input.order } : {}),
      createdAt,
      updatedAt: now.toISOString(),
    };
    return { department, created: Attributes === undefined };
  }

  async list(): Promise<Department[]> {
    const items = await queryAll(this.table, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.departmentPartition },
      // The roster read right after a PUT must show it.
      ConsistentRead: true,
    });
    return items.map(toDepartment);
  }
}
