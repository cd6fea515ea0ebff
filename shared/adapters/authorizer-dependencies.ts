/**
 * The authorizer's one adapter, wired apart from dependencies.ts: that module also wires the catalog
 * and the parsed configuration, which bring zod into a bundle, and the SDK's DynamoDB client. The
 * authorizer runs before every private request and validates nothing but a header, so its bundle
 * carries no schema library and reads its token with one signed HTTPS request instead of the SDK
 * (dynamodb/json-client.ts). The two took its cold start from 3.8× a hello world's CPU to 1.8×
 * (`npm run bench:cold`, README "Cold start").
 */
import { tableName } from '../config/resources';
import type { TokenReader } from '../ports/repositories';
import { dynamoDbJsonClientFromEnvironment } from './dynamodb/json-client';
import { DynamoTokenReader } from './dynamodb/token-reader';

export function authorizerDependencies(env: NodeJS.ProcessEnv = process.env): { tokens: TokenReader } {
  return { tokens: new DynamoTokenReader(dynamoDbJsonClientFromEnvironment(env), tableName(env)) };
}
