/**
 * `npm run bench:formats`: the CPU that rendering costs per format, for the documents of one generation.
 *
 * bench:summary measures a generation end to end through the fan-out (wall time, several processes,
 * emulators); this one takes the rendering out of it, so that the part a renderer's change can move is
 * measured on its own and in CPU time, which a shared machine disturbs much less than wall time. It builds
 * the data set of bench:summary (500 departments × 26 weeks of 2023-H1, seeded) in memory, aggregates it
 * as a generation does, and renders every department's document and the district's, each scope in every
 * format in turn as a render batch does, in one process: ROUNDS rounds after a warm-up, medians of the
 * process's CPU time (user + system) per format. It also prints one fingerprint per format (a sha256 over
 * every document's sha256 in order), so that a change to a renderer can show it kept every byte: run it
 * before and after (or on a copy of the tree at the commit before, as bench:docx's baseline) and compare.
 * For the zipped formats (Word, Excel) it prints a second one over what they unzip to (every part's sha256,
 * in order, an embedded workbook by its own parts), which stays the same when only the DEFLATE encoder
 * changes a package's bytes.
 * BENCH_DEPARTMENTS, BENCH_ROUNDS and BENCH_FORMATS (e.g. docx,xlsx) shrink it.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import os from 'node:os';
import type { SourceReport } from '../../shared/domain/documents';
import type { DocumentFormat } from '../../shared/domain/documents/formats';
import type { SummaryDocument } from '../../shared/domain/summary';
import { renderFormat } from '../../shared/use-cases/render-batch';
import { loadAverage, median } from './support/measure';
import { aggregateSyntheticPeriod, syntheticPeriod } from './support/synthetic-reports';

const PERIOD = '2023-H1';
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The renderers' formats; the provenance file is the aggregation's JSON, not a rendering. */
type RenderedFormat = Exclude<DocumentFormat, 'provenance'>;
const FORMATS = (process.env.BENCH_FORMATS?.split(',') ?? [
  'json',
  'html',
  'md',
  'docx',
  'xlsx',
]) as RenderedFormat[];
/** After the period: every week has ended, so the grid and the coverage are complete. */
const GENERATED_AT = new Date('2023-07-03T02:00:00Z');

interface DataSet {
  district: SummaryDocument;
  departments: SummaryDocument[];
  /** Each department's latest revisions, which its workbook lists; the district's lists all of them. */
  sources: Map<string, SourceReport[]>;
}

function dataSet(): DataSet {
  const { departments, reports } = syntheticPeriod(PERIOD, DEPARTMENTS);
  const sources = new Map<string, SourceReport[]>();
  for (const { departmentId, week, revision, items } of reports) {
    sources.set(departmentId, [
      ...(sources.get(departmentId) ?? []),
      { departmentId, week, revision, items },
    ]);
  }
  const result = aggregateSyntheticPeriod(PERIOD, { departments, reports }, GENERATED_AT);
  return { ...result, sources };
}

const ZIPPED = new Set<DocumentFormat>(['docx', 'xlsx']);

/** A zipped document's parts, in order, each as its name and sha256 (an embedded package by its parts). */
function updateWithParts(hash: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (/\.(xlsx|docx)$/.test(name)) updateWithParts(hash.update(`${name}!`), data);
    else hash.update(`${name} ${createHash('sha256').update(data).digest('hex')}\n`);
  }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

interface Round {
  /** CPU ms per format: all departments, and the district. */
  departmentsMs: Map<DocumentFormat, number>;
  districtMs: Map<DocumentFormat, number>;
  fingerprints: Map<DocumentFormat, string>;
  /** The zipped formats' fingerprint over their parts rather than their bytes. */
  partsFingerprints: Map<DocumentFormat, string>;
  bytes: Map<DocumentFormat, number>;
}

/**
 * One generation's rendering: each scope in every format, one after the other, as render-batch does it (so a
 * renderer may reuse what another built from the same document). Each round renders copies of the documents,
 * so that nothing one round kept for a document object serves the next.
 */
async function round(data: DataSet): Promise<Round> {
  const departmentsMs = new Map<DocumentFormat, number>(FORMATS.map((f) => [f, 0]));
  const districtMs = new Map<DocumentFormat, number>(FORMATS.map((f) => [f, 0]));
  const digests = new Map(FORMATS.map((f) => [f, createHash('sha256')]));
  const partDigests = new Map(FORMATS.filter((f) => ZIPPED.has(f)).map((f) => [f, createHash('sha256')]));
  const bytes = new Map<DocumentFormat, number>(FORMATS.map((f) => [f, 0]));
  const scope = async (doc: SummaryDocument, sources: SourceReport[], into: Map<DocumentFormat, number>) => {
    const copy = { ...doc };
    for (const format of FORMATS) {
      const started = cpuMs();
      const body = await renderFormat({ doc: copy, workbook: () => ({ sources }) }, format);
      into.set(format, into.get(format)! + cpuMs() - started);
      // After the clock stops: fingerprinting is the bench's work, not the renderer's.
      digests.get(format)!.update(createHash('sha256').update(body).digest());
      const parts = partDigests.get(format);
      if (parts) updateWithParts(parts, body);
      bytes.set(format, bytes.get(format)! + body.byteLength);
    }
  };
  for (const doc of data.departments) await scope(doc, data.sources.get(doc.scope) ?? [], departmentsMs);
  await scope(data.district, [...data.sources.values()].flat(), districtMs);
  const fingerprints = new Map(FORMATS.map((f) => [f, digests.get(f)!.digest('hex').slice(0, 16)]));
  const partsFingerprints = new Map(
    [...partDigests].map(([f, hash]) => [f, hash.digest('hex').slice(0, 16)] as const),
  );
  return { departmentsMs, districtMs, fingerprints, partsFingerprints, bytes };
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const data = dataSet();
  console.log(
    `${DEPARTMENTS} departments × 26 weeks; CPU time per format (user + system, this process), ` +
      `median of ${ROUNDS} rounds after a warm-up`,
  );
  const rounds: Round[] = [];
  for (let i = 0; i <= ROUNDS; i++) rounds.push(await round(data));
  const counted = rounds.length > 1 ? rounds.slice(1) : rounds;
  console.log('');
  console.log(
    '| format | CPU ms per department | CPU s, all departments | CPU ms, district | MiB written | fingerprint | parts |',
  );
  console.log('| ------ | ---: | ---: | ---: | ---: | ---- | ---- |');
  let totalDepartments = 0;
  let totalDistrict = 0;
  for (const format of FORMATS) {
    if (new Set(rounds.map((r) => r.fingerprints.get(format))).size > 1) {
      console.log(`${format}: the same documents rendered to different bytes in different rounds`);
      process.exitCode = 1;
    }
    const departmentsMs = median(counted.map((r) => r.departmentsMs.get(format)!));
    const districtMs = median(counted.map((r) => r.districtMs.get(format)!));
    totalDepartments += departmentsMs;
    totalDistrict += districtMs;
    console.log(
      `| ${format} | ${(departmentsMs / DEPARTMENTS).toFixed(2)} | ${(departmentsMs / 1000).toFixed(2)} | ` +
        `${districtMs.toFixed(0)} | ${(rounds[0]!.bytes.get(format)! / 1024 ** 2).toFixed(1)} | ${rounds[0]!.fingerprints.get(format)} | ${rounds[0]!.partsFingerprints.get(format) ?? ''} |`,
    );
  }
  console.log(
    `| all | ${(totalDepartments / DEPARTMENTS).toFixed(2)} | ${(totalDepartments / 1000).toFixed(2)} | ${totalDistrict.toFixed(0)} | | | |`,
  );
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nmachine: ${os.cpus().length} × ${cpu}, Node ${process.version}; ` +
      `load average (1/5/15 min) ${loadAtStart} at the start, ${loadAverage()} at the end`,
  );
}

await main();
