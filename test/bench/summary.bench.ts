/**
 * `npm run bench:summary`: how summary generation scales against a plain read of the same data.
 *
 * Loads 500 departments × 26 weeks (2023-H1) of report revisions, each with 4 items × 3 metrics of the
 * default catalog, into the local DynamoDB, then times, interleaved and ROUNDS times each:
 *   (a) a plain paginated read of every revision: one Query per department partition, LastEvaluatedKey
 *       followed, with the generator's own parallelism (IO_CONCURRENCY), through the client the generator reads with;
 *   (b) aggregation as generateSummary does it: readRevisions + aggregate;
 *   (c) a full generation through the fan-out: generateSummary (the coordinator, in this process) splits
 *       the roster into batches of SUMMARY_BATCH_SIZE and invokes render-batch asynchronously through the
 *       local Lambda Invoke API, which runs the batches in child processes, one per core, as the local stack
 *       does; (c) ends when the last batch has published (every format of every scope, the manifest, the
 *       records).
 * Targets (issue 11): b/a ≤ 1.3, c/a ≤ 5, peak RSS of any one function process (this coordinator or a
 * render-batch process) ≤ 1 GiB. The process exits 1 when one is missed.
 *
 * `--scale` (npm run bench:scale): 10,000 departments (BENCH_DEPARTMENTS to change it), one round of (a)
 * and (c) only, every batch's time and its process's peak RSS printed; from the slowest batch and the
 * reduce it estimates the deployed wall time at the fan-out width (RENDER_BATCH_RESERVED_CONCURRENCY) and
 * checks it against 5 minutes, each batch against the function's timeout, each process against 1 GiB.
 * Loading 10,000 departments takes tens of minutes: run it in the background with BENCH_DATA_DIR set, so
 * the next run reuses the data.
 *
 * The emulators (dynalite, s3rver) run in a child process: they stand in for remote services, so their CPU
 * and memory are not the generator's, and the RSS measured here is the generator's process alone.
 *
 * BENCH_DATA_DIR=<dir> keeps the loaded data there and reuses it on the next run (loading takes minutes).
 *
 * `--flood` (npm run bench:flood): after the rounds above, one department gets 3,000 revisions of about
 * 250 KB (support/flood.ts), and (b) and (c) are measured again; it judges the flood's targets only.
 */
import { DateTime } from 'luxon';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { deadlineOf, weeksOfPeriod, type Deadline } from '../../shared/domain/calendar';
import type { ReportItem, ReportRevision } from '../../shared/domain/report';
import { ENV } from '../../shared/config/names';
import { keys } from '../../shared/adapters/dynamodb/keys';
import {
  ITEMS_PER_REPORT,
  METRICS_PER_ITEM,
  metricsByTheme,
  reportItems,
  seededRandom,
  syntheticDepartmentId,
  syntheticDepartments,
} from './support/synthetic-reports';
import { loadAverage, median } from './support/measure';
import {
  BENCH_TABLE_NAME,
  configureEnvironment,
  startEmulatorProcess,
  stopEmulatorProcess,
} from './support/emulator-process';

const PERIOD = '2023-H1';
const SCALE = process.argv.includes('--scale');
const FLOOD = process.argv.includes('--flood');
const DEPARTMENT_COUNT = Number(process.env.BENCH_DEPARTMENTS ?? (SCALE ? 10_000 : 500));
const ROUNDS = SCALE ? 1 : Number(process.env.BENCH_ROUNDS ?? 3);
const TABLE_NAME = BENCH_TABLE_NAME;
const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;
const TARGETS = { readAggregate: 1.3, readGenerate: 5, peakRssBytes: 1024 ** 3, deployedWallSeconds: 300 };
/** What a data dir holds once loaded; a dir loaded with other figures is refused rather than reused. */
const DATA_SET = {
  period: PERIOD,
  departments: DEPARTMENT_COUNT,
  itemsPerReport: ITEMS_PER_REPORT,
  metricsPerItem: METRICS_PER_ITEM,
  // 2: week heads (HEAD#<week>) are stored beside the revisions, as the report repository writes them.
  version: 2,
};
const LOADED_MARKER = 'bench-loaded.json';

// ---------------------------------------------------------------------------------------------------
// The child process: the emulators, until the parent says stop.

// ---------------------------------------------------------------------------------------------------
// The data set: deterministic, so that every run and every cached data dir hold the same figures.

function departmentId(index: number): string {
  return syntheticDepartmentId(index, DEPARTMENT_COUNT);
}

async function loadDataSet(
  client: DynamoDBDocumentClient,
  deadline: Deadline,
  contentHash: (items: ReportItem[]) => string,
): Promise<void> {
  const now = new Date('2022-12-15T00:00:00Z').toISOString();
  const weeks = weeksOfPeriod(PERIOD);
  const byTheme = metricsByTheme();
  const items: Record<string, unknown>[] = syntheticDepartments(DEPARTMENT_COUNT, now).map((department) => ({
    pk: 'DEPARTMENT',
    sk: department.departmentId,
    ...department,
  }));
  const random = seededRandom(20230101);
  for (let d = 0; d < DEPARTMENT_COUNT; d++) {
    weeks.forEach((week, w) => {
      const due = DateTime.fromMillis(deadlineOf(week, deadline).toMillis(), { zone: deadline.timeZone });
      const late = random() < 0.08;
      const submittedAt = (late ? due.plus({ hours: 6 }) : due.minus({ hours: 20 }))
        .toUTC()
        .toISO({ suppressMilliseconds: true })!;
      const reportItemsOfWeek = reportItems(random, byTheme, w);
      const revision: ReportRevision = {
        departmentId: departmentId(d),
        week,
        period: PERIOD,
        revision: 1,
        submittedAt,
        late,
        firstSubmittedAt: submittedAt,
        firstLate: late,
        items: reportItemsOfWeek,
        contentHash: contentHash(reportItemsOfWeek),
      };
      // The revision and its week head, as the repository writes them: the generator reads the heads.
      items.push({ pk: `REPORT#${revision.departmentId}`, sk: `${week}#000001`, ...revision });
      items.push({
        ...keys.reportHead(revision.departmentId, week),
        ...keys.weekHeadsIndexKeys(revision.departmentId, week),
        ...revision,
      });
    });
  }

  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE)
    batches.push(items.slice(start, start + BATCH_SIZE));
  const limit = pLimit(PARALLEL_BATCHES);
  let written = 0;
  let reported = 0;
  const started = performance.now();
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 10) throw new Error('DynamoDB kept items of a batch write unprocessed');
          const { UnprocessedItems } = await client.send(
            new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }),
          );
          const left = (UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
          written += requests.length - left.length;
          requests = left;
          if (requests.length > 0) await sleep(50 * 2 ** attempt);
        }
        const percent = Math.floor((written / items.length) * 100);
        if (percent >= reported + 10) {
          reported = percent - (percent % 10);
          const seconds = (performance.now() - started) / 1000;
          console.log(`  loaded ${written}/${items.length} items (${reported}%) in ${seconds.toFixed(1)} s`);
        }
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Measuring.

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Peak RSS, sampled every 50 ms. A sample can be late while the event loop renders, so the report also
 * gives the kernel's high-water mark (maxRSS), which nothing escapes.
 */
class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  /** The peak since the last call, which starts a new window. */
  take(): number {
    this.sample();
    const peak = this.peak;
    this.peak = 0;
    return peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface Sample {
  ms: number;
  peakRss: number;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  // The SDK's notice about Node.js 20 would interleave with the figures (the emulator child inherits it).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadAtStart = loadAverage();
  // The flood would spoil a kept data set for every later run, so a flood run always loads its own.
  const cachedDir = FLOOD ? undefined : process.env.BENCH_DATA_DIR;
  const dataDir = cachedDir ?? mkdtempSync(join(os.tmpdir(), 'showcase-bench-'));
  const marker = join(dataDir, LOADED_MARKER);
  const loaded =
    existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(DATA_SET, null, 2) + '\n';
  if (cachedDir && existsSync(join(dataDir, 'dynamodb')) && !loaded) {
    throw new Error(`${dataDir} holds data that is not this benchmark's complete data set; use an empty dir`);
  }
  console.log(`data dir: ${dataDir}${loaded ? ' (loaded earlier, reused)' : ''}`);

  const { child, endpoints } = await startEmulatorProcess(dataDir);
  let exitCode = 0;
  let invokeServer: { close(): Promise<void> } | undefined;
  let batchProcesses: { close(): Promise<void> } | undefined;
  try {
    configureEnvironment(endpoints);
    // The local Lambda Invoke API and render-batch processes, as the local stack's gateway runs them.
    const { startInvokeServer } = await import('../../infra/local/lambda-invoke');
    const { LambdaProcessPool } = await import('../../infra/local/lambda-processes');
    const batchRecords: { ms: number; maxRssBytes: number; ok: boolean }[] = [];
    const newPool = () =>
      new LambdaProcessPool('render-batch', os.availableParallelism(), (record) => batchRecords.push(record));
    let pool = newPool();
    batchProcesses = { close: () => pool.close() };
    const background = new Set<Promise<unknown>>();
    const server = await startInvokeServer({
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      functionNames: ['render-batch'],
      invoke: (_name, payload, requestId) => pool.invoke(payload, requestId),
      background: (run) => {
        background.add(run);
        void run.finally(() => background.delete(run));
      },
    });
    invokeServer = server;
    process.env.AWS_ENDPOINT_URL_LAMBDA = server.url;
    process.env[ENV.renderBatchFunctionName] = 'render-batch';
    const batchesDone = async () => {
      while (background.size > 0) await Promise.allSettled([...background]);
    };
    // Imported once the environment is set, as a Lambda's modules load after its environment exists.
    const { documentClient } = await import('../../shared/adapters/dynamodb/client');
    const { summaryRepository } = await import('../../shared/adapters/dependencies');
    const { generateDependencies, generatorTable } =
      await import('../../shared/adapters/generator-dependencies');
    const { contentHash } = await import('../../shared/domain/report-content');
    const { aggregate } = await import('../../shared/domain/aggregate');
    const { generateSummary, readRevisions, IO_CONCURRENCY } =
      await import('../../shared/use-cases/generate-summary');

    const client = documentClient();
    const deps = generateDependencies();
    const expectedItems = DEPARTMENT_COUNT * weeksOfPeriod(PERIOD).length;

    if (!loaded) {
      console.log(`loading ${DEPARTMENT_COUNT} departments and ${expectedItems} report revisions …`);
      const started = performance.now();
      await loadDataSet(client, deps.deadline, contentHash);
      writeFileSync(marker, JSON.stringify(DATA_SET, null, 2) + '\n');
      console.log(`load time: ${seconds(performance.now() - started)} (not part of the ratios)`);
    }
    const departmentIds = Array.from({ length: DEPARTMENT_COUNT }, (_, index) => departmentId(index));

    /**
     * (a) A plain read: every item of every department's partition, nothing else done with them, through
     * the client the generator reads with (generatorTable: the light client), so that the ratios compare
     * the generator's work with a read, not one client with another.
     */
    const table = generatorTable();
    async function plainRead(): Promise<number> {
      const limit = pLimit(IO_CONCURRENCY);
      const perDepartment = await Promise.all(
        departmentIds.map((id) =>
          limit(async () => {
            const items: Record<string, unknown>[] = [];
            let startKey: Record<string, unknown> | undefined;
            do {
              const page = await table.query({
                TableName: TABLE_NAME,
                // The revisions only: their keys start with the week, the heads' with "HEAD#".
                KeyConditionExpression: 'pk = :pk AND sk < :heads',
                ExpressionAttributeValues: { ':pk': `REPORT#${id}`, ':heads': 'HEAD#' },
                ExclusiveStartKey: startKey,
              });
              items.push(...(page.Items ?? []));
              startKey = page.LastEvaluatedKey;
            } while (startKey);
            return items;
          }),
        ),
      );
      return perDepartment.reduce((count, items) => count + items.length, 0);
    }

    /** (b) What generateSummary does before it renders anything. */
    async function aggregation(): Promise<{ reports: number; scopes: number }> {
      const generatedAt = deps.clock();
      const { departments, reports, previousReports } = await readRevisions(deps, PERIOD);
      const result = aggregate({
        period: PERIOD,
        orgName: deps.orgName,
        generatedAt,
        timeZone: deps.deadline.timeZone,
        catalog: deps.catalog,
        departments,
        reports,
        previousReports,
      });
      return { reports: reports.length, scopes: 1 + result.departments.length };
    }

    /** (c) The scheduled generation, end to end: the coordinator, then every batch until one publishes. */
    async function generation(): Promise<string> {
      const started = await generateSummary(deps, { source: 'schedule', period: PERIOD });
      if (!started) throw new Error('The generation was locked out');
      await batchesDone();
      const record = await summaryRepository().getGeneration(PERIOD, started.generationId);
      if (record?.status !== 'ready')
        throw new Error(`The generation ended ${record?.status ?? 'missing'}: ${record?.reason ?? ''}`);
      return record.generationId;
    }

    const sampler = new RssSampler();
    const gc = (globalThis as { gc?: () => void }).gc;
    async function measure<T>(run: () => Promise<T>): Promise<{ sample: Sample; result: T }> {
      gc?.();
      sampler.take();
      const started = performance.now();
      const result = await run();
      const ms = performance.now() - started;
      return { sample: { ms, peakRss: sampler.take() }, result };
    }

    if (SCALE) {
      await scale({
        plainRead,
        generation,
        batchRecords,
        expectedItems,
        dataDir: loaded ? dataDir : undefined,
      });
      exitCode = process.exitCode === 1 ? 1 : 0;
      await stopEmulatorProcess(child);
      return;
    }

    // One unreported round first: module loading, JIT and connection set-up are not what is measured.
    console.log('warm-up round …');
    await plainRead();
    await aggregation();
    await generation();
    batchRecords.length = 0;

    const samples = { a: [] as Sample[], b: [] as Sample[], c: [] as Sample[] };
    let itemsRead = 0;
    let scopes = 0;
    let lastGenerationId = '';
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await measure(plainRead);
      const b = await measure(aggregation);
      const c = await measure(generation);
      if (a.result !== expectedItems)
        throw new Error(`(a) read ${a.result} items, expected ${expectedItems}`);
      if (b.result.reports !== expectedItems)
        throw new Error(`(b) read ${b.result.reports} revisions, expected ${expectedItems}`);
      samples.a.push(a.sample);
      samples.b.push(b.sample);
      samples.c.push(c.sample);
      itemsRead = a.result;
      scopes = b.result.scopes;
      lastGenerationId = c.result;
      console.log(
        `round ${round}/${ROUNDS}: (a) ${seconds(a.sample.ms)}  (b) ${seconds(b.sample.ms)}  (c) ${seconds(c.sample.ms)}`,
      );
    }
    // A flood run goes on measuring with the same sampler and emulators.
    if (!FLOOD) sampler.stop();

    const published = await summaryRepository().listScopeDocuments(PERIOD, lastGenerationId);
    const documents = published.flatMap((scope) => scope.documents);
    const documentBytes = documents.reduce((total, document) => total + document.bytes, 0);

    const a = median(samples.a.map((s) => s.ms));
    const b = median(samples.b.map((s) => s.ms));
    const c = median(samples.c.map((s) => s.ms));
    const perRound = (phase: Sample[]) =>
      phase.map((sample, i) => (sample.ms / (samples.a[i]?.ms ?? NaN)).toFixed(2)).join(', ');
    const peakSampled = Math.max(...[...samples.a, ...samples.b, ...samples.c].map((s) => s.peakRss));
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    const batchPeakRss = Math.max(0, ...batchRecords.map((record) => record.maxRssBytes));
    const peakRss = Math.max(peakSampled, maxRssBytes, batchPeakRss);
    const emulatorMaxRssKb = FLOOD ? undefined : await stopEmulatorProcess(child);

    const checks = [
      { name: 'b/a', value: b / a, target: TARGETS.readAggregate, phase: samples.b },
      { name: 'c/a', value: c / a, target: TARGETS.readGenerate, phase: samples.c },
    ];
    const rssMet = peakRss <= TARGETS.peakRssBytes;
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    const cpus = os.cpus();
    const rows: [string, string][] = [
      ['machine', `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mib(os.totalmem())} RAM`],
      ['runtime', `node ${process.version} on ${os.platform()} ${os.release()}`],
      // The ratios hold up on a busy machine better than the times do; the load says how busy it was.
      ['load average', `${loadAtStart} at the start, ${loadAverage()} at the end (1/5/15 min)`],
      [
        'data set',
        `${DEPARTMENT_COUNT} departments × 26 weeks × ${ITEMS_PER_REPORT} items × ${METRICS_PER_ITEM} metrics`,
      ],
      ['rounds', `${ROUNDS}, interleaved a-b-c, after one warm-up round; medians`],
      ['parallelism', `${IO_CONCURRENCY} queries in flight in (a) and (b), the generator's IO_CONCURRENCY`],
      ['(a) plain read', `${seconds(a)}  (${samples.a.map((s) => seconds(s.ms)).join(', ')})`],
      ['(b) aggregation', `${seconds(b)}  (${samples.b.map((s) => seconds(s.ms)).join(', ')})`],
      ['(c) full generation', `${seconds(c)}  (${samples.c.map((s) => seconds(s.ms)).join(', ')})`],
      ...checks.map((check): [string, string] => [
        check.name,
        `${check.value.toFixed(2)}  (target ≤ ${check.target}: ${verdict(check.value <= check.target)}; ` +
          `per round ${perRound(check.phase)})`,
      ]),
      [
        'peak RSS',
        `${mib(peakRss)}  (any one process; target ≤ 1 GiB: ${verdict(rssMet)}; coordinator sampled ` +
          `${mib(peakSampled)}, maxRSS ${mib(maxRssBytes)}; render-batch processes ${mib(batchPeakRss)})`,
      ],
      [
        'render batches',
        `${batchRecords.length / ROUNDS} per generation of ${deps.batchSize} departments, ` +
          `${os.availableParallelism()} processes; median ${seconds(median(batchRecords.map((r) => r.ms)))}, ` +
          `slowest ${seconds(Math.max(...batchRecords.map((r) => r.ms)))} (the last one reduces)`,
      ],
      [
        'peak RSS per phase',
        `(a) ${mib(Math.max(...samples.a.map((s) => s.peakRss)))}, ` +
          `(b) ${mib(Math.max(...samples.b.map((s) => s.peakRss)))}, ` +
          `(c) ${mib(Math.max(...samples.c.map((s) => s.peakRss)))}`,
      ],
      ['emulator process', emulatorMaxRssKb ? `maxRSS ${mib(emulatorMaxRssKb * 1024)} (not counted)` : 'n/a'],
      ['items read', `${itemsRead} per read`],
      ['scopes', `${scopes} (district + departments)`],
      [
        'documents uploaded',
        `${documents.length} + manifest per generation, ${(documentBytes / 1024 ** 2).toFixed(1)} MiB`,
      ],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('\nsummary benchmark');
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);

    if (FLOOD) {
      // Its own targets decide a flood run; the rounds above are its base, with their verdicts printed.
      const { floodPhase } = await import('./support/flood');
      const met = await floodPhase({
        seed: {
          client,
          tableName: TABLE_NAME,
          reports: deps.reports,
          deadline: deps.deadline,
          contentHash,
          period: PERIOD,
          departmentId: departmentIds[0]!,
        },
        rounds: ROUNDS,
        expectedHeads: expectedItems,
        aggregation,
        generation,
        measure,
        restartBatchProcesses: async () => {
          await pool.close();
          pool = newPool();
        },
        batchRecords,
        base: { b, c, coordinatorPeakRss: peakSampled, batchPeakRss },
        stop: async () => {
          sampler.stop();
          return await stopEmulatorProcess(child);
        },
      });
      if (!met) exitCode = 1;
    } else if (!checks.every((check) => check.value <= check.target) || !rssMet) exitCode = 1;
  } catch (error) {
    child.kill();
    throw error;
  } finally {
    await batchProcesses?.close();
    await invokeServer?.close();
    if (!cachedDir) rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

/**
 * bench:scale: one generation of the whole data set through the local fan-out, every batch measured, and
 * what those measurements say about the deployed wall time.
 */
async function scale(run: {
  plainRead(): Promise<number>;
  generation(): Promise<string>;
  batchRecords: { ms: number; maxRssBytes: number; ok: boolean }[];
  expectedItems: number;
  dataDir?: string;
}): Promise<void> {
  const { RENDER_BATCH_RESERVED_CONCURRENCY } = await import('../../infra/constructs/summary-generator');
  const { RENDER_BATCH_TIMEOUT_SECONDS } = await import('../../shared/config/names');
  const { config } = await import('../../shared/config/config');
  const loadAtStart = loadAverage();
  let started = performance.now();
  const items = await run.plainRead();
  const a = performance.now() - started;
  if (items !== run.expectedItems) throw new Error(`(a) read ${items} items, expected ${run.expectedItems}`);
  console.log(`(a) plain read: ${seconds(a)}`);
  started = performance.now();
  await run.generation();
  const c = performance.now() - started;
  const records = run.batchRecords;
  records.forEach((record, index) =>
    console.log(
      `  batch ${String(index + 1).padStart(4)}: ${seconds(record.ms)}, process peak RSS ${mib(record.maxRssBytes)}`,
    ),
  );
  const times = records.map((record) => record.ms);
  const byTime = [...times].sort((x, y) => x - y);
  const p95 = byTime[Math.min(byTime.length - 1, Math.floor(byTime.length * 0.95))] ?? 0;
  // The last batch to finish reduces: its time is the reduce plus its own departments.
  const reduce = records[records.length - 1]?.ms ?? 0;
  const waves = Math.ceil(records.length / RENDER_BATCH_RESERVED_CONCURRENCY);
  // Deployed: every wave takes as long as its slowest batch (p95 stands for it), the reduce comes after.
  const deployedMs = waves * p95 + reduce;
  const peakRss = Math.max(process.resourceUsage().maxRSS * 1024, ...records.map((r) => r.maxRssBytes));
  const checks = [
    { name: 'deployed wall time (estimate)', met: deployedMs <= TARGETS.deployedWallSeconds * 1000 },
    {
      name: 'slowest batch within the timeout',
      met: Math.max(...times) <= (RENDER_BATCH_TIMEOUT_SECONDS - 15) * 1000,
    },
    { name: 'peak RSS of any one process', met: peakRss <= TARGETS.peakRssBytes },
  ];
  const cpus = os.cpus();
  const rows: [string, string][] = [
    ['machine', `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mib(os.totalmem())} RAM`],
    ['runtime', `node ${process.version} on ${os.platform()} ${os.release()}`],
    ['load average', `${loadAtStart} at the start, ${loadAverage()} at the end (1/5/15 min)`],
    [
      'data set',
      `${DEPARTMENT_COUNT} departments × 26 weeks × ${ITEMS_PER_REPORT} items × ${METRICS_PER_ITEM} metrics`,
    ],
    ['(a) plain read', seconds(a)],
    ['(c) generation, local', `${seconds(c)} with ${os.availableParallelism()} render-batch processes`],
    [
      'batches',
      `${records.length} of ${config().summaryBatchSize} departments; median ${seconds(median(times))}, p95 ${seconds(p95)}, slowest ${seconds(Math.max(...times))}`,
    ],
    ['reduce (last batch)', seconds(reduce)],
    [
      'deployed estimate',
      `${seconds(deployedMs)} = ${waves} waves of ${RENDER_BATCH_RESERVED_CONCURRENCY} × p95 + reduce ` +
        `(target ≤ ${TARGETS.deployedWallSeconds} s: ${checks[0]!.met ? 'met' : 'MISSED'})`,
    ],
    [
      'slowest batch',
      `${seconds(Math.max(...times))} (timeout ${RENDER_BATCH_TIMEOUT_SECONDS} s less the 15 s margin: ${checks[1]!.met ? 'met' : 'MISSED'})`,
    ],
    ['peak RSS', `${mib(peakRss)} (any one process; target ≤ 1 GiB: ${checks[2]!.met ? 'met' : 'MISSED'})`],
    ['data dir', run.dataDir ? `${run.dataDir} (reused)` : 'loaded in this run'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('\nscale benchmark');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  if (!checks.every((check) => check.met)) process.exitCode = 1;
}

await main();
