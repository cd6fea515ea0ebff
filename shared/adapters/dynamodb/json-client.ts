/**
 * A DynamoDB GetItem without the SDK's client: one request in DynamoDB's JSON protocol
 * (`X-Amz-Target: DynamoDB_20120810.GetItem`), signed with the SDK's own Signature Version 4 signer and
 * sent with node:http(s).
 *
 * Why: the authorizer runs before every private request, and in a district nearly every request is a
 * cold start. A process that does nothing but one GetItem through the SDK's DynamoDB client (loading
 * it, building it, its first request: shared-config lookups, endpoint rules, middleware) costs 2.3× a
 * hello world's CPU; through this client, 1.6× (the reference rows of `npm run bench:cold`, README
 * "Cold start"). Node's global `fetch` was measured too: loading it costs more CPU than the whole of
 * this module, so the request goes through node:http(s), as the SDK's own handler does.
 *
 * What the SDK would have done that matters here, done here too: the regional endpoint (or
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, which is how it reaches dynalite and DynamoDB Local),
 * credentials from the environment with the session token (where Lambda puts the role's), retries with
 * exponential backoff and full jitter on throttling, 5xx and network failures, and a time limit per
 * attempt. Not done: FIPS and dual-stack endpoints, binary attributes (the table stores none; a request
 * with one is refused before it is sent), and the operations the repositories do not use.
 *
 * The API functions use it too, through `lightTable` (the repositories' DocumentTable): the SDK's
 * client alone costs 2.0× a hello world at cold start against the 2.5× a whole function may take, and
 * this one 1.5×. Values are marshalled and unmarshalled by the SDK's own @aws-sdk/util-dynamodb with the
 * options of the document client (client.ts), so an item reads back the same through either.
 *
 * Errors carry DynamoDB's error type as their name (ConditionalCheckFailedException …, as the SDK's
 * do) and the HTTP status, never a response body or a credential.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { marshall, unmarshall, type marshallOptions } from '@aws-sdk/util-dynamodb';
import { Sha256 } from '../aws/sha256';
import {
  exchange,
  GaveUp,
  noAnswer,
  refusal,
  retrying,
  sleepFor,
  type AttemptFailure,
  type HttpAnswer,
  type RetryPolicy,
} from '../aws/http-exchange';
import { environmentCredentials, type AwsCredentials } from '../aws/environment-credentials';
import type { DocumentTable } from './document-table';

/** An AWS service that speaks the JSON protocol: how it is signed, named and addressed. */
export interface JsonProtocol {
  /** Signing name, and the first label of the regional endpoint unless `endpointPrefix` says otherwise. */
  service: string;
  /** The regional endpoint's first label where it differs from the signing name (SES: `email`). */
  endpointPrefix?: string;
  /** For messages: "DynamoDB GetItem failed …". */
  label: string;
  targetPrefix: string;
  contentType: string;
  /** The SDK's service-specific endpoint override (AWS_ENDPOINT_URL_<SERVICE>). */
  endpointVariable: string;
}

export const DYNAMODB_PROTOCOL: JsonProtocol = {
  service: 'dynamodb',
  label: 'DynamoDB',
  targetPrefix: 'DynamoDB_20120810.',
  contentType: 'application/x-amz-json-1.0',
  endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
};

/** EventBridge's PutEvents for the integration events (events/publishers.ts). */
export const EVENTBRIDGE_PROTOCOL: JsonProtocol = {
  service: 'events',
  label: 'EventBridge',
  targetPrefix: 'AWSEvents.',
  contentType: 'application/x-amz-json-1.1',
  endpointVariable: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
};

/**
 * Lambda's Invoke (`request` only: its API is REST, so the target prefix and content type of the JSON
 * protocol do not apply; lambda/generation-trigger.ts sets its own path and headers).
 */
export const LAMBDA_PROTOCOL: JsonProtocol = {
  service: 'lambda',
  label: 'Lambda',
  targetPrefix: '',
  contentType: 'application/json',
  endpointVariable: 'AWS_ENDPOINT_URL_LAMBDA',
};

/** Secrets Manager's GetSecretValue, for the notification channels (secrets/light-secrets-provider.ts). */
export const SECRETS_MANAGER_PROTOCOL: JsonProtocol = {
  service: 'secretsmanager',
  label: 'Secrets Manager',
  targetPrefix: 'secretsmanager.',
  contentType: 'application/x-amz-json-1.1',
  // The SDK's service id is "Secrets Manager": its words joined by "_".
  endpointVariable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
};

/**
 * SES v2 (`request` only: its API is REST and JSON, like Lambda's; notifications/ses-email-sender.ts
 * sends SendEmail). Signed as `ses`, addressed as `email.{region}`, and overridden by the variable
 * the SDK's SESv2 client reads (its service id is "SESv2").
 */
export const SES_PROTOCOL: JsonProtocol = {
  service: 'ses',
  endpointPrefix: 'email',
  label: 'SES',
  targetPrefix: '',
  contentType: 'application/json',
  endpointVariable: 'AWS_ENDPOINT_URL_SESV2',
};

export interface DynamoDbJsonClientOptions {
  /** @default DYNAMODB_PROTOCOL */
  protocol?: JsonProtocol;
  region: string;
  /** Base URL of the service; the regional endpoint when absent. */
  endpoint?: string;
  /** Read on every request, so rotated credentials are picked up. */
  credentials: () => AwsCredentials;
  /** Attempts in all, the first included. @default 3 (the SDK's default) */
  maxAttempts?: number;
  /** Time limit of one attempt, connection included. @default 1000 */
  attemptTimeoutMs?: number;
  /** First backoff ceiling; doubles per retry, up to maxBackoffMs. @default 50 */
  baseBackoffMs?: number;
  /** @default 1000 */
  maxBackoffMs?: number;
  /** Injected by tests: how long to wait, and the random number for the jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * A request that failed for good: after its retries, or at once when retrying cannot help. Named by
 * DynamoDB's error type, as the SDK names its exceptions, so `isConditionalCheckFailed` and anything
 * else that tests `error.name` reads both alike.
 */
export class DynamoDbRequestError extends Error {
  constructor(
    readonly operation: string,
    /** DynamoDB's error type (`ProvisionedThroughputExceededException` …) or what failed locally. */
    readonly type: string,
    /** The HTTP status, when there was a response. */
    readonly status: number | undefined,
    readonly attempts: number,
    label = 'DynamoDB',
  ) {
    super(
      `${label} ${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${type}` +
        (status === undefined ? '' : ` (HTTP ${status})`),
    );
    this.name = type;
  }
}

/** Error types DynamoDB documents as retryable, besides every 5xx. */
const RETRYABLE_TYPES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  // Lambda's throttling (429, also retried by its status)
  'TooManyRequestsException',
]);

interface RequestInput {
  path: string;
  headers: Record<string, string>;
  body: string;
  expectStatus: number;
  signal?: AbortSignal;
}

/**
 * The client. Named for DynamoDB, its main use; with `protocol: EVENTBRIDGE_PROTOCOL` or
 * `SECRETS_MANAGER_PROTOCOL` it sends those services' calls the same way (`call` only: `getItem` is
 * DynamoDB's), and with LAMBDA_PROTOCOL or SES_PROTOCOL their REST calls (`request`).
 */
export class DynamoDbJsonClient {
  private readonly protocol: JsonProtocol;
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly attemptTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: DynamoDbJsonClientOptions) {
    this.protocol = options.protocol ?? DYNAMODB_PROTOCOL;
    this.url = new URL(
      options.endpoint ??
        regionalEndpoint(options.region, this.protocol.endpointPrefix ?? this.protocol.service),
    );
    this.signer = new SignatureV4({
      service: this.protocol.service,
      region: options.region,
      credentials: async () => options.credentials(),
      sha256: Sha256,
    });
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 1000;
    this.retryPolicy = {
      maxAttempts: options.maxAttempts ?? 3,
      baseBackoffMs: options.baseBackoffMs ?? 50,
      maxBackoffMs: options.maxBackoffMs ?? 1000,
      sleep: options.sleep ?? sleepFor,
      random: options.random ?? Math.random,
    };
  }

  /** Where the requests go: the override or the regional endpoint. */
  get endpoint(): string {
    return this.url.href;
  }

  /** The item under `key`, or undefined when there is none. */
  async getItem(input: {
    tableName: string;
    key: Record<string, unknown>;
    consistentRead?: boolean;
  }): Promise<Record<string, unknown> | undefined> {
    const output = await this.call('GetItem', {
      TableName: input.tableName,
      Key: marshall(input.key),
      ...(input.consistentRead ? { ConsistentRead: true } : {}),
    });
    const item = (output as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    return item ? unmarshall(item) : undefined;
  }

  /**
   * One operation of DynamoDB's JSON protocol with its input as DynamoDB takes it (attribute values
   * already marshalled); its output as DynamoDB returns it.
   */
  async call(operation: string, input: unknown): Promise<unknown> {
    const body = JSON.stringify(input, refuseBinary);
    const text = await this.request(operation, {
      path: this.url.pathname,
      headers: {
        'content-type': this.protocol.contentType,
        'x-amz-target': `${this.protocol.targetPrefix}${operation}`,
      },
      body,
      expectStatus: 200,
    });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DynamoDbRequestError(operation, 'MalformedResponse', 200, 1, this.protocol.label);
    }
  }

  /**
   * One signed POST to the service under `path` (below the endpoint), retried like `call`; the
   * response's body when its status is `expectStatus`. For the services whose API is REST and JSON
   * rather than the JSON protocol: Lambda's Invoke (lambda/generation-trigger.ts), SES's SendEmail
   * (notifications/ses-email-sender.ts).
   *
   * `signal` is the caller's own limit over all attempts (the SDK's `abortSignal`): once it fires, an
   * attempt under way is cut off, no further attempt starts, and the request fails with the signal's
   * reason (an AbortError or TimeoutError), so the caller can tell its own time running out from the
   * service failing.
   */
  async request(operation: string, input: RequestInput): Promise<string> {
    const outcome = await retrying(
      this.retryPolicy,
      () => this.attempt(input),
      () => input.signal?.throwIfAborted(),
    );
    if (!(outcome instanceof GaveUp)) return outcome;
    const { failure, attempts } = outcome;
    throw new DynamoDbRequestError(operation, failure.type, failure.status, attempts, this.protocol.label);
  }

  private async attempt(input: RequestInput): Promise<string | AttemptFailure> {
    const { url } = this;
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: input.path,
      query: {},
      headers: { host: url.host, ...input.headers },
      body: input.body,
    });
    let answer: HttpAnswer;
    const limit = AbortSignal.timeout(this.attemptTimeoutMs);
    try {
      answer = await exchange(
        new URL(input.path, url),
        {
          method: 'POST',
          headers: { ...signed.headers, 'content-length': Buffer.byteLength(input.body) },
          signal: input.signal ? AbortSignal.any([limit, input.signal]) : limit,
        },
        input.body,
      );
    } catch (error) {
      if (input.signal?.aborted) throw input.signal.reason;
      return noAnswer(error);
    }
    const body = answer.body.toString('utf8');
    if (answer.status === input.expectStatus) return body;
    const header = answer.headers['x-amzn-errortype'];
    const type = errorType(typeof header === 'string' ? header : undefined, body) ?? 'UnknownError';
    return refusal(type, answer.status, RETRYABLE_TYPES);
  }
}

/**
 * JSON.stringify would write a Uint8Array as an object of its indexes, where DynamoDB wants base64;
 * the table stores no binary attribute, so one is a mistake to stop before it is written.
 */
function refuseBinary(this: unknown, key: string, value: unknown): unknown {
  if ((this as Record<string, unknown>)[key] instanceof Uint8Array) {
    throw new TypeError(`binary attribute ${key}: not supported by the light DynamoDB client`);
  }
  return value;
}

/**
 * The error type, looked for where the SDK looks (its `loadRestJsonErrorCode`, which its JSON-protocol
 * clients use too): the `x-amzn-errortype` header (Lambda's and SES's: `MessageRejected:http://…`),
 * then the body's `code`, then its `__type` (DynamoDB's and EventBridge's:
 * `com.amazonaws.dynamodb.v20120810#Type`).
 */
function errorType(header: string | undefined, text: string): string | undefined {
  if (header) return header.split(':')[0];
  try {
    const body = JSON.parse(text) as { code?: unknown; Code?: unknown; __type?: unknown };
    const type = [body.code, body.Code, body.__type].find((value) => typeof value === 'string');
    return typeof type === 'string' ? type.slice(type.lastIndexOf('#') + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** A service's endpoint (DynamoDB's by default) in a region of the aws or aws-cn partition. */
export function regionalEndpoint(region: string, service = 'dynamodb'): string {
  return `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/**
 * The client for the function's environment: AWS_REGION, the endpoint override the SDK also reads,
 * and the credentials Lambda sets. Reads nothing until the first request.
 */
export function dynamoDbJsonClientFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: Pick<DynamoDbJsonClientOptions, 'attemptTimeoutMs' | 'maxAttempts' | 'protocol'> = {},
): () => DynamoDbJsonClient {
  const protocol = options.protocol ?? DYNAMODB_PROTOCOL;
  let client: DynamoDbJsonClient | undefined;
  return () => {
    if (client) return client;
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('AWS_REGION environment variable is not set');
    client = new DynamoDbJsonClient({
      ...options,
      region,
      endpoint: env[protocol.endpointVariable] || env.AWS_ENDPOINT_URL || undefined,
      credentials: environmentCredentials(env),
    });
    return client;
  };
}

// ---------------------------------------------------------------------------------------------------
// The repositories' operations (document-table.ts) on the light client

type Item = Record<string, unknown>;
type Marshalled = Parameters<typeof unmarshall>[0];

/** The document client's options (client.ts): an undefined attribute is left out, not an error. */
const MARSHALL: marshallOptions = { removeUndefinedValues: true };

const toItem = (item: Item | undefined) => (item === undefined ? undefined : marshall(item, MARSHALL));
const fromItem = (item: Marshalled | undefined) => (item === undefined ? undefined : unmarshall(item));

/** Marshals the parts of an input that hold attribute values; the rest goes as it is. */
function marshalInput(input: object): Record<string, unknown> {
  const { Key, Item, ExpressionAttributeValues, ExclusiveStartKey, ...rest } = input as Record<
    string,
    Item | undefined
  >;
  return {
    ...rest,
    ...(Key ? { Key: toItem(Key) } : {}),
    ...(Item ? { Item: toItem(Item) } : {}),
    ...(ExpressionAttributeValues ? { ExpressionAttributeValues: toItem(ExpressionAttributeValues) } : {}),
    ...(ExclusiveStartKey ? { ExclusiveStartKey: toItem(ExclusiveStartKey) } : {}),
  };
}

interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

function mapWrites(
  requestItems: Record<string, WriteRequest[]> | undefined,
  map: (item: Item) => Item | undefined,
): Record<string, WriteRequest[]> | undefined {
  if (!requestItems) return undefined;
  return Object.fromEntries(
    Object.entries(requestItems).map(([table, requests]) => [
      table,
      requests.map((request) =>
        request.PutRequest
          ? { PutRequest: { Item: map(request.PutRequest.Item)! } }
          : { DeleteRequest: { Key: map(request.DeleteRequest!.Key)! } },
      ),
    ]),
  );
}

/** One table's part of a BatchGetItem: its keys, and how to read them (projection, consistency). */
interface KeysAndAttributes {
  Keys: Item[];
  [option: string]: unknown;
}

function mapKeys(
  requestItems: Record<string, KeysAndAttributes> | undefined,
  map: (key: Item) => Item,
): Record<string, KeysAndAttributes> | undefined {
  if (!requestItems) return undefined;
  return Object.fromEntries(
    Object.entries(requestItems).map(([table, request]) => [
      table,
      { ...request, Keys: request.Keys.map(map) },
    ]),
  );
}

/**
 * The DocumentTable of the API functions: each call one request of the light client, created on the
 * first call (`client` is dynamoDbJsonClientFromEnvironment's getter in a function).
 */
export function lightTable(client: () => DynamoDbJsonClient): DocumentTable {
  const call = async (operation: string, input: object) =>
    (await client().call(operation, marshalInput(input))) as Record<string, unknown>;
  const withAttributes = async (operation: string, input: object) => {
    const { Attributes } = (await call(operation, input)) as { Attributes?: Marshalled };
    return Attributes ? { Attributes: fromItem(Attributes) } : {};
  };
  return {
    async get(input) {
      const { Item } = (await call('GetItem', input)) as { Item?: Marshalled };
      return Item ? { Item: fromItem(Item) } : {};
    },
    put: (input) => withAttributes('PutItem', input),
    update: (input) => withAttributes('UpdateItem', input),
    delete: (input) => withAttributes('DeleteItem', input),
    async query(input) {
      const output = (await call('Query', input)) as {
        Items?: Marshalled[];
        LastEvaluatedKey?: Marshalled;
        Count?: number;
        ScannedCount?: number;
      };
      return {
        Items: (output.Items ?? []).map((item) => unmarshall(item)),
        ...(output.LastEvaluatedKey ? { LastEvaluatedKey: fromItem(output.LastEvaluatedKey) } : {}),
        ...(output.Count === undefined ? {} : { Count: output.Count }),
        ...(output.ScannedCount === undefined ? {} : { ScannedCount: output.ScannedCount }),
      };
    },
    async batchWrite(input) {
      const requestItems = mapWrites(input.RequestItems as Record<string, WriteRequest[]>, toItem);
      const output = (await client().call('BatchWriteItem', { ...input, RequestItems: requestItems })) as {
        UnprocessedItems?: Record<string, WriteRequest[]>;
      };
      const unprocessed = mapWrites(output.UnprocessedItems, (item) => unmarshall(item as Marshalled));
      return unprocessed && Object.keys(unprocessed).length > 0 ? { UnprocessedItems: unprocessed } : {};
    },
    async batchGet(input) {
      const requestItems = mapKeys(input.RequestItems as Record<string, KeysAndAttributes>, (key) =>
        toItem(key)!,
      );
      const output = (await client().call('BatchGetItem', { ...input, RequestItems: requestItems })) as {
        Responses?: Record<string, Marshalled[]>;
        UnprocessedKeys?: Record<string, KeysAndAttributes>;
      };
      const responses = Object.fromEntries(
        Object.entries(output.Responses ?? {}).map(([table, items]) => [
          table,
          items.map((item) => unmarshall(item)),
        ]),
      );
      const unprocessed = mapKeys(output.UnprocessedKeys, (key) => unmarshall(key as Marshalled));
      return {
        Responses: responses,
        ...(unprocessed && Object.keys(unprocessed).length > 0 ? { UnprocessedKeys: unprocessed } : {}),
      };
    },
  } as DocumentTable;
}
