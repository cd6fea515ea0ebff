/**
 * Builds the web app when web/dist is missing or older than its sources: `npm start` and the browser
 * tests call this once, so nobody has to remember a build step and no test file pays for its own build.
 * "Older" is decided by a hash of the inputs, which survives a fresh clone's uniform file times.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_DIST = join(ROOT, 'web', 'dist');
const STAMP = join(WEB_DIST, '.inputs-sha256');

/** Everything the bundle is made from: the app, its build config, the code it shares and the lock file. */
const INPUTS = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/tsconfig.json',
  'shared/domain/calendar.ts',
  'package-lock.json',
];
/** The route contracts decide the generated client types. */
const CONTRACT_INPUTS = ['functions', 'shared/http'];

function files(path: string): string[] {
  const absolute = join(ROOT, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [absolute];
  return readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => files(join(path, entry.name)));
}

export function webInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of [...INPUTS, ...CONTRACT_INPUTS].flatMap(files)) {
    // The generated client is an output of the contracts, already covered by them.
    if (file.includes(`${join('web', 'src', 'api')}`) && /schema\.d\.ts$|contract\.ts$/.test(file)) continue;
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === webInputsHash();
}

/** Builds (type check included) unless web/dist is current; throws with the build's output on failure. */
export function ensureWebBuild(log: (line: string) => void = () => undefined): void {
  if (webBuildIsCurrent()) return;
  log('Building the web app (web/dist is missing or out of date)…');
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`The web app's build failed:\n${result.stdout}${result.stderr}`);
  }
  writeFileSync(STAMP, `${webInputsHash()}\n`);
}
