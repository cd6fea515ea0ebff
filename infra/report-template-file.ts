/**
 * The report template's skeleton as a file, built at synth for the get-report-template bundle to ship:
 * rendering the workbook with exceljs at cold start cost that function 15–20× a hello world's start
 * (`npm run bench:cold`), and the workbook changes only with the catalog, which a deployment fixes.
 *
 * exceljs writes asynchronously and a CDK app is built synchronously, so the skeleton is built in a
 * child process (report-template-build.ts, through tsx as the app itself runs), and only when the
 * bundle is built: stacks synthesized without bundling (the infra tests) never pay for it.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('./report-template-build.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const built = new Map<string, string>();

/**
 * Writes the skeleton for the catalog at `catalogPath` (validated before) and returns the file's path,
 * once per catalog and process. The name is the content's hash, so every synth of the same workbook
 * finds the same file, and the bundle's asset hash does not move.
 */
export function reportTemplateFile(catalogPath: string): string {
  let path = built.get(catalogPath);
  if (!path) {
    path = execFileSync(process.execPath, ['--import', TSX, BUILD_SCRIPT, catalogPath], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    built.set(catalogPath, path);
  }
  return path;
}
