/**
 * `npm run test:integration:ddb-local`: the integration project against AWS's DynamoDB Local instead of
 * dynalite. dynalite is fast and in process, but it is not DynamoDB (it measures item sizes in UTF-16
 * units, for one); DynamoDB Local is AWS's own emulator and catches what dynalite lets through.
 *
 * DynamoDB Local comes from the npm package amplify-dynamodb-simulator (its emulator/ folder holds the
 * jar and the sqlite native libraries). It is 56 MB, so it is not a devDependency that every `npm ci`
 * would pay for: the first run fetches that exact version with `npm pack` (npm checks its integrity)
 * into .cache/, which git ignores. It needs Java 17 or later.
 *
 * One DynamoDB Local (in memory, shared across regions and keys) serves every test file; each local
 * stack takes a table named after its data dir (DYNAMODB_ENDPOINT in infra/local/emulators.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const cacheDir = resolve('.cache', 'dynamodb-local', PACKAGE.replace('@', '-'));
const emulatorDir = join(cacheDir, 'emulator');

function ensureEmulator() {
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return;
  console.log(`Fetching DynamoDB Local (${PACKAGE}, about 56 MB) into ${cacheDir} …`);
  const staging = `${cacheDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', staging], {
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['-xzf', join(staging, tarball), '-C', staging, 'package/emulator']);
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(join(staging, 'package'), cacheDir);
  rmSync(staging, { recursive: true, force: true });
}

async function freePort() {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function waitUntilServing(endpoint: string, child: ReturnType<typeof spawn>) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((done) => setTimeout(done, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

// The README says which Node.js versions are supported; the SDK's notice about its own plans is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
ensureEmulator();
const port = await freePort();
const dynamoDb = spawn(
  'java',
  [
    // sqlite4java loads its native library from here.
    `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulatorDir, 'DynamoDBLocal.jar'),
    '-inMemory',
    '-sharedDb',
    '-port',
    String(port),
  ],
  { cwd: emulatorDir, stdio: ['ignore', 'ignore', 'inherit'] },
);
const endpoint = `http://127.0.0.1:${port}`;
let exitCode = 1;
try {
  await waitUntilServing(endpoint, dynamoDb);
  console.log(`DynamoDB Local is serving on ${endpoint}; running the integration project against it.`);
  const jest = spawn('npx', ['jest', ...process.argv.slice(2), '--selectProjects', 'integration'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' '),
    },
  });
  exitCode = await new Promise<number>((done) => jest.once('exit', (code) => done(code ?? 1)));
} finally {
  dynamoDb.kill('SIGTERM');
}
process.exit(exitCode);
