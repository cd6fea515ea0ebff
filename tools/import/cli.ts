/**
 * `npm run import -- --url <API> [--token <t>] <file.xlsx|file.csv> [--dry-run] [--errors <out.csv>]
 * [--concurrency N] [--skip-invalid]`: see run-import.ts for what it does and README "Importing
 * reports from a spreadsheet" for the layout. The token may come from SHOWCASE_TOKEN instead, which
 * keeps it out of `ps` and the shell history.
 */
import { parseArgs } from 'node:util';
import { EXIT, runImport } from './run-import';

export const USAGE =
  'usage: npm run import -- --url <API base URL> [--token <token>] <file.xlsx|file.csv> ' +
  '[--dry-run] [--errors <out.csv>] [--concurrency N] [--skip-invalid]\n' +
  '  the token may also come from the SHOWCASE_TOKEN environment variable (preferred)';

const MAX_CONCURRENCY = 64;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(EXIT.usage);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        errors: { type: 'string' },
        concurrency: { type: 'string', default: '4' },
        'skip-invalid': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (!values.url) usageError('--url is required');
  if (!/^https?:\/\//.test(values.url)) usageError(`--url must be an http(s) URL, not ${values.url}`);
  const token = values.token ?? process.env.SHOWCASE_TOKEN;
  if (!token) usageError('a token is required: --token or SHOWCASE_TOKEN');
  if (positionals.length !== 1) usageError('exactly one file is required');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    usageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return runImport(
    {
      url: values.url,
      token,
      file: positionals[0]!,
      dryRun: values['dry-run'],
      ...(values.errors ? { errorsFile: values.errors } : {}),
      concurrency,
      skipInvalid: values['skip-invalid'],
    },
    {
      out: (line) => process.stdout.write(`${line}\n`),
      progressStream: process.stderr,
      env: process.env,
      now: () => new Date(),
    },
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`import failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);
