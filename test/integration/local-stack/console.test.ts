/**
 * What a newcomer sees after `npm start`: the banner, whole, then the access log.
 */
import { startProcess, type StartedProcess } from '../support/start-process';

const LOGGED = 'Requests are logged below';
const ACCESS_LOG_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \S* \d{3} \d+ms$/;
let started: StartedProcess;
beforeAll(async () => {
  started = await startProcess();
  await started.waitForOutput(LOGGED);
  // One request after the banner, so that there is an access log line to look at.
  await fetch(`${started.url}/v1/health`);
  await started.waitForOutput('GET /v1/health 200');
}, 90_000);
afterAll(async () => {
  await started.stop();
});

test('It should print no AWS SDK Node.js version notice', () => {
  expect(started.stderr()).not.toContain('NodeVersionSupportWarning');
  expect(started.stdout()).not.toContain('NodeVersionSupportWarning');
});

test('It should print every curl line with --fail-with-body, and none with -I', () => {
  const curls = started
    .stdout()
    .split('\n')
    .filter((line) => line.trimStart().startsWith('curl '));
  expect(curls.length).toBeGreaterThanOrEqual(8);
  for (const line of curls) {
    expect(line).toContain('--fail-with-body');
    expect(line).not.toMatch(/\s-(I|-head)\b/);
  }
});

test('It should refuse, in the shell, a download line run without SHOWCASE_TOKEN', () => {
  const download = started
    .stdout()
    .split('\n')
    .find((line) => line.includes('-o ') && line.includes('/documents/district/docx'));
  expect(download).toContain('${SHOWCASE_TOKEN:?');
});

test('It should start the access log only after the whole banner', () => {
  const lines = started.stdout().split('\n');
  const bannerEnd = lines.findIndex((line) => line.startsWith(LOGGED));
  const logLines = lines.flatMap((line, index) => (ACCESS_LOG_LINE.test(line) ? [index] : []));
  expect(logLines.length).toBeGreaterThan(0);
  expect(Math.min(...logLines)).toBeGreaterThan(bannerEnd);
  expect(lines.slice(0, bannerEnd).join('\n')).toContain('Download the district review');
});
