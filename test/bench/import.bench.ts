/**
 * The import benchmark (`npm run bench:import`): 10,000 rows (50 departments × 50 weeks × 4 rows, so
 * 2,500 reports) imported with the import command into the local stack, against the same 2,500 report
 * bodies submitted directly through the API with the same concurrency, in the same run. Prints rows/s,
 * reports/s and the ratio of the two times, and exits non-zero when the ratio misses its target.
 *
 * The import's extra work is reading and validating the file and one list request per department and
 * half-year before it submits; the submits themselves are the same PUTs. Each side gets departments of
 * its own, so both write to empty partitions, and the rounds alternate which side goes first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { startLocalStack } from '../../infra/local/local-stack';
import { CatalogIndex, defaultCatalog } from '../../shared/domain/catalog';
import { planImport } from '../../shared/domain/import/plan-import';
import { runImport } from '../../tools/import/run-import';
import { readCsv } from '../../tools/import/read-sheet';
import { importRows, toCsv, weeksFrom } from '../fixtures/import-rows';

const DEPARTMENTS = 50;
const WEEKS = 50;
const CONCURRENCY = 8;
const ROUNDS = 2;
const TARGET_RATIO = 1.2;
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdefghijklmnop';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'showcase-bench-import-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    adminToken: ADMIN_TOKEN,
    environment: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  const put = async (path: string, body: unknown) => {
    const response = await fetch(stack.url + path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`PUT ${path}: ${response.status} ${text}`);
  };
  try {
    const weeks = weeksFrom(1, WEEKS);
    const ids = (side: string, round: number) =>
      Array.from({ length: DEPARTMENTS }, (_, i) => `${side}${round}-${String(i + 1).padStart(2, '0')}`);
    for (let round = 0; round <= ROUNDS; round++) {
      for (const id of [...ids('imp', round), ...ids('api', round)]) {
        await put(`/v1/departments/${id}`, { name: `单位${id}` });
      }
    }

    const importRound = async (round: number) => {
      const rows = importRows(ids('imp', round), weeks);
      const file = join(dataDir, `import-${round}.csv`);
      writeFileSync(file, toCsv(rows));
      const lines: string[] = [];
      const started = performance.now();
      const code = await runImport(
        {
          url: stack.url,
          token: ADMIN_TOKEN,
          file,
          dryRun: false,
          concurrency: CONCURRENCY,
          skipInvalid: false,
        },
        { out: (line) => lines.push(line), env: {}, now: () => new Date() },
      );
      const seconds = (performance.now() - started) / 1000;
      const expected = `imported ${DEPARTMENTS * WEEKS} reports (${DEPARTMENTS * WEEKS} created, 0 unchanged), 0 failed`;
      if (code !== 0 || lines.at(-1) !== expected)
        throw new Error(`import round ${round}: ${lines.slice(-5).join('\n')}`);
      return { seconds, rows: rows.length };
    };

    const directRound = async (round: number) => {
      // The same bodies the import sends, prepared before the clock starts.
      const csv = Buffer.from(toCsv(importRows(ids('api', round), weeks)));
      const plan = planImport(readCsv(csv), {
        catalog: new CatalogIndex(defaultCatalog),
        mayBackdate: true,
        timeZone: 'Asia/Shanghai',
        now: new Date(),
      });
      if (plan.errors.length > 0 || plan.reports.length !== DEPARTMENTS * WEEKS)
        throw new Error('bad bench data');
      const limit = pLimit(CONCURRENCY);
      const started = performance.now();
      await Promise.all(
        plan.reports.map((report) =>
          limit(() => put(`/v1/departments/${report.departmentId}/reports/${report.week}`, report.body)),
        ),
      );
      return { seconds: (performance.now() - started) / 1000 };
    };

    // Round 0 warms both paths up (module loading, the emulator's first writes) and is not counted.
    const results: { importSeconds: number; directSeconds: number; rows: number }[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      let imported: { seconds: number; rows: number };
      let direct: { seconds: number };
      if (round % 2 === 0) {
        imported = await importRound(round);
        direct = await directRound(round);
      } else {
        direct = await directRound(round);
        imported = await importRound(round);
      }
      if (round > 0)
        results.push({ importSeconds: imported.seconds, directSeconds: direct.seconds, rows: imported.rows });
    }

    const cpu = cpus();
    const reports = DEPARTMENTS * WEEKS;
    console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}`);
    console.log(
      `Per round: ${results[0]!.rows} rows → ${reports} reports (${DEPARTMENTS} departments × ${WEEKS} weeks), ` +
        `concurrency ${CONCURRENCY}, ${ROUNDS} rounds after a warm-up`,
    );
    console.log('');
    console.log('round  import s  import rows/s  import reports/s  direct s  direct reports/s  ratio');
    results.forEach((r, i) =>
      console.log(
        `${String(i + 1).padEnd(7)}${r.importSeconds.toFixed(2).padStart(8)}${(r.rows / r.importSeconds).toFixed(0).padStart(14)}` +
          `${(reports / r.importSeconds).toFixed(0).padStart(18)}${r.directSeconds.toFixed(2).padStart(10)}` +
          `${(reports / r.directSeconds).toFixed(0).padStart(18)}${(r.importSeconds / r.directSeconds).toFixed(2).padStart(7)}`,
      ),
    );
    const ratio = median(results.map((r) => r.importSeconds / r.directSeconds));
    const rowsPerSecond = median(results.map((r) => r.rows / r.importSeconds));
    console.log('');
    console.log(`import rows/s (median)                       ${rowsPerSecond.toFixed(0).padStart(8)}`);
    console.log(
      `import time / direct API time (median)       ${ratio.toFixed(2).padStart(8)}  ≤ ${TARGET_RATIO}  ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}`,
    );
    if (ratio > TARGET_RATIO) process.exitCode = 1;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
