/**
 * The flood of issue 11, for `npm run bench:flood`: one department holding 3,000 revisions of about
 * 250 KB in the period, as a single token could have written them before the revision cap existed
 * (about 115 per week, far over MAX_REVISIONS_PER_WEEK, which is why they are written to the table
 * directly: the API would refuse them with 409).
 *
 * The revisions are stored as the report repository stores them: each under its own sort key
 * (`<week>#<revision>`), numbered on from the week's existing revision 1, with that revision's first
 * submission time and lateness carried on, and each week's head rolled forward to the newest one by the
 * repository's own `repairHead`, the path a submit takes after a crash between its two writes. Bodies are
 * ones the API would take apart from the cap: at most 256 KB of JSON, items within the title and detail
 * limits, every revision's content different (a resubmission of identical content writes nothing).
 *
 * 750 MB does not go through memory at once: revisions are made as they are written, 25 to a batch write
 * (about 6 MB, under the 16 MB a BatchWriteItem may carry), a few batches in flight.
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import {
  isLate,
  weeksOfPeriod,
  type Deadline,
  type IsoWeek,
  type Period,
} from '../../../shared/domain/calendar';
import { defaultCatalog } from '../../../shared/domain/catalog';
import type { ReportItem, ReportRevision } from '../../../shared/domain/report';
import type { ReportRepository } from '../../../shared/ports/repositories';
import { itemSize, MAX_ITEM_BYTES } from '../../../shared/adapters/dynamodb/item-size';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { MAX_BODY_BYTES } from '../../../shared/config/names';
import { DETAIL_RULE } from '../../../shared/domain/report-content';
import { loadAverage, median } from './measure';
import { metricsByTheme, reportItems, seededRandom } from './synthetic-reports';

/** The figures: 3,000 revisions of 250 KB. */
export const FLOOD = { revisions: 3000, bodyBytes: 250 * 1000 } as const;

/** What the flood targets (issue 11): peak RSS ≤ 1 GiB, (b) within 1.5× of the run without the flood. */
export const FLOOD_TARGETS = { readAggregate: 1.5, peakRssBytes: 1024 ** 3 } as const;

const WRITE_BATCH = 25;
const WRITES_IN_FLIGHT = 3;
/** Seconds between two flood revisions: the attacker sent about 2,900 in four minutes. */
const SECONDS_APART = 0.08;

const PHRASES = [
  '围绕中心工作开展专题学习',
  '组织党员深入社区走访群众',
  '对照问题清单逐项整改销号',
  '召开专题组织生活会听取意见',
  '建立工作台账明确责任分工',
  '开展志愿服务解决群众急难愁盼',
  '落实三会一课制度规范支部建设',
  '推动基层治理精细化取得实效',
];

/**
 * One flood body: the four items of an ordinary report (metrics included, so that the figures move with
 * every revision), then items of long detail text until the body's JSON is just under `bodyBytes`.
 */
export function floodItems(random: () => number, weekIndex: number, revision: number): ReportItem[] {
  const items = reportItems(random, metricsByTheme(), weekIndex);
  const themes = defaultCatalog.themes;
  const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
  // Counted item by item (the item and its comma): stringifying the whole body each time would be slow.
  let bodyBytes = jsonBytes({ items });
  for (let i = 0; ; i++) {
    let detail = `第${revision}版补充说明：`;
    while (detail.length < DETAIL_RULE.max - 20)
      detail += PHRASES[Math.floor(random() * PHRASES.length)] + '；';
    const item: ReportItem = {
      theme: themes[i % themes.length]!.id,
      title: `补充材料（第${revision}版之${i + 1}）`,
      detail: detail.slice(0, DETAIL_RULE.max - 1) + '。',
      highlight: false,
      metrics: [],
    };
    const itemBytes = jsonBytes(item) + 1;
    if (bodyBytes + itemBytes <= FLOOD.bodyBytes) {
      items.push(item);
      bodyBytes += itemBytes;
      continue;
    }
    // The last item takes only what is left (three bytes a character), so bodies are all about one size.
    const characters = Math.floor((FLOOD.bodyBytes - bodyBytes - (itemBytes - jsonBytes(item.detail))) / 3);
    if (characters > 0) items.push({ ...item, detail: item.detail!.slice(0, characters) });
    return items;
  }
}

export interface FloodSeed {
  client: DynamoDBDocumentClient;
  tableName: string;
  reports: Pick<ReportRepository, 'latest' | 'repairHead'>;
  deadline: Deadline;
  contentHash: (items: ReportItem[]) => string;
  period: Period;
  departmentId: string;
  /** FLOOD.revisions unless a smoke run asks for fewer (BENCH_FLOOD_REVISIONS). */
  revisions?: number;
}

export interface FloodSeeded {
  revisions: number;
  bytes: number;
  largestItemBytes: number;
  ms: number;
}

/** Writes the flood on top of the loaded data set and checks that every week's head is its newest revision. */
export async function seedFlood(seed: FloodSeed): Promise<FloodSeeded> {
  const weeks = weeksOfPeriod(seed.period);
  const started = performance.now();
  const firsts = new Map<IsoWeek, ReportRevision>();
  for (const week of weeks) {
    const first = await seed.reports.latest(seed.departmentId, week);
    if (first?.revision !== 1) throw new Error(`${seed.departmentId} ${week} should hold revision 1 only`);
    firsts.set(week, first);
  }
  // Revision k of the flood goes to week k mod 26: every week gets about 115 on top of its first.
  const plan = Array.from({ length: seed.revisions ?? FLOOD.revisions }, (_, k) => ({
    weekIndex: k % weeks.length,
    k,
  }));
  const random = seededRandom(20230202);
  const limit = pLimit(WRITES_IN_FLIGHT);
  let bytes = 0;
  let written = 0;
  let largestItemBytes = 0;
  let reported = 0;
  const make = (weekIndex: number, k: number): Record<string, unknown> => {
    const week = weeks[weekIndex]!;
    const first = firsts.get(week)!;
    const revisionNumber = 2 + Math.floor(k / weeks.length);
    const submittedAt = new Date(Date.parse(first.submittedAt) + (k + 1) * SECONDS_APART * 1000);
    const items = floodItems(random, weekIndex, revisionNumber);
    const revision: ReportRevision = {
      departmentId: seed.departmentId,
      week,
      period: seed.period,
      revision: revisionNumber,
      submittedAt: submittedAt.toISOString(),
      late: isLate(week, submittedAt, seed.deadline),
      firstSubmittedAt: first.firstSubmittedAt,
      firstLate: first.firstLate,
      items,
      contentHash: seed.contentHash(items),
    };
    const item = {
      pk: keys.reportPartition(seed.departmentId),
      sk: keys.reportSortKey(week, revisionNumber),
      ...revision,
    };
    // The repository refuses what DynamoDB would; a flood the API could not have stored proves nothing.
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) throw new Error(`A flood revision takes ${size} bytes, over DynamoDB's limit`);
    const body = Buffer.byteLength(JSON.stringify({ items }), 'utf8');
    if (body > MAX_BODY_BYTES) throw new Error(`A flood body has ${body} bytes, over the API's limit`);
    largestItemBytes = Math.max(largestItemBytes, size);
    bytes += size;
    return item;
  };

  const batches: { weekIndex: number; k: number }[][] = [];
  for (let start = 0; start < plan.length; start += WRITE_BATCH)
    batches.push(plan.slice(start, start + WRITE_BATCH));
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        // Made here, inside the limit: only the batches in flight are held in memory.
        let requests = batch.map(({ weekIndex, k }) => ({ PutRequest: { Item: make(weekIndex, k) } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 10) throw new Error('DynamoDB kept flood revisions unprocessed');
          const { UnprocessedItems } = await seed.client.send(
            new BatchWriteCommand({ RequestItems: { [seed.tableName]: requests } }),
          );
          const left = (UnprocessedItems?.[seed.tableName] ?? []) as typeof requests;
          written += requests.length - left.length;
          requests = left;
          if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        }
        const percent = Math.floor((written / plan.length) * 100);
        if (percent >= reported + 10) {
          reported = percent - (percent % 10);
          const s = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`  flooded ${written}/${plan.length} revisions (${reported}%) in ${s} s`);
        }
      }),
    ),
  );

  // The heads, as submit-report leaves them: each week's newest revision.
  for (const [weekIndex, week] of weeks.entries()) {
    await seed.reports.repairHead(seed.departmentId, week);
    const expected = 1 + plan.filter((entry) => entry.weekIndex === weekIndex).length;
    const head = await seed.reports.latest(seed.departmentId, week);
    if (head?.revision !== expected || head.firstSubmittedAt !== firsts.get(week)!.firstSubmittedAt) {
      throw new Error(`The head of ${week} shows revision ${head?.revision}, expected ${expected}`);
    }
  }
  return { revisions: written, bytes, largestItemBytes, ms: performance.now() - started };
}

interface Sample {
  ms: number;
  peakRss: number;
}

/** What summary.bench.ts hands the flood phase: its measurements, its data set, its processes. */
export interface FloodHarness {
  seed: FloodSeed;
  rounds: number;
  /** Week heads (b) reads: the flood adds revisions, not department-weeks. */
  expectedHeads: number;
  aggregation(): Promise<{ reports: number }>;
  generation(): Promise<string>;
  measure<T>(run: () => Promise<T>): Promise<{ sample: Sample; result: T }>;
  /** New render-batch processes, so that their peak RSS (the kernel's high-water mark) is this phase's. */
  restartBatchProcesses(): Promise<void>;
  /** Filled by the render-batch processes as they finish invocations; the phase empties it. */
  batchRecords: { ms: number; maxRssBytes: number }[];
  /** The medians and peaks of the same rounds before the flood. */
  base: { b: number; c: number; coordinatorPeakRss: number; batchPeakRss: number };
  /** Stops the sampler and the emulators, and gives the emulator process's maxRSS in KiB. */
  stop(): Promise<number | undefined>;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Seeds the flood, then measures (b) and (c) as the rounds before it did (a warm-up round first, since
 * the render-batch processes are new), and judges the flood targets against those rounds.
 * (a) is not repeated: a plain read of every revision now reads 750 MB, which is the point of reading
 * week heads instead.
 */
export async function floodPhase(harness: FloodHarness): Promise<boolean> {
  const revisions = Number(process.env.BENCH_FLOOD_REVISIONS ?? FLOOD.revisions);
  console.log(
    `flooding ${harness.seed.departmentId} with ${revisions} revisions of about ${FLOOD.bodyBytes / 1000} KB …`,
  );
  const seeded = await seedFlood({ ...harness.seed, revisions });
  console.log(`flood written in ${seconds(seeded.ms)}`);
  await harness.restartBatchProcesses();
  console.log('flood warm-up round …');
  await harness.aggregation();
  await harness.generation();
  harness.batchRecords.length = 0;
  const b: Sample[] = [];
  const c: Sample[] = [];
  for (let round = 1; round <= harness.rounds; round++) {
    const read = await harness.measure(harness.aggregation);
    const generated = await harness.measure(harness.generation);
    if (read.result.reports !== harness.expectedHeads)
      throw new Error(`(b) read ${read.result.reports} revisions, expected ${harness.expectedHeads}`);
    b.push(read.sample);
    c.push(generated.sample);
    console.log(
      `flood round ${round}/${harness.rounds}: (b) ${seconds(read.sample.ms)}  (c) ${seconds(generated.sample.ms)}`,
    );
  }
  const bFlood = median(b.map((sample) => sample.ms));
  const cFlood = median(c.map((sample) => sample.ms));
  const coordinatorPeak = Math.max(...[...b, ...c].map((sample) => sample.peakRss));
  const batchPeak = Math.max(0, ...harness.batchRecords.map((record) => record.maxRssBytes));
  const ratio = bFlood / harness.base.b;
  const ratioMet = ratio <= FLOOD_TARGETS.readAggregate;
  const rssMet = Math.max(coordinatorPeak, batchPeak) <= FLOOD_TARGETS.peakRssBytes;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const rows: [string, string][] = [
    [
      'flood',
      `${harness.seed.departmentId}: ${seeded.revisions} revisions more, ${(seeded.bytes / 1024 ** 2).toFixed(0)} MiB ` +
        `as DynamoDB counts it (largest ${(seeded.largestItemBytes / 1024).toFixed(0)} KiB), written in ${seconds(seeded.ms)}`,
    ],
    ['flood (b)', `${seconds(bFlood)}  (${b.map((sample) => seconds(sample.ms)).join(', ')})`],
    ['flood (c)', `${seconds(cFlood)}  (${c.map((sample) => seconds(sample.ms)).join(', ')})`],
    [
      'flood (b) / (b)',
      `${ratio.toFixed(2)}  (target ≤ ${FLOOD_TARGETS.readAggregate}: ${verdict(ratioMet)}; ` +
        `base ${seconds(harness.base.b)})`,
    ],
    [
      'flood (c) / (c)',
      `${(cFlood / harness.base.c).toFixed(2)}  (no target; base ${seconds(harness.base.c)})`,
    ],
    [
      'flood peak RSS',
      `${mib(Math.max(coordinatorPeak, batchPeak))}  (any one process; target ≤ 1 GiB: ${verdict(rssMet)}; ` +
        `coordinator sampled ${mib(coordinatorPeak)} (base ${mib(harness.base.coordinatorPeakRss)}); ` +
        `render-batch processes ${mib(batchPeak)} (base ${mib(harness.base.batchPeakRss)}))`,
    ],
    [
      'flood render batches',
      `${harness.batchRecords.length / harness.rounds} per generation; median ` +
        `${seconds(median(harness.batchRecords.map((record) => record.ms)))}, slowest ` +
        `${seconds(Math.max(...harness.batchRecords.map((record) => record.ms)))}`,
    ],
  ];
  const emulatorMaxRssKb = await harness.stop();
  rows.push(
    ['load average', `${loadAverage()} at the end of the flood (1/5/15 min)`],
    ['emulator process', emulatorMaxRssKb ? `maxRSS ${mib(emulatorMaxRssKb * 1024)} (not counted)` : 'n/a'],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('\nflood benchmark');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  return ratioMet && rssMet;
}
