/**
 * One local "execution environment" of a function: a child process of the local stack that loads the
 * handler once and runs one invocation at a time, sent over IPC by lambda-processes.ts. Like a warm Lambda
 * environment it keeps its module state between invocations, and its memory is its own, so its peak RSS
 * is what one deployed instance would need.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionName } from '../../shared/config/names';
import { lambdaContext } from './lambda-context';

export interface WorkerRequest {
  id: number;
  event: unknown;
  requestId: string;
}

export type WorkerReply =
  | { ready: true }
  | {
      id: number;
      ok: boolean;
      result?: unknown;
      error?: { name: string; message: string };
      ms: number;
      /** The process's peak resident set so far, in bytes. */
      maxRssBytes: number;
    };

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions', import.meta.url));
const name = process.argv[2] as FunctionName;
const send = (reply: WorkerReply) => process.send?.(reply);

const { handler } = (await import(pathToFileURL(join(FUNCTIONS_DIR, name, 'handler.ts')).href)) as {
  handler: (event: unknown, context: Context) => Promise<unknown>;
};

process.on('message', (message: WorkerRequest) => {
  const started = performance.now();
  const done = (reply: { ok: boolean; result?: unknown; error?: { name: string; message: string } }) =>
    send({
      id: message.id,
      ...reply,
      ms: performance.now() - started,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  handler(message.event, lambdaContext(name, message.requestId)).then(
    (result) => done({ ok: true, result: result ?? null }),
    (error: unknown) =>
      done({
        ok: false,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message }
            : { name: 'Error', message: String(error) },
      }),
  );
});
// The parent keeps the channel open; without it a worker with nothing to do would exit.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
