/**
 * `npm start`: the local stack on http://127.0.0.1:$PORT with its data under $DATA_DIR.
 *
 * Environment: PORT (3000), DATA_DIR (.data), ADMIN_TOKEN (32+ characters; generated and kept in the data
 * dir when unset), DEMO (0 starts empty), CATALOG_FILE, ORG_NAME, TIME_ZONE, DUE_WEEKDAY, DUE_TIME.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSecret, MIN_SECRET_LENGTH } from '../../shared/use-cases/tokens';
import { periodTitle } from '../../shared/domain/calendar';
import type { DemoTokens } from './demo/load-demo';
import { DEMO_PERIOD, DEMO_QUARTER, DEMO_REMINDER_WEEK, DEMO_WEEK } from './demo/periods';
import { startLocalStack } from './local-stack';
import { ensureWebBuild } from './web-build';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const demo = process.env.DEMO !== '0';

function fail(message: string): never {
  console.error(`showcase: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`PORT must be a port number, not ${process.env.PORT}`);
const freshDataDir = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
mkdirSync(dataDir, { recursive: true });

let adminToken = process.env.ADMIN_TOKEN;
const adminTokenFile = join(dataDir, 'admin-token');
if (adminToken !== undefined && adminToken.length < MIN_SECRET_LENGTH) {
  fail(`ADMIN_TOKEN must have at least ${MIN_SECRET_LENGTH} characters`);
}
if (adminToken === undefined) {
  // A newcomer needs a token without reading any docs: make one once and keep it with the data.
  if (!existsSync(adminTokenFile)) writeFileSync(adminTokenFile, `${generateSecret()}\n`, { mode: 0o600 });
  adminToken = readFileSync(adminTokenFile, 'utf8').trim();
}

try {
  ensureWebBuild((line) => console.log(line));
} catch (error) {
  fail((error as Error).message);
}

const quiet = process.env.ACCESS_LOG === '0';
// The access log starts after the banner, so that its lines never split the instructions.
let accessLogOn = false;
const stack = await startLocalStack({
  port,
  dataDir,
  adminToken,
  demo: demo && freshDataDir,
  environment: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' },
  onRequest: quiet
    ? undefined
    : ({ method, path, status, ms }) => {
        if (accessLogOn) console.log(`${method} ${path} ${status} ${ms}ms`);
      },
});

console.log(`
Showcase is running at ${stack.url}  (data in ${dataDir})

  Web app: ${stack.url}/   (sign in with a token below)

  curl --fail-with-body ${stack.url}/v1/health
  curl --fail-with-body ${stack.url}/v1/openapi.json

Admin token${process.env.ADMIN_TOKEN ? ' (from ADMIN_TOKEN)' : ` (kept in ${adminTokenFile})`}:
  ${adminToken}
Issue more tokens with it:
  curl --fail-with-body -X POST ${stack.url}/v1/tokens -H "authorization: Bearer ${adminToken}" \\
       -H 'content-type: application/json' -d '{"role":"reviewer"}'
`);

if (stack.demoTokens) await printDemo(stack.url, stack.demoTokens);
if (!quiet) {
  console.log('Requests are logged below, one line each (ACCESS_LOG=0 turns this off).\n');
  accessLogOn = true;
}

async function printDemo(url: string, tokens: DemoTokens) {
  // The demo summary is generated in the background right after start; its links are ready when it is.
  await stack.idle();
  const response = await fetch(`${url}/v1/summaries/${DEMO_PERIOD}`, {
    headers: { authorization: `Bearer ${tokens.reviewer}` },
  });
  const summary = (await response.json()) as {
    status: string;
    documents: { scope: string; scopeName: string; format: string; href: string }[];
  };
  const district = summary.documents.filter((document) => document.scope === 'district');
  console.log(`Demo data: ${DEMO_PERIOD} of weekly reports from 11 departments; its summary is ${summary.status}.

  export SHOWCASE_TOKEN=${tokens.reviewer}      # a reviewer token
  # a department token of ${tokens.department.name} (${tokens.department.departmentId}): ${tokens.department.token}

Download the district review (each link answers GET with a 302 to the file, which curl -L follows;
with SHOWCASE_TOKEN unset the shell refuses the line rather than save an error as the file):
${district
  .map(
    (document) =>
      `  curl -L --fail-with-body -H "authorization: Bearer \${SHOWCASE_TOKEN:?export it first}" -o '${document.scopeName}-${periodTitle(DEMO_PERIOD)}-汇总.${document.format}' ${url}${document.href}`,
  )
  .join('\n')}
Every department's documents:
  curl --fail-with-body -H "authorization: Bearer \${SHOWCASE_TOKEN:?export it first}" ${url}/v1/summaries/${DEMO_PERIOD}

The ${periodTitle(DEMO_QUARTER)} review and the ${periodTitle(DEMO_WEEK)} showcase (周晒), made for a phone:
  curl -L --fail-with-body -H "authorization: Bearer \${SHOWCASE_TOKEN:?export it first}" -o '${periodTitle(DEMO_QUARTER)}-汇总.docx' ${url}/v1/summaries/${DEMO_QUARTER}/documents/district/docx
  curl -L --fail-with-body -H "authorization: Bearer \${SHOWCASE_TOKEN:?export it first}" -o '${periodTitle(DEMO_WEEK)}-周晒.html' ${url}/v1/summaries/${DEMO_WEEK}/documents/district/html
  curl -L --fail-with-body -H "authorization: Bearer \${SHOWCASE_TOKEN:?export it first}" ${url}/v1/summaries/${DEMO_WEEK}/documents/district/md
Remind the departments that missed ${DEMO_REMINDER_WEEK} (set CHANNELS_FILE to post to your robots; README "Notifications"):
  curl -X POST --fail-with-body -H "authorization: Bearer ${adminToken}" ${url}/v1/reminders/${DEMO_REMINDER_WEEK}
`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
