/**
 * Stack traces that point at the TypeScript sources, paid for only when an error is logged.
 *
 * Why not `--enable-source-maps`: with the flag, Node reads and indexes every module's source map when
 * the module loads, at every cold start, whether or not anything ever fails. For the bundles deployed
 * that was about 5 ms of CPU of a 70 ms start (README "Cold start"), on every request of a district.
 * Here the bundle's map is read the first time a logged error needs it, and each `file:line:column` of
 * the stack that falls inside a bundle with a map beside it (`index.mjs.map`) is rewritten to the
 * source it came from. Node's own `SourceMap` reads the map.
 *
 * Where Node maps stacks itself (`process.sourceMapsEnabled`: under tsx, as the local stack runs, or in
 * a process started with the flag), a stack is left as it is. Without a map beside the file (the
 * sources themselves), a position stays as it is too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A position in a stack frame: a file URL or an absolute path, then line and column (1-based). */
const POSITION = /(file:\/\/[^\s()]+|\/[^\s():]+):(\d+):(\d+)/g;

interface BundleMap {
  map: SourceMap;
  /** What every source's path starts with: the project's root, seen from where the bundle was built. */
  root: string;
}

/** The map of each file asked for, `null` where there is none, read once per process. */
const maps = new Map<string, BundleMap | null>();

function mapOf(file: string): BundleMap | null {
  let known = maps.get(file);
  if (known === undefined) {
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) {
      const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
      known = { map: new SourceMap(payload), root: commonDirectory(payload.sources) };
    } else {
      known = null;
    }
    maps.set(file, known);
  }
  return known;
}

/**
 * The directory all the sources share. esbuild names them relative to the directory the bundle was
 * built in, which differs between `cdk synth` and the tests (`../../shared/…`, `../../work/main/shared/…`);
 * a bundle always holds files of more than one top-level folder (functions/, shared/, node_modules/), so
 * what they share is the project's root, and what follows it reads the same wherever it was built.
 */
function commonDirectory(sources: readonly string[]): string {
  const directories = sources.map((source) => source.split('/').slice(0, -1));
  const shared: string[] = [];
  for (const [index, part] of (directories[0] ?? []).entries()) {
    if (!directories.every((directory) => directory[index] === part)) break;
    shared.push(part);
  }
  return shared.map((part) => `${part}/`).join('');
}

/**
 * The stack with every position inside a mapped bundle replaced by its source position, the source
 * named from the project's root (`shared/http/http-handler.ts:122:5`).
 * Positions that cannot be mapped, and the whole stack if anything goes wrong, stay as they were: a
 * log line must never fail over its stack trace.
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  try {
    return stack.replace(POSITION, (position, location: string, line: string, column: string) => {
      const file = location.startsWith('file:') ? fileURLToPath(location) : location;
      const bundle = mapOf(file);
      const entry = bundle?.map.findEntry(Number(line) - 1, Number(column) - 1);
      if (!bundle || !entry || !('originalSource' in entry)) return position;
      const source = entry.originalSource.startsWith(bundle.root)
        ? entry.originalSource.slice(bundle.root.length)
        : entry.originalSource;
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
  } catch {
    return stack;
  }
}

/**
 * A copy of the error (same prototype, so it is still `instanceof` its class, and the same own
 * properties) whose stack, and its cause's, points at the sources. The error itself is left alone: it
 * may still be thrown or inspected by whoever logged it.
 */
export function withSourceMappedStack<E extends Error>(error: E): E {
  if (process.sourceMapsEnabled || typeof error.stack !== 'string') return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as E;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, 'stack', {
    value: sourceMappedStack(error.stack),
    writable: true,
    configurable: true,
  });
  if (error.cause instanceof Error) {
    Object.defineProperty(copy, 'cause', {
      value: withSourceMappedStack(error.cause),
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
