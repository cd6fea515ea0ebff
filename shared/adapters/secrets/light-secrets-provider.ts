/**
 * A Powertools Parameters provider for Secrets Manager that sends GetSecretValue through the light
 * client (dynamodb/json-client.ts: Secrets Manager speaks the same JSON protocol as DynamoDB, with the
 * target `secretsmanager.GetSecretValue`) instead of the SDK's SecretsManagerClient.
 *
 * Why: the reminder functions read the notification channels from a secret, and Powertools' own
 * SecretsProvider imports the SDK's client at module load, which kept the SDK's whole client machinery
 * (@smithy/core's endpoints, retries and schemas) in send-reminder and scheduled-reminder after their
 * SES client had gone (README "Cold start"). Everything else stays Powertools': `get` with its cache
 * (`maxAge`), its `json` transform and its errors (GetParameterError wrapping the cause) come from
 * BaseProvider, as they did through `getSecret`.
 *
 * As Powertools' SecretsProvider: the secret's string, or its binary value as bytes. Not done:
 * getMultiple (Secrets Manager has no path to list, and Powertools' provider refuses it too), version
 * ids and stages (the AWSCURRENT version is the one read).
 */
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import {
  dynamoDbJsonClientFromEnvironment,
  SECRETS_MANAGER_PROTOCOL,
  type DynamoDbJsonClient,
} from '../dynamodb/json-client';

export class LightSecretsProvider extends BaseProvider {
  constructor(private readonly secrets: () => DynamoDbJsonClient = secretsManagerClient()) {
    super({});
  }

  protected async _get(name: string): Promise<string | Uint8Array | undefined> {
    const output = (await this.secrets().call('GetSecretValue', { SecretId: name })) as {
      SecretString?: string;
      SecretBinary?: string;
    };
    if (output.SecretString !== undefined) return output.SecretString;
    // The JSON protocol carries a blob as base64; the SDK hands it over decoded.
    return output.SecretBinary === undefined
      ? undefined
      : new Uint8Array(Buffer.from(output.SecretBinary, 'base64'));
  }

  protected _getMultiple(): Promise<Record<string, unknown> | undefined> {
    throw new Error('Method not implemented.');
  }
}

/** The light client for Secrets Manager, reading its environment on the first request. */
export function secretsManagerClient(env: NodeJS.ProcessEnv = process.env): () => DynamoDbJsonClient {
  // One small read; 3 s per attempt as the API functions' DynamoDB calls.
  return dynamoDbJsonClientFromEnvironment(env, {
    protocol: SECRETS_MANAGER_PROTOCOL,
    attemptTimeoutMs: 3000,
  });
}
