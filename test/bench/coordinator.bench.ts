/**
 * `npm run bench:coordinator`: what the generator (generate-summary, the coordinator) needs now that it
 * renders nothing, to size its function (infra/function-sizing.ts).
 *
 * Loads a roster of BENCH_DEPARTMENTS departments (default 10,000, a province) into the local DynamoDB,
 * then runs the real handler in a child process of its own, as the local stack runs a Lambda
 * (lambda-processes.ts, with the deployed heap cap), ROUNDS times, each time for another period so that
 * each takes its own lock. The render batches it starts are received by the local Invoke API and dropped:
 * their work is bench:summary's. Per invocation: its time and the process's peak RSS; and the batches and
 * the largest Invoke payload it sent.
 *
 * Targets, so that the sizing keeps room: peak RSS ≤ half the function's memory, the slowest invocation
 * ≤ half of what it may take (its timeout less the 15 s it keeps for recording a failure). The process
 * exits 1 when one is missed. The child runs the TypeScript sources through tsx, whose loader and source
 * maps a deployed bundle does not carry, so the RSS is an upper bound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { ENV, SUMMARY_BATCH } from '../../shared/config/names';
import { FUNCTION_SIZING } from '../../infra/function-sizing';
import {
  BENCH_BUCKET_NAME,
  BENCH_CREDENTIALS,
  BENCH_TABLE_NAME,
  configureEnvironment,
} from './support/emulator-process';
import { loadAverage, median } from './support/measure';
import { syntheticDepartments } from './support/synthetic-reports';

const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TABLE_NAME = BENCH_TABLE_NAME;
const BUCKET_NAME = BENCH_BUCKET_NAME;
const CREDENTIALS = BENCH_CREDENTIALS;
/** Kept for recording a failure: the handler gives up this long before its timeout (GIVE_UP_MARGIN_MS). */
const GIVE_UP_MARGIN_SECONDS = 15;

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadAtStart = loadAverage();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'showcase-coordinator-'));
  const { startEmulators } = await import('../../infra/local/emulators');
  const { startInvokeServer } = await import('../../infra/local/lambda-invoke');
  const { LambdaProcessPool } = await import('../../infra/local/lambda-processes');
  const emulators = await startEmulators({
    dataDir,
    tableName: TABLE_NAME,
    bucketName: BUCKET_NAME,
    credentials: CREDENTIALS,
  });
  const batches: { payloadBytes: number }[] = [];
  const invokeServer = await startInvokeServer({
    credentials: CREDENTIALS,
    functionNames: ['render-batch'],
    invoke: (_name, payload) => {
      batches.push({ payloadBytes: Buffer.byteLength(JSON.stringify(payload), 'utf8') });
      return Promise.resolve(null);
    },
    background: () => undefined,
  });
  // The environment the local stack gives the handlers; the child process inherits it.
  configureEnvironment(emulators);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: invokeServer.url,
    [ENV.renderBatchFunctionName]: 'render-batch',
    [ENV.summaryBatchSize]: String(SUMMARY_BATCH.defaultSize),
  });
  const records: { ms: number; maxRssBytes: number; ok: boolean }[] = [];
  const pool = new LambdaProcessPool('generate-summary', 1, (record) => records.push(record));
  let exitCode = 0;
  try {
    const { documentClient } = await import('../../shared/adapters/dynamodb/client');
    const client = documentClient();
    console.log(`loading a roster of ${DEPARTMENTS} departments …`);
    const now = new Date('2022-12-15T00:00:00Z').toISOString();
    const items = syntheticDepartments(DEPARTMENTS, now).map((department) => ({
      pk: 'DEPARTMENT',
      sk: department.departmentId,
      ...department,
    }));
    const limit = pLimit(4);
    await Promise.all(
      Array.from({ length: Math.ceil(items.length / 25) }, (_, index) =>
        limit(async () => {
          let requests = items.slice(index * 25, index * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
          for (let attempt = 0; requests.length > 0; attempt++) {
            if (attempt > 10) throw new Error('DynamoDB kept roster items unprocessed');
            const { UnprocessedItems } = await client.send(
              new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }),
            );
            requests = (UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
          }
        }),
      ),
    );

    const expectedBatches = Math.ceil(DEPARTMENTS / SUMMARY_BATCH.defaultSize);
    for (let round = 0; round < ROUNDS; round++) {
      // A week of its own each round: a schedule takes the period's lock, which the last round still holds.
      const period = `2023-W${String(round + 1).padStart(2, '0')}`;
      const sent = batches.length;
      const started = performance.now();
      const result = (await pool.invoke({ source: 'schedule', period }, `bench-${round}`)) as {
        status?: string;
      } | null;
      const ms = performance.now() - started;
      if (result?.status !== 'running' && result?.status !== 'ready')
        throw new Error(`The coordinator returned ${JSON.stringify(result)}`);
      if (batches.length - sent !== expectedBatches)
        throw new Error(
          `The coordinator started ${batches.length - sent} batches, expected ${expectedBatches}`,
        );
      // The handler's own time; the first round's wall time also starts the process and loads the handler.
      const record = records.at(-1)!;
      console.log(
        `round ${round + 1}/${ROUNDS}: ${seconds(record.ms)} (${seconds(ms)} with the process start and IPC), ` +
          `process peak RSS ${mib(record.maxRssBytes)}`,
      );
    }

    const sizing = FUNCTION_SIZING['generate-summary'];
    const times = records.map((record) => record.ms);
    const peakRss = Math.max(...records.map((record) => record.maxRssBytes));
    const rssTarget = (sizing.memoryMb * 1024 ** 2) / 2;
    const timeTarget = ((sizing.timeoutSeconds - GIVE_UP_MARGIN_SECONDS) * 1000) / 2;
    const checks = [peakRss <= rssTarget, Math.max(...times) <= timeTarget];
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    const cpus = os.cpus();
    const rows: [string, string][] = [
      ['machine', `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${mib(os.totalmem())} RAM`],
      ['runtime', `node ${process.version} on ${os.platform()} ${os.release()}`],
      ['load average', `${loadAtStart} at the start, ${loadAverage()} at the end (1/5/15 min)`],
      [
        'roster',
        `${DEPARTMENTS} departments, batches of ${SUMMARY_BATCH.defaultSize}: ${expectedBatches} per run`,
      ],
      [
        'sizing',
        `${sizing.memoryMb} MB, ${sizing.timeoutSeconds} s, heap cap ${sizing.maxOldSpaceMb ?? 'none'} (infra/function-sizing.ts)`,
      ],
      [
        'invocation',
        `first ${seconds(times[0]!)}, median ${seconds(median(times))}, slowest ${seconds(Math.max(...times))} ` +
          `(target ≤ ${seconds(timeTarget)}: ${verdict(checks[1]!)})`,
      ],
      [
        'peak RSS',
        `${mib(peakRss)} (the coordinator's process, tsx included; target ≤ ${mib(rssTarget)}: ${verdict(checks[0]!)})`,
      ],
      [
        'Invoke payload',
        `largest ${(Math.max(...batches.map((b) => b.payloadBytes)) / 1024).toFixed(1)} KiB`,
      ],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('\ncoordinator benchmark');
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    if (!checks.every(Boolean)) exitCode = 1;
  } finally {
    await pool.close();
    await invokeServer.close();
    await emulators.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

await main();
