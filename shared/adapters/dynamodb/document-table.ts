/**
 * The DynamoDB operations the repositories use, in the document client's shapes (plain JavaScript
 * values, lib-dynamodb's input and output names), with two implementations:
 *
 * - `sdkTable` (client.ts): the SDK's DynamoDBDocumentClient, for tools and tests;
 * - `lightTable` (json-client.ts): one signed request per call without the SDK's client, for the API
 *   functions, where the SDK's load and first request cost more than the whole cold-start budget leaves
 *   (README "Cold start"), and for the generator and render-batch, whose thousands of calls per
 *   generation cost about 0.67× the SDK's CPU each (generator-dependencies.ts).
 *
 * The repositories depend on this interface only, so which one a function gets is decided where the
 * adapters are wired (dependencies.ts), and the use cases never see it. Only types are imported from
 * lib-dynamodb here, which puts nothing of it into a bundle.
 */
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';

type Out<T> = Omit<T, '$metadata'>;

export interface DocumentTable {
  get(input: GetCommandInput): Promise<Out<GetCommandOutput>>;
  put(input: PutCommandInput): Promise<Out<PutCommandOutput>>;
  update(input: UpdateCommandInput): Promise<Out<UpdateCommandOutput>>;
  delete(input: DeleteCommandInput): Promise<Out<DeleteCommandOutput>>;
  query(input: QueryCommandInput): Promise<Out<QueryCommandOutput>>;
  batchWrite(input: BatchWriteCommandInput): Promise<Out<BatchWriteCommandOutput>>;
  /**
   * Up to 100 keys in one request. Keys DynamoDB did not get to (throttling, 16 MB of response) come
   * back in `UnprocessedKeys`: asking again for those is the caller's part, as with batchWrite's items.
   */
  batchGet(input: BatchGetCommandInput): Promise<Out<BatchGetCommandOutput>>;
}

/**
 * A conditional write that found its condition false. Both implementations name the error as DynamoDB
 * does (the SDK's ConditionalCheckFailedException, the light client's error of the same name), so the
 * repositories test the name instead of a class that would bring the SDK's client into every bundle.
 */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}
