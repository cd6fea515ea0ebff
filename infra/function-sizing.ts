/**
 * Memory, timeout and heap of every function: plain data, so that the local gateway can give each
 * handler the same time limit without loading the CDK.
 */
import { GENERATOR_TIMEOUT_SECONDS, type FunctionName } from '../shared/config/names';

export interface Sizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /**
   * V8's old-space limit, where the default would let garbage pile up: V8 sizes its heap from the
   * function's memory and collects lazily, so a generation peaked near 1.5 GB of which most was
   * garbage; capped, the same run stays under 1 GB at no measurable cost in time (npm run
   * bench:summary runs with the same cap).
   */
  readonly maxOldSpaceMb?: number;
}

/**
 * Memory and timeout per function. HTTP functions stay well under API Gateway's 30 s integration
 * limit, so a slow dependency fails as a Lambda timeout the function's error alarm sees, not as an
 * anonymous 503. On arm64 CPU scales with memory, which is what the larger sizes buy.
 *
 * | function          | MB   | s   | why                                                                    |
 * | ----------------- | ---- | --- | ---------------------------------------------------------------------- |
 * | authorizer        | 256  | 5   | on the path of every private request; one GetItem and a hash           |
 * | get-health        | 128  | 3   | no I/O                                                                 |
 * | get-openapi       | 256  | 5   | builds the document from the route table, no I/O                       |
 * | get-catalog       | 256  | 5   | reads the bundled catalog, no I/O                                      |
 * | put-department    | 256  | 10  | one conditional write                                                  |
 * | list-departments  | 256  | 10  | one Query, paginated                                                   |
 * | create-token      | 256  | 10  | random bytes, hash, one conditional write                              |
 * | revoke-token      | 256  | 10  | one conditional update                                                 |
 * | submit-report     | 512  | 10  | validates and normalises every item (decimal arithmetic), then writes  |
 * | get-report        | 256  | 10  | one GetItem                                                            |
 * | list-reports      | 256  | 10  | one Query, paginated                                                   |
 * | request-summary   | 256  | 10  | one write and an asynchronous Invoke                                   |
 * | get-summary       | 256  | 10  | a Query for the latest generation and one for its documents           |
 * | download-document | 256  | 10  | one GetItem and a local presign                                        |
 * | generate-summary  | 1769 | 300 | reads half a year of reports and renders documents: one full vCPU      |
 */
/** Also passed to `npm run bench:summary` in package.json; a test keeps the two equal. */
export const GENERATOR_MAX_OLD_SPACE_MB = 768;

export const FUNCTION_SIZING: Readonly<Record<FunctionName, Sizing>> = {
  authorizer: { memoryMb: 256, timeoutSeconds: 5 },
  'get-health': { memoryMb: 128, timeoutSeconds: 3 },
  'get-openapi': { memoryMb: 256, timeoutSeconds: 5 },
  'get-catalog': { memoryMb: 256, timeoutSeconds: 5 },
  'put-department': { memoryMb: 256, timeoutSeconds: 10 },
  'list-departments': { memoryMb: 256, timeoutSeconds: 10 },
  'create-token': { memoryMb: 256, timeoutSeconds: 10 },
  'revoke-token': { memoryMb: 256, timeoutSeconds: 10 },
  'submit-report': { memoryMb: 512, timeoutSeconds: 10 },
  'get-report': { memoryMb: 256, timeoutSeconds: 10 },
  'list-reports': { memoryMb: 256, timeoutSeconds: 10 },
  'request-summary': { memoryMb: 256, timeoutSeconds: 10 },
  'get-summary': { memoryMb: 256, timeoutSeconds: 10 },
  'download-document': { memoryMb: 256, timeoutSeconds: 10 },
  'generate-summary': {
    memoryMb: 1769,
    timeoutSeconds: GENERATOR_TIMEOUT_SECONDS,
    maxOldSpaceMb: GENERATOR_MAX_OLD_SPACE_MB,
  },
};
