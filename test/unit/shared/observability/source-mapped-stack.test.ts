import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import {
  sourceMappedStack,
  withSourceMappedStack,
} from '../../../../shared/observability/source-mapped-stack';

/**
 * A real minified bundle with an external map, as the functions are built: two sources in two folders,
 * so that what they share (`src/`) is the root the mapped stack names them from.
 */
const dir = mkdtempSync(join(tmpdir(), 'source-mapped-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'src/domain'), { recursive: true });
writeFileSync(
  join(dir, 'src/domain/thrower.ts'),
  ['// line 1', 'export function explode(): never {', "  throw new Error('boom');", '}', ''].join('\n'),
);
writeFileSync(
  join(dir, 'src/entry.ts'),
  "import { explode } from './domain/thrower';\nexport const run = () => explode();\n",
);
buildSync({
  entryPoints: [join(dir, 'src/entry.ts')],
  outfile: join(dir, 'out/index.mjs'),
  bundle: true,
  minify: true,
  format: 'esm',
  sourcemap: 'external',
  sourcesContent: false,
});
const bundleFile = join(dir, 'out/index.mjs');

/** Where the minified code says `new Error("boom")`, as V8 would print it (1-based). */
function generatedPosition(): { line: number; column: number } {
  const code = readFileSync(bundleFile, 'utf8');
  const at = code.indexOf('new Error("boom")');
  const before = code.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('sourceMappedStack', () => {
  it('should point a frame inside a mapped bundle at its source, named from the sources’ shared root', () => {
    const { line, column } = generatedPosition();
    const stack = [
      'Error: boom',
      `    at m (${pathToFileURL(bundleFile).href}:${line}:${column})`,
      `    at async ${bundleFile}:${line}:${column}`,
    ].join('\n');
    const mapped = sourceMappedStack(stack).split('\n');
    expect(mapped[0]).toBe('Error: boom');
    expect(mapped[1]).toMatch(/^ {4}at m \(domain\/thrower\.ts:3:\d+\)$/);
    expect(mapped[2]).toMatch(/^ {4}at async domain\/thrower\.ts:3:\d+$/);
  });

  it('should leave frames of files without a map, and Node’s own, as they are', () => {
    const stack = [
      'Error: boom',
      `    at x (${join(dir, 'src/entry.ts')}:2:20)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('should leave the stack as it is when the map cannot be read, rather than fail the log line', () => {
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, 'export {};\n');
    writeFileSync(`${broken}.map`, '{ not json');
    const stack = `Error: boom\n    at y (${broken}:1:1)`;
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('should leave the stack to Node where Node maps stacks itself', () => {
    const { line, column } = generatedPosition();
    const stack = `Error: boom\n    at m (${bundleFile}:${line}:${column})`;
    process.setSourceMapsEnabled(true);
    try {
      expect(sourceMappedStack(stack)).toBe(stack);
    } finally {
      process.setSourceMapsEnabled(false);
    }
    expect(sourceMappedStack(stack)).not.toBe(stack);
  });
});

describe('withSourceMappedStack', () => {
  class RequestError extends Error {
    constructor(
      message: string,
      readonly status: number,
      options?: ErrorOptions,
    ) {
      super(message, options);
      this.name = 'RequestError';
    }
  }

  it('should map a copy, its cause’s stack too, and leave the error itself alone', () => {
    const { line, column } = generatedPosition();
    const frame = `    at m (${bundleFile}:${line}:${column})`;
    const cause = new Error('underneath');
    cause.stack = `Error: underneath\n${frame}`;
    const error = new RequestError('on top', 503, { cause });
    error.stack = `RequestError: on top\n${frame}`;

    const copy = withSourceMappedStack(error);

    expect(copy).toBeInstanceOf(RequestError);
    expect([copy.name, copy.message, copy.status]).toEqual(['RequestError', 'on top', 503]);
    expect(copy.stack).toMatch(/^RequestError: on top\n {4}at m \(domain\/thrower\.ts:3:\d+\)$/);
    expect((copy.cause as Error).stack).toMatch(
      /^Error: underneath\n {4}at m \(domain\/thrower\.ts:3:\d+\)$/,
    );
    expect((copy.cause as Error).message).toBe('underneath');
    // What was logged is a copy: the error and its cause still say where they were thrown in the bundle.
    expect(error.stack).toBe(`RequestError: on top\n${frame}`);
    expect(cause.stack).toBe(`Error: underneath\n${frame}`);
    expect(error.cause).toBe(cause);
  });
});
