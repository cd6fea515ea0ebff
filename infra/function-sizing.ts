/**
 * Memory, timeout and heap of every function: plain data, so that the local gateway can give each
 * handler the same time limit without loading the CDK.
 */
import {
  GENERATOR_TIMEOUT_SECONDS,
  RENDER_BATCH_TIMEOUT_SECONDS,
  type FunctionName,
} from '../shared/config/names';

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
  /**
   * V8's young-generation semi-space, where a function allocates a great deal that dies young: the
   * renderers build the docx and exceljs object models and their XML strings for every document, and
   * with the default (16 MB on 64-bit) they spend a fifth of their CPU in scavenges that promote
   * half-built documents to the old space. Measured on the development machine (2026-11-28, load
   * average 2.4–3.2), rendering 120 synthetic departments in every format in one process: 17.4–18.6 ms
   * of CPU per department and 2.1–3.5 ms of it in GC pauses by default; 13.7–15.5 ms and 0.75–1.2 ms
   * at 32 MB; 13.8–14.5 ms at 64 MB, so 32 is where the gain ends. It costs at most twice the size in
   * RSS (the two semi-spaces), 64 MB here.
   */
  readonly maxSemiSpaceMb?: number;
}

/** The V8 flags of a function's sizing, as its NODE_OPTIONS on Lambda and its process's flags locally. */
export function v8FlagsOf(sizing: Sizing): string[] {
  return [
    ...(sizing.maxOldSpaceMb ? [`--max-old-space-size=${sizing.maxOldSpaceMb}`] : []),
    ...(sizing.maxSemiSpaceMb ? [`--max-semi-space-size=${sizing.maxSemiSpaceMb}`] : []),
  ];
}

/**
 * Memory and timeout per function. HTTP functions stay well under API Gateway's 30 s integration
 * limit, so a slow dependency fails as a Lambda timeout the function's error alarm sees, not as an
 * anonymous 503.
 *
 * Memory buys CPU: Lambda allocates CPU in proportion to memory (1,769 MB is one vCPU), and at a
 * district's traffic nearly every request is a cold start whose initialisation is CPU-bound (loading
 * and compiling the bundle, building the SDK client, the first signed request: 60 to 130 ms of CPU
 * per function on the development machine, `npm run bench:cold`). At 256 MB a function gets about a
 * seventh of a vCPU for that work, at 1,024 MB more than half. The price is negligible at this traffic
 * (a few thousand requests a week × 1 GB × well under a second is cents), so every function a user
 * waits for gets 1,024 MB; Lambda documents no extra CPU during initialisation, so none is assumed.
 *
 * | function          | MB   | s   | why                                                                      |
 * | ----------------- | ---- | --- | ------------------------------------------------------------------------ |
 * | authorizer        | 1024 | 5   | before every private request: its cold start adds to every other one's   |
 * | get-health        | 256  | 3   | no I/O; monitoring, not a user, waits for it                             |
 * | get-openapi       | 1024 | 5   | serves the document built at synth (infra/openapi-file.ts)               |
 * | get-catalog       | 1024 | 5   | reads the bundled catalog, no I/O                                        |
 * | put-department    | 1024 | 10  | one conditional write                                                    |
 * | list-departments  | 1024 | 10  | one Query, paginated                                                     |
 * | create-token      | 1024 | 10  | random bytes, hash, one conditional write                                |
 * | revoke-token      | 1024 | 10  | one conditional update                                                   |
 * | submit-report     | 1024 | 10  | validates and normalises every item (decimal arithmetic), then writes    |
 * | get-report        | 1024 | 10  | one GetItem                                                              |
 * | list-reports      | 1024 | 10  | one Query, paginated                                                     |
 * | request-summary   | 1024 | 10  | one write and an asynchronous Invoke                                     |
 * | get-summary       | 1024 | 10  | a Query for the latest generation and one for its documents             |
 * | download-document | 1024 | 10  | one GetItem and a local presign                                          |
 * | generate-summary  | 1024 | 60  | the coordinator: reads the roster, splits it, starts the batches (below) |
 * | get-report-template | 1024 | 10 | fills in a workbook built at synth (one GetItem or one Query for the roster) |
 * | get-me            | 1024 | 10  | two GetItems: who signed in, asked first by the web app                  |
 * | get-coverage      | 1024 | 10  | the roster and one index Query in parallel, then the coverage rule       |
 * | list-tokens       | 1024 | 10  | one Query of the token listing, one page                                 |
 * | send-reminder     | 1024 | 20  | a batch read per 100 departments, then every channel in an 8 s budget    |
 * | scheduled-reminder| 256  | 60  | the same on a schedule, with a longer retry budget; nobody waits for it  |
 * | put-editorial     | 1024 | 10  | a reviewer waits: validates text, a Query and one conditional write      |
 * | get-editorial     | 1024 | 10  | a reviewer waits: one Query                                              |
 * | render-batch      | 1769 | 300 | renders a batch of departments' documents; the last one the district's   |
 *
 * generate-summary renders nothing since the fan-out: it reads the roster (one Query), stages the
 * editorial, records the split and sends one asynchronous Invoke per batch. `npm run bench:coordinator`
 * measured it at 10,000 departments (200 batches): 0.7–2.3 s and a peak RSS of 172 MiB, tsx included, on
 * one core of the development machine under load. 1,024 MB is for the CPU, as for the functions a user
 * waits for (a reviewer waits for the summary, and the whole generation waits for this split); its RSS
 * needs a fifth of it. 60 s: see GENERATOR_TIMEOUT_SECONDS (inside the lock's stale window).
 *
 * render-batch keeps one full vCPU: rendering is CPU-bound and a wave of batches lasts as long as its
 * slowest batch. bench:summary measured a batch of 50 departments at 4–7 s and 702 MiB peak RSS (the
 * one that reduces); the heap cap holds a process under the issue's 1 GiB, the rest of the memory is
 * bought for the CPU. 300 s leaves the reduce of a province room (bench:scale).
 */
/** See Sizing.maxSemiSpaceMb. */
export const RENDER_BATCH_MAX_SEMI_SPACE_MB = 32;

/** Also passed to `npm run bench:summary` in package.json; a test keeps the two equal. */
export const GENERATOR_MAX_OLD_SPACE_MB = 768;

export const FUNCTION_SIZING: Readonly<Record<FunctionName, Sizing>> = {
  authorizer: { memoryMb: 1024, timeoutSeconds: 5 },
  'get-health': { memoryMb: 256, timeoutSeconds: 3 },
  'get-openapi': { memoryMb: 1024, timeoutSeconds: 5 },
  'get-catalog': { memoryMb: 1024, timeoutSeconds: 5 },
  'put-department': { memoryMb: 1024, timeoutSeconds: 10 },
  'list-departments': { memoryMb: 1024, timeoutSeconds: 10 },
  'create-token': { memoryMb: 1024, timeoutSeconds: 10 },
  'revoke-token': { memoryMb: 1024, timeoutSeconds: 10 },
  'submit-report': { memoryMb: 1024, timeoutSeconds: 10 },
  'get-report': { memoryMb: 1024, timeoutSeconds: 10 },
  'list-reports': { memoryMb: 1024, timeoutSeconds: 10 },
  'request-summary': { memoryMb: 1024, timeoutSeconds: 10 },
  'get-summary': { memoryMb: 1024, timeoutSeconds: 10 },
  'download-document': { memoryMb: 1024, timeoutSeconds: 10 },
  'generate-summary': {
    memoryMb: 1024,
    timeoutSeconds: GENERATOR_TIMEOUT_SECONDS,
    maxOldSpaceMb: GENERATOR_MAX_OLD_SPACE_MB,
  },
  'get-report-template': { memoryMb: 1024, timeoutSeconds: 10 },
  'get-me': { memoryMb: 1024, timeoutSeconds: 10 },
  'get-coverage': { memoryMb: 1024, timeoutSeconds: 10 },
  'list-tokens': { memoryMb: 1024, timeoutSeconds: 10 },
  'send-reminder': { memoryMb: 1024, timeoutSeconds: 20 },
  'scheduled-reminder': { memoryMb: 256, timeoutSeconds: 60 },
  'put-editorial': { memoryMb: 1024, timeoutSeconds: 10 },
  'get-editorial': { memoryMb: 1024, timeoutSeconds: 10 },
  'render-batch': {
    memoryMb: 1769,
    timeoutSeconds: RENDER_BATCH_TIMEOUT_SECONDS,
    maxOldSpaceMb: GENERATOR_MAX_OLD_SPACE_MB,
    maxSemiSpaceMb: RENDER_BATCH_MAX_SEMI_SPACE_MB,
  },
};
