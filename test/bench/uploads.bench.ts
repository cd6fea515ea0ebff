/**
 * `npm run bench:uploads`: the CPU a render batch spends per call on S3 and DynamoDB, through the SDK's
 * clients and through the light ones, measured as the client process's CPU time (process.cpuUsage), which
 * a shared machine disturbs far less than wall time.
 *
 * The emulators (dynalite, s3rver behind its signature check) run in a child process, so their CPU is not
 * counted. In this process, interleaved and ROUNDS times each, after a warm-up of each client:
 *   uploads: BENCH_UPLOADS PutObjects of about 20 KB (a department's documents run from 5 to 40 KB),
 *     IO_CONCURRENCY at a time as render-batch sends them, through S3DocumentStore (the SDK's client)
 *     and LightDocumentStore;
 *   week heads: a render batch's Query of a department's 26 week heads (latestBetween), for
 *     BENCH_DEPARTMENTS departments, through sdkTable and lightTable;
 * and once, the call left on the SDK's client: a putStream of 32 MiB (the provenance file's way).
 * Prints the CPU per call (median of the rounds), the wall time, and the load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { weeksOfPeriod } from '../../shared/domain/calendar';
import { keys } from '../../shared/adapters/dynamodb/keys';
import type { DocumentStore } from '../../shared/ports/summaries';
import type { DocumentTable } from '../../shared/adapters/dynamodb/document-table';
import { loadAverage, median } from './support/measure';
import {
  BENCH_BUCKET_NAME,
  BENCH_TABLE_NAME,
  configureEnvironment,
  startEmulatorProcess,
  stopEmulatorProcess,
} from './support/emulator-process';
import {
  metricsByTheme,
  reportItems,
  seededRandom,
  syntheticDepartmentId,
} from './support/synthetic-reports';

const PERIOD = '2023-H1';
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 3000);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 100;
const STREAM_MIB = 32;
const TABLE_NAME = BENCH_TABLE_NAME;
const BUCKET_NAME = BENCH_BUCKET_NAME;
const IO_CONCURRENCY = 8;

/** Bodies like a department's documents: text of about 20 KB, each its own. */
function bodies(count: number, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const encoder = new TextEncoder();
  return Array.from({ length: count }, () => {
    const size = 5_000 + Math.floor(random() * 30_000);
    let text = '';
    while (text.length < size) text += `第${Math.floor(random() * 1e6)}项 ${random().toString(36)}\n`;
    return encoder.encode(text);
  });
}

interface Sample {
  cpuMicros: number;
  wallMs: number;
  calls: number;
}

async function measure(calls: number, run: () => Promise<void>): Promise<Sample> {
  const started = performance.now();
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return { cpuMicros: used.user + used.system, wallMs: performance.now() - started, calls };
}

async function uploadAll(store: DocumentStore, prefix: string, payloads: Uint8Array[]): Promise<void> {
  const limit = pLimit(IO_CONCURRENCY);
  await Promise.all(
    payloads.map((body, index) =>
      limit(() => store.put(`${prefix}/${index}.html`, body, 'text/html; charset=utf-8')),
    ),
  );
}

async function loadWeekHeads(table: DocumentTable): Promise<void> {
  const { sendUntilProcessed } = await import('../../shared/adapters/dynamodb/batch-retry');
  const random = seededRandom(20230101);
  const byTheme = metricsByTheme();
  const items: Record<string, unknown>[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    const departmentId = syntheticDepartmentId(d, DEPARTMENTS);
    weeksOfPeriod(PERIOD).forEach((week, w) => {
      items.push({
        ...keys.reportHead(departmentId, week),
        ...keys.weekHeadsIndexKeys(departmentId, week),
        departmentId,
        week,
        period: PERIOD,
        revision: 1,
        submittedAt: '2023-01-01T00:00:00Z',
        late: false,
        firstSubmittedAt: '2023-01-01T00:00:00Z',
        firstLate: false,
        items: reportItems(random, byTheme, w),
        contentHash: 'x'.repeat(64),
      });
    });
  }
  const limit = pLimit(4);
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(() =>
        sendUntilProcessed(
          'BatchWriteItem',
          batch.map((Item) => ({ PutRequest: { Item } })),
          async (pending) => {
            const { UnprocessedItems } = await table.batchWrite({ RequestItems: { [TABLE_NAME]: pending } });
            return (UnprocessedItems?.[TABLE_NAME] ?? []) as typeof pending;
          },
        ),
      ),
    ),
  );
}

async function readWeekHeads(table: DocumentTable): Promise<number> {
  const { DynamoReportRepository } = await import('../../shared/adapters/dynamodb/report-repository');
  const reports = new DynamoReportRepository(table, TABLE_NAME);
  const weeks = weeksOfPeriod(PERIOD);
  const limit = pLimit(IO_CONCURRENCY);
  const counts = await Promise.all(
    Array.from({ length: DEPARTMENTS }, (_, d) =>
      limit(async () => {
        const heads = await reports.latestBetween(
          syntheticDepartmentId(d, DEPARTMENTS),
          weeks[0]!,
          weeks[weeks.length - 1]!,
        );
        return heads.length;
      }),
    ),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

const perCall = (samples: Sample[]) => median(samples.map((s) => s.cpuMicros / s.calls / 1000));
const wall = (samples: Sample[]) => median(samples.map((s) => s.wallMs / s.calls));

async function main(): Promise<void> {
  // The SDK's notice about Node.js 20 would interleave with the figures (the emulator child inherits it).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadAtStart = loadAverage();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'showcase-uploads-'));
  const { child, endpoints } = await startEmulatorProcess(dataDir);
  try {
    configureEnvironment(endpoints);
    const { S3DocumentStore, createS3Client } = await import('../../shared/adapters/s3/document-store');
    const { LightDocumentStore } = await import('../../shared/adapters/s3/light-document-store');
    const { sdkTable } = await import('../../shared/adapters/dynamodb/client');
    const { lightTable, dynamoDbJsonClientFromEnvironment } =
      await import('../../shared/adapters/dynamodb/json-client');
    const sdkStore = new S3DocumentStore(createS3Client(true), BUCKET_NAME);
    const lightStore = new LightDocumentStore({
      bucketName: BUCKET_NAME,
      region: 'us-east-1',
      endpoint: endpoints.s3Endpoint,
      forcePathStyle: true,
      credentials: () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      fallback: async () => sdkStore,
    });
    const stores = { sdk: sdkStore, light: lightStore };
    const tables = {
      sdk: sdkTable(),
      light: lightTable(dynamoDbJsonClientFromEnvironment(process.env, { attemptTimeoutMs: 5000 })),
    };

    const payloads = bodies(UPLOADS, 7);
    for (const [name, store] of Object.entries(stores)) {
      await uploadAll(store, `warm-up/${name}`, payloads.slice(0, WARM_UP));
    }
    await loadWeekHeads(tables.light);
    for (const table of Object.values(tables)) await readWeekHeads(table);

    const uploads: Record<string, Sample[]> = { sdk: [], light: [] };
    const queries: Record<string, Sample[]> = { sdk: [], light: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ['sdk', 'light'] as const) {
        global.gc?.();
        uploads[name]!.push(
          await measure(UPLOADS, () => uploadAll(stores[name], `round-${round}/${name}`, payloads)),
        );
        global.gc?.();
        let heads = 0;
        queries[name]!.push(
          await measure(DEPARTMENTS, async () => {
            heads = await readWeekHeads(tables[name]);
          }),
        );
        if (heads !== DEPARTMENTS * 26) throw new Error(`${name} read ${heads} week heads`);
      }
      console.log(`round ${round + 1}/${ROUNDS} done`);
    }
    // The call left on the SDK: one stream of STREAM_MIB, as the reduce sends the provenance file.
    global.gc?.();
    const chunk = new Uint8Array(1024 ** 2).fill(0x61);
    const stream = await measure(1, () =>
      lightStore.putStream(
        'stream/provenance.json',
        (async function* () {
          for (let i = 0; i < STREAM_MIB; i++) yield chunk;
        })(),
        STREAM_MIB * chunk.byteLength,
        'application/json',
      ),
    );
    lightStore.destroy();

    const kib = payloads.reduce((sum, body) => sum + body.byteLength, 0) / payloads.length / 1024;
    const rows: [string, string][] = [
      [
        `PutObject (${UPLOADS} × ${kib.toFixed(1)} KiB avg)`,
        `SDK ${perCall(uploads.sdk!).toFixed(3)} ms CPU/call, light ${perCall(uploads.light!).toFixed(3)} ms ` +
          `(${(perCall(uploads.light!) / perCall(uploads.sdk!)).toFixed(2)}×); wall ${wall(uploads.sdk!).toFixed(2)} / ` +
          `${wall(uploads.light!).toFixed(2)} ms/call`,
      ],
      [
        `Query of 26 week heads (${DEPARTMENTS} departments)`,
        `SDK ${perCall(queries.sdk!).toFixed(3)} ms CPU/call, light ${perCall(queries.light!).toFixed(3)} ms ` +
          `(${(perCall(queries.light!) / perCall(queries.sdk!)).toFixed(2)}×); wall ${wall(queries.sdk!).toFixed(2)} / ` +
          `${wall(queries.light!).toFixed(2)} ms/call`,
      ],
      [
        `putStream of ${STREAM_MIB} MiB (SDK)`,
        `${(stream.cpuMicros / 1000).toFixed(1)} ms CPU, ${(stream.cpuMicros / 1000 / STREAM_MIB).toFixed(2)} ms/MiB; ` +
          `wall ${(stream.wallMs / 1000).toFixed(2)} s`,
      ],
      ['rounds', `${ROUNDS}, medians; CPU is this process's user + system time`],
      ['machine', `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`],
      ['load average', `${loadAtStart} at start, ${loadAverage()} at end`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('\nuploads benchmark');
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  } finally {
    await stopEmulatorProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
