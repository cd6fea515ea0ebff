/**
 * `npm run bench:docx`: what one Word document costs to render, per department document and for the district.
 *
 * Builds, in memory and without any emulator, the data set of bench:summary (500 departments × 26 weeks of
 * 2023-H1, 4 items × 3 metrics per report, seeded so every run holds the same figures) and aggregates it as a
 * generation does. Then, ROUNDS times after one warm-up round: renders the first DEPARTMENTS department
 * documents one after the other and the district document of all 500, and prints the median milliseconds.
 *
 * BENCH_DOCX_BASELINE=<dir> also measures another tree's renderer in the same run, interleaved round by
 * round (which of the two goes first alternates), so that both see the same load on a shared machine. The
 * dir holds a copy of the repository at the commit to compare with (for example
 * `git archive <commit> | tar -x -C <dir>` and a symlink to this tree's node_modules). The bench then also
 * checks that both give byte-identical documents and exits 1 when one differs, since a faster renderer is
 * only worth having if it writes exactly the same file.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { renderDocx } from '../../shared/domain/documents';
import type { SummaryDocument } from '../../shared/domain/summary';
import { aggregateSyntheticPeriod, syntheticPeriod } from './support/synthetic-reports';
import { loadAverage, median } from './support/measure';

const PERIOD = '2023-H1';
const DISTRICT_DEPARTMENTS = 500;
const DEPARTMENTS = Number(process.env.BENCH_DOCX_DEPARTMENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** After the period: every week has ended, so the grid and the coverage are complete. */
const GENERATED_AT = new Date('2023-07-03T02:00:00Z');

type Render = (doc: SummaryDocument) => Promise<Uint8Array>;

// ---------------------------------------------------------------------------------------------------
// The data set, as bench:summary loads it.

/** Exported for profiling scripts, which render the same documents under node --cpu-prof. */
export function dataSet(): { district: SummaryDocument; departments: SummaryDocument[] } {
  const { departments, reports } = syntheticPeriod(PERIOD, DISTRICT_DEPARTMENTS);
  return aggregateSyntheticPeriod(PERIOD, { departments, reports }, GENERATED_AT);
}

// ---------------------------------------------------------------------------------------------------
// Measuring.

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A zip with every entry's time cleared (the DOS time and date of each local header and central directory
 * record), walking the records from the start. Two packages that differ only in when they were zipped are
 * equal in this form: docx zips with the wall clock, so a renderer's bytes can only be compared with its
 * earlier self once the times are out of the way.
 */
export function withoutZipTimes(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  let at = 0;
  for (;;) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) {
      view.setUint32(at + 10, 0, true);
      at +=
        30 + view.getUint32(at + 18, true) + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    } else if (signature === 0x02014b50) {
      view.setUint32(at + 12, 0, true);
      at +=
        46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    } else if (signature === 0x06054b50) {
      return out;
    } else {
      throw new Error(`Not a zip this bench can read: record ${signature.toString(16)} at ${at}`);
    }
  }
}

/** A rendered document's bytes, and its bytes but for the zip's times. */
interface Fingerprint {
  bytes: string;
  timeless: string;
}

function fingerprint(bytes: Uint8Array): Fingerprint {
  return { bytes: sha256(bytes), timeless: sha256(withoutZipTimes(bytes)) };
}

interface Round {
  departmentMs: number;
  districtMs: number;
  fingerprints: Fingerprint[];
}

async function round(
  render: Render,
  departments: SummaryDocument[],
  district: SummaryDocument,
): Promise<Round> {
  const rendered: Uint8Array[] = [];
  const started = performance.now();
  for (const doc of departments) rendered.push(await render(doc));
  const departmentMs = (performance.now() - started) / departments.length;
  const districtStarted = performance.now();
  rendered.push(await render(district));
  const districtMs = performance.now() - districtStarted;
  // Fingerprinted after the clock stops: unzipping is the bench's work, not the renderer's.
  return { departmentMs, districtMs, fingerprints: rendered.map(fingerprint) };
}

async function baselineRenderer(dir: string): Promise<Render> {
  const entry = pathToFileURL(resolve(dir, 'shared/domain/documents/index.ts')).href;
  const module = (await import(entry)) as { renderDocx?: Render };
  if (typeof module.renderDocx !== 'function') throw new Error(`${entry} exports no renderDocx`);
  return module.renderDocx;
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const built = performance.now();
  const { district, departments } = dataSet();
  const sample = departments.slice(0, DEPARTMENTS);
  console.log(
    `data set: ${DISTRICT_DEPARTMENTS} departments × 26 weeks aggregated in ${((performance.now() - built) / 1000).toFixed(1)} s; ` +
      `rendering ${sample.length} department documents and the district, ${ROUNDS} rounds after a warm-up`,
  );

  const baselineDir = process.env.BENCH_DOCX_BASELINE;
  const renderers: { name: string; render: Render }[] = [{ name: 'this tree', render: renderDocx }];
  if (baselineDir)
    renderers.unshift({ name: `baseline (${baselineDir})`, render: await baselineRenderer(baselineDir) });

  const rounds = new Map<string, Round[]>(renderers.map((r) => [r.name, []]));
  for (let i = 0; i <= ROUNDS; i++) {
    const order = i % 2 === 0 ? renderers : [...renderers].reverse();
    for (const { name, render } of order) {
      const result = await round(render, sample, district);
      // Round 0 warms the JIT and the module caches; it is checked but not counted.
      rounds.get(name)!.push(result);
    }
    process.stdout.write(i === 0 ? '  warm-up done' : ` · round ${i}`);
  }
  process.stdout.write('\n');

  let exitCode = 0;
  const results = renderers.map(({ name }) => {
    const all = rounds.get(name)!;
    // Round 0 warmed the JIT and the module caches: it counts only when it is the only one (a profile run).
    const counted = all.length > 1 ? all.slice(1) : all;
    const first = all[0]!.fingerprints;
    return {
      name,
      departmentMs: median(counted.map((r) => r.departmentMs)),
      districtMs: median(counted.map((r) => r.districtMs)),
      first,
      /** Per document, whether every round gave the same bytes. */
      reproducible: first.map((f, i) => all.every((r) => r.fingerprints[i]?.bytes === f.bytes)),
      sameTimeless: all.every((r) => r.fingerprints.every((f, i) => f.timeless === first[i]?.timeless)),
    };
  });
  console.log('');
  console.log('| renderer | ms per department document | ms for the district (500 departments) |');
  console.log('| -------- | -------------------------: | ------------------------------------: |');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.departmentMs.toFixed(1)} | ${r.districtMs.toFixed(0)} |`);
  }
  for (const r of results) {
    const unstable = r.reproducible.filter((same) => !same).length;
    if (!r.sameTimeless) {
      console.log(`${r.name}: the same document rendered to different bytes in different rounds`);
      exitCode = 1;
    } else if (unstable > 0) {
      console.log(
        `${r.name}: ${unstable} of ${r.reproducible.length} documents differ from round to round in their zip times only`,
      );
    }
  }
  const [before, after] = results;
  if (before && after && after !== before) {
    console.log(
      `\nafter/before: ${(after.departmentMs / before.departmentMs).toFixed(2)} per department document, ` +
        `${(after.districtMs / before.districtMs).toFixed(2)} for the district`,
    );
    // Bytes are compared where the baseline itself gives the same bytes every time; elsewhere, all but the times.
    const otherParts = before.first.filter((f, i) => f.timeless !== after.first[i]?.timeless).length;
    const comparable = before.first.filter((_, i) => before.reproducible[i]);
    const otherBytes = before.first.filter(
      (f, i) => before.reproducible[i] && f.bytes !== after.first[i]?.bytes,
    ).length;
    if (otherParts > 0 || otherBytes > 0) {
      console.log(
        `NOT identical: ${otherParts} of ${before.first.length} documents differ in more than their zip times, ` +
          `${otherBytes} of ${comparable.length} reproducible ones other bytes than the baseline`,
      );
      exitCode = 1;
    } else {
      console.log(
        `identical: all ${before.first.length} documents are the baseline's bytes but for the zip times, ` +
          `and the ${comparable.length} the baseline writes reproducibly are its bytes`,
      );
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nmachine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ` +
      `load average (1/5/15 min) ${loadAtStart} at the start, ${loadAverage()} at the end`,
  );
  process.exitCode = exitCode;
}

// Run as a script, not when a profiling script imports the data set.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
