/**
 * Runs the import command against a test stack: in process (fast, same code path as the CLI), or as
 * the real child process where the test needs to kill it or read its exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport, type ImportOptions } from '../../../tools/import/run-import';
import { ADMIN_TOKEN, type TestStack } from '../support/stack';

export const workDir = () => mkdtempSync(join(tmpdir(), 'showcase-import-'));

export function writeTemp(name: string, content: string | Uint8Array): string {
  const path = join(workDir(), name);
  writeFileSync(path, content);
  return path;
}

export async function importInProcess(
  api: TestStack,
  file: string,
  options: Partial<ImportOptions> = {},
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runImport(
    { url: api.url, token: ADMIN_TOKEN, file, dryRun: false, concurrency: 4, skipInvalid: false, ...options },
    { out: (line) => lines.push(line), env: {}, now: () => new Date() },
  );
  return { code, lines };
}

export interface ChildRun {
  code: Promise<number | null>;
  lines: string[];
  stderr: () => string;
  kill: () => void;
  /** Resolves once `count` report lines ("[n/total] ...") have been printed. */
  reportLines: (count: number) => Promise<void>;
}

export function importChild(
  api: TestStack,
  args: string[],
  token: string | undefined = ADMIN_TOKEN,
): ChildRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tools/import/cli.ts', '--url', api.url, ...args],
    {
      env: { PATH: process.env.PATH, ...(token ? { SHOWCASE_TOKEN: token } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: { count: number; resolve: () => void }[] = [];
  const reportCount = () => lines.filter((line) => /^\[\d+\/\d+\]/.test(line)).length;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const waiter of [...waiters]) {
      if (reportCount() >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = new Promise<number | null>((resolve) =>
    child.on('close', (exitCode) => {
      if (partial) lines.push(partial);
      resolve(exitCode);
    }),
  );
  return {
    code,
    lines,
    stderr: () => stderr,
    kill: () => child.kill('SIGKILL'),
    reportLines: (count) =>
      new Promise<void>((resolve, reject) => {
        if (reportCount() >= count) return resolve();
        waiters.push({ count, resolve });
        void code.then(() => reject(new Error(`the import ended after ${reportCount()} reports: ${stderr}`)));
      }),
  };
}
