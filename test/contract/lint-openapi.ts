/**
 * `npm run lint:openapi` (part of `npm test`): writes the OpenAPI document the API serves to a temporary
 * file and lints it with Redocly CLI's `recommended` ruleset (redocly.yaml). Any problem, warnings
 * included, fails it, except the few acknowledged below with their reasons. Redocly runs offline: the
 * ruleset ships inside the package, and telemetry and the update check are switched off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openApiDocument } from '../../functions/contracts';

/** Findings that are right about the rule and wrong about this API, by rule and JSON pointer. */
const ACKNOWLEDGED: { ruleId: string; pointer: string; reason: string }[] = [
  {
    ruleId: 'operation-2xx-response',
    pointer: '#/paths/~1v1~1summaries~1{period}~1documents~1{scope}~1{format}/get/responses',
    reason: 'A download answers 302 to a presigned S3 URL; it has no 2xx of its own.',
  },
];

interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

const root = resolve(import.meta.dirname, '../..');
const cli = join(createRequire(import.meta.url).resolve('@redocly/cli/package.json'), '../bin/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'showcase-openapi-'));
const file = join(dir, 'openapi.json');
try {
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  const result = spawnSync(
    process.execPath,
    [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`Redocly gave no report (status ${result.status}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout.slice(start)) as { problems: Problem[] };
  const problems = report.problems.filter(
    (problem) =>
      !ACKNOWLEDGED.some(
        (known) => known.ruleId === problem.ruleId && known.pointer === problem.location[0]?.pointer,
      ),
  );
  for (const problem of problems) {
    console.error(
      `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`,
    );
  }
  if (problems.length > 0) {
    console.error(`Redocly (recommended) found ${problems.length} problem(s) in the OpenAPI document.`);
    process.exitCode = 1;
  } else {
    console.log(
      `OpenAPI document lints clean with Redocly's recommended ruleset (${ACKNOWLEDGED.length} acknowledged).`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
