/**
 * Runs one function's invocations in child processes (lambda-worker.ts), up to `size` at once: the local
 * form of Lambda's concurrency, so that render batches started together really run in parallel on the
 * machine's cores instead of taking turns on the gateway's one thread. A process is started when an
 * invocation finds none free and kept for the next one (a warm environment); each runs with the heap cap
 * the function is deployed with.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionName } from '../../shared/config/names';
import { FUNCTION_SIZING, v8FlagsOf } from '../function-sizing';
import type { WorkerReply, WorkerRequest } from './lambda-worker';

const WORKER = fileURLToPath(new URL('./lambda-worker.ts', import.meta.url));
/** tsx runs the TypeScript sources in the child as it runs `npm start`. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** What one invocation cost, for the benchmarks. */
export interface InvocationRecord {
  name: FunctionName;
  ok: boolean;
  ms: number;
  /** Peak RSS of the process that ran it, so far. */
  maxRssBytes: number;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  pending?: { id: number; resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };
}

export class LambdaProcessPool {
  private readonly free: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly name: FunctionName,
    private readonly size: number,
    private readonly onInvocation?: (record: InvocationRecord) => void,
  ) {}

  async invoke(event: unknown, requestId: string): Promise<unknown> {
    const worker = await this.take();
    try {
      const id = this.nextId++;
      const reply = await new Promise<WorkerReply>((resolve, reject) => {
        worker.pending = { id, resolve, reject };
        worker.child.send({ id, event, requestId } satisfies WorkerRequest);
      });
      if ('ready' in reply) throw new Error('unexpected reply');
      this.onInvocation?.({ name: this.name, ok: reply.ok, ms: reply.ms, maxRssBytes: reply.maxRssBytes });
      if (!reply.ok) throw Object.assign(new Error(reply.error?.message), { name: reply.error?.name });
      return reply.result;
    } finally {
      worker.pending = undefined;
      this.give(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.all].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
            worker.child.once('exit', () => resolve());
            worker.child.disconnect();
          }),
      ),
    );
  }

  private async take(): Promise<Worker> {
    if (this.closed) throw new Error('The local Lambda processes are closed');
    const free = this.free.pop();
    if (free) return free;
    if (this.all.size < this.size) {
      const worker = this.start();
      await worker.ready;
      return worker;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(worker: Worker) {
    if (!this.all.has(worker)) return; // it died; the next take starts another
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.free.push(worker);
  }

  private start(): Worker {
    const child = fork(WORKER, [this.name], {
      execArgv: [
        '--import',
        TSX,
        ...v8FlagsOf(FUNCTION_SIZING[this.name]),
        // `node --cpu-prof` on the stack or a benchmark profiles its function processes too (one file each).
        ...process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
      ],
      env: process.env,
      stdio: 'inherit',
    });
    let started: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const worker: Worker = {
      child,
      ready: new Promise<void>((resolve, reject) => {
        started = resolve;
        failed = reject;
      }),
    };
    this.all.add(worker);
    child.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) started();
      else if (worker.pending?.id === reply.id) worker.pending.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      this.all.delete(worker);
      const index = this.free.indexOf(worker);
      if (index >= 0) this.free.splice(index, 1);
      // Like an instance that ran out of memory or was killed: the invocation fails, the next gets a new one.
      const error = new Error(`${this.name} process exited (${signal ?? code}) during an invocation`);
      failed(error);
      worker.pending?.reject(error);
      const next = this.waiting.shift();
      if (next && !this.closed) void this.take().then(next);
    });
    return worker;
  }
}
