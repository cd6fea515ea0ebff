/**
 * Where a cold start's CPU goes: reads the V8 CPU profiles `npm run bench:cold -- --cpu-prof DIR`
 * wrote and prints, per function, the self time by origin (an npm package, a folder of this project,
 * Node's internals, the garbage collector, V8's compiler and parser as "(program)"), averaged over
 * the function's profiles. The bundles are minified, so each sample's position is mapped back
 * through the bundle's source map to the file it came from.
 *
 * Usage: `tsx test/bench/cold-profile.ts DIR [top]`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { url: string; lineNumber: number; columnNumber: number; functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** COLD_PROFILE_NODE=1: Node's internals by module and function instead of one line. */
const NODE_DETAIL = process.env.COLD_PROFILE_NODE === '1';

const maps = new Map<string, SourceMap | undefined>();
function sourceMapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(
      url,
      existsSync(file)
        ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload)
        : undefined,
    );
  }
  return maps.get(url);
}

/** An npm package (`zod`, `@smithy/core`), a project folder (`shared/http`), or what V8 calls it. */
function originOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return NODE_DETAIL ? `${url} ${functionName}` : 'node: internals';
  if (!url.startsWith('file:')) return url;
  const map = sourceMapOf(url);
  if (!map) return url.endsWith('cold-runner.mjs') ? 'bench runner' : url;
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
  const source = entry.originalSource ?? '';
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = source.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const project = source.replace(/^(\.\.\/)+/, '').split('/');
  return project.length > 2 ? project.slice(0, 2).join('/') : project.join('/') || '(bundle)';
}

function selfTimes(profile: Profile): Map<string, number> {
  const origins = new Map(profile.nodes.map((node) => [node.id, originOf(node.callFrame)]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const origin = origins.get(id)!;
    times.set(origin, (times.get(origin) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return times;
}

const [dir, top = '14'] = process.argv.slice(2);
if (!dir) throw new Error('usage: tsx test/bench/cold-profile.ts DIR [top]');
const byFunction = new Map<string, Map<string, number>[]>();
for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const name = file.replace(/-\d+\.cpuprofile$/, '');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  byFunction.set(name, [...(byFunction.get(name) ?? []), selfTimes(profile)]);
}
for (const [name, runs] of [...byFunction].sort(([a], [b]) => a.localeCompare(b))) {
  const totals = new Map<string, number>();
  for (const run of runs) for (const [origin, ms] of run) totals.set(origin, (totals.get(origin) ?? 0) + ms);
  const all = [...totals.values()].reduce((sum, ms) => sum + ms, 0) / runs.length;
  console.log(`${name}: ${all.toFixed(1)} ms profiled (mean of ${runs.length})`);
  for (const [origin, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`  ${(ms / runs.length).toFixed(1).padStart(7)} ms  ${origin}`);
  }
}
