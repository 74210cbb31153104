// Runs queries on a query worker, one at a time, with a time limit; swaps in a freshly loaded worker
// when the data changes, without refusing the queries that arrive meanwhile.

import { Worker } from 'node:worker_threads';
import { PipelineError } from '../errors.js';
import type { QueryRequest, WorkerInput, WorkerMessage } from './messages.js';

const WORKER_FILE = new URL('./queryWorker.js', import.meta.url);

export interface EngineOptions extends WorkerInput {
  /** A query still running after this many milliseconds is stopped (its worker is replaced). */
  timeLimitMs: number;
}

export type QueryOutcome =
  { ok: true; body: string } | { ok: false; reason: 'invalid' | 'too-large' | 'error' | 'timeout'; message: string };

export interface LoadInfo {
  quads: number;
  loadMs: number;
}

interface Job {
  request: QueryRequest;
  resolve: (outcome: QueryOutcome) => void;
}

/** One worker holding one loaded store: a FIFO of queries, one in flight. */
class Slot {
  readonly ready: Promise<LoadInfo>;
  queue: Job[] = [];
  private running: { job: Job; timer: NodeJS.Timeout } | undefined;
  private readonly worker: Worker;
  private loaded = false;
  private retiring = false;
  private dead = false;

  constructor(
    private readonly options: EngineOptions,
    private readonly onLost: (slot: Slot) => void,
    private readonly onExit: () => void,
  ) {
    const { out, prefixes, maxResultChars } = options;
    this.worker = new Worker(WORKER_FILE, { workerData: { out, prefixes, maxResultChars } satisfies WorkerInput });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'ready') {
          this.loaded = true;
          resolve({ quads: message.quads, loadMs: message.loadMs });
          this.next();
        } else if (message.kind === 'load-failed') {
          const { code, message: text, file, line } = message;
          reject(
            new PipelineError(code, text, {
              ...(file === undefined ? {} : { file }),
              ...(line === undefined ? {} : { line }),
            }),
          );
          void this.stop();
        } else
          this.settle(
            message.kind === 'answer'
              ? { ok: true, body: message.body }
              : { ok: false, reason: message.reason, message: message.message },
          );
      });
      this.worker.on('error', (error) => {
        reject(error);
        this.lost(`The query worker failed: ${error.message}`);
      });
      this.worker.on('exit', (code) => {
        this.onExit();
        reject(new Error(`The query worker exited (${code}) before loading the store`));
        this.lost(`The query worker exited (${code})`);
      });
    });
    this.ready.catch(() => undefined); // awaited by the engine; unawaited, a rejection would end the process
  }

  enqueue(job: Job): void {
    this.queue.push(job);
    this.next();
  }

  /** Stops once the queued queries are answered: they were sent to this dataset and are answered from it. */
  retire(): void {
    this.retiring = true;
    this.next();
  }

  stop(): Promise<number> {
    this.dead = true;
    if (this.running !== undefined) clearTimeout(this.running.timer);
    return this.worker.terminate();
  }

  private next(): void {
    if (this.dead || !this.loaded || this.running !== undefined) return;
    const job = this.queue.shift();
    if (job === undefined) {
      if (this.retiring) void this.stop();
      return;
    }
    const timer = setTimeout(() => this.timeout(), this.options.timeLimitMs);
    this.running = { job, timer };
    this.worker.postMessage(job.request);
  }

  private settle(outcome: QueryOutcome): void {
    const running = this.running;
    if (running === undefined) return;
    clearTimeout(running.timer);
    this.running = undefined;
    running.job.resolve(outcome);
    this.next();
  }

  private timeout(): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    running.job.resolve({
      ok: false,
      reason: 'timeout',
      message: `The query ran longer than the time limit of ${this.options.timeLimitMs / 1000} s and was stopped`,
    });
    this.lost('');
  }

  private lost(message: string): void {
    if (this.dead) return;
    const running = this.running;
    this.running = undefined;
    running?.job.resolve({ ok: false, reason: 'error', message });
    void this.stop();
    this.onLost(this);
  }
}

/**
 * The server's queries go to the current slot. A reload loads a new slot beside it and swaps only
 * once it is ready: queries meanwhile are answered from the old data, and each query runs on one
 * slot, so it sees the old or the new dataset, never a mix.
 */
export class QueryEngine {
  private current: Slot | undefined;
  /** Every worker still running (loading, current, or answering its last queries): all stop on close. */
  private readonly slots = new Set<Slot>();
  private loading: Promise<LoadInfo> | undefined;
  private pendingReload = false;
  private closed = false;
  private seq = 0;

  constructor(
    private readonly options: EngineOptions,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Loads the store; rejects when it cannot be loaded. */
  async start(): Promise<LoadInfo> {
    const slot = this.slot();
    this.current = slot;
    return slot.ready;
  }

  query(query: string, format: string): Promise<QueryOutcome> {
    return new Promise((resolve) => {
      if (this.closed || this.current === undefined) {
        resolve({ ok: false, reason: 'error', message: 'The server is stopping' });
        return;
      }
      this.current.enqueue({ request: { id: (this.seq += 1), query, format }, resolve });
    });
  }

  /**
   * Loads the data again beside the current store and swaps once loaded. A reload asked for while
   * one is loading runs after it (the file may have changed again). Resolves when done; a failed
   * load keeps the current store and rejects.
   */
  reload(): Promise<LoadInfo> {
    if (this.loading !== undefined) {
      this.pendingReload = true;
      return this.loading;
    }
    const slot = this.slot();
    this.loading = slot.ready.then(
      (info) => {
        const old = this.current;
        this.current = slot;
        old?.retire();
        return info;
      },
      (error: unknown) => {
        throw error;
      },
    );
    const done = (): void => {
      this.loading = undefined;
      if (this.pendingReload && !this.closed) {
        this.pendingReload = false;
        this.reload().catch((error: unknown) =>
          this.log(`reload failed, still answering from the previous data: ${(error as Error).message}`),
        );
      }
    };
    this.loading.then(done, done);
    return this.loading;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current = undefined;
    await Promise.all(
      [...this.slots].map((slot) => {
        for (const job of slot.queue) job.resolve({ ok: false, reason: 'error', message: 'The server is stopping' });
        slot.queue = [];
        return slot.stop();
      }),
    );
    this.slots.clear();
  }

  private slot(): Slot {
    const slot: Slot = new Slot(
      this.options,
      (lost) => this.replace(lost),
      () => this.slots.delete(slot),
    );
    this.slots.add(slot);
    return slot;
  }

  /** A worker stopped for a query over the time limit (or lost): a new one loads, and takes the waiting queries. */
  private replace(lost: Slot): void {
    if (this.closed || lost !== this.current) return;
    this.log('the query worker was stopped; loading the store again');
    const fresh = this.slot();
    for (const job of lost.queue) fresh.enqueue(job);
    lost.queue = [];
    this.current = fresh;
    fresh.ready.catch((error: unknown) => {
      this.log(`cannot load the store again: ${(error as Error).message}`);
      for (const job of fresh.queue)
        job.resolve({ ok: false, reason: 'error', message: `The store cannot be loaded: ${(error as Error).message}` });
      fresh.queue = [];
    });
  }
}
