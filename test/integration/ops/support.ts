/**
 * Runs an ops command the way the deploy guide tells an operator to (`npx tsx infra/ops/<script>`),
 * with this process's environment, which points the SDK at the test stack's local DynamoDB.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Each run starts a child process (npx, tsx, the SDK): seconds on a loaded machine, beyond jest's 5 s. */
export const CHILD_TIMEOUT_MS = 60_000;

export function runOpsCommand(script: string, args: string[]) {
  return run('npx', ['tsx', `infra/ops/${script}`, ...args], {
    env: { ...process.env },
    timeout: CHILD_TIMEOUT_MS,
  });
}
