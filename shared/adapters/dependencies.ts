/**
 * Wires the adapters to the configuration. Handlers call these once at module scope (cold start), so
 * every invocation of a warm function reuses the same clients.
 */
import { CatalogIndex } from '../domain/catalog';
import { config as processConfig, type Config } from '../config/config';
import { systemClock } from '../use-cases/clock';
import { documentClient } from './dynamodb/client';
import { DynamoDepartmentRepository } from './dynamodb/department-repository';
import { DynamoReportRepository } from './dynamodb/report-repository';
import { DynamoTokenRepository } from './dynamodb/token-repository';

export function repositories(config: Config = processConfig()) {
  const client = documentClient();
  const tableName = config.tableName();
  return {
    departments: new DynamoDepartmentRepository(client, tableName),
    tokens: new DynamoTokenRepository(client, tableName),
    reports: new DynamoReportRepository(client, tableName),
    clock: systemClock,
  };
}

export function reportDependencies(config: Config = processConfig()) {
  const { departments, reports, clock } = repositories(config);
  return { departments, reports, clock, catalog: new CatalogIndex(config.catalog), deadline: config.deadline };
}
