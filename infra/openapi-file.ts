/**
 * The OpenAPI document as a file, built at synth for the get-openapi bundle to ship: building it from
 * every route's zod contract at cold start cost that function more than hello world's whole start
 * (`npm run bench:cold`), and the document only changes with a deployment.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../functions/contracts';

/**
 * Writes the document and returns the file's path. The name is the content's hash, so every synth of
 * the same document finds the same file, and the bundle's asset hash does not move.
 */
export function openApiDocumentFile(): string {
  const json = JSON.stringify(openApiDocument());
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `showcase-openapi-${hash}.json`);
  writeFileSync(path, json);
  return path;
}
