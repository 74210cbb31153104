// The transform pool: pages transformed in worker threads, ahead of the pipeline, results taken in page order.
//
// Each worker loads the mappings and reference tables itself (while the main thread loads its own copy)
// and runs transformPage, which is pure: the same page and tables give the same quads in the same order,
// so a result from a worker is the result the main thread would have made (quads cross packed, and are
// rebuilt as equal n3 terms; warnings are plain data (Diagnostic) and cross as they are; errors are rebuilt as
// PipelineErrors).
// The pipeline reads pages through ahead(), which reads up to `depth` pages ahead and sends each to a worker
// that has fewer than QUEUE_PER_WORKER waiting, and takes each result with result() when it reaches that
// page; a page not sent (the caller's `wanted` said no, or every worker was busy) is transformed on the
// main thread as before. A worker reads the run's parsed-reference cache when it holds these tables
// (poolReference.ts), else parses them. Off unless asked for: PATHWAY_KG_POOL=on gives one worker fewer
// than the cores (none on one core), PATHWAY_KG_POOL=<n> n workers, off (or 0, or unset) none. Each worker
// holds its own reference tables and label indexes: measured +190 MB peak RSS with one worker, and on a
// busy 2-core machine (load 25) it was slower, not faster (the worker's table loading and the packing of
// its quads are extra work): `npm run bench` times it beside the pipeline, to decide on an idle machine.

import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadResult } from '../extract/readSources.js';
import type { Limits } from '../limits.js';
import { unpackQuads } from './quadPack.js';
import { referenceCacheFile } from '../reference/cache/referenceCache.js';
import { receiveError } from '../threadErrors.js';
import { unflatten, type PoolInit, type PoolReply, type PoolRequest } from './poolMessages.js';
import type { TransformResult } from './transformPage.js';

const WORKER_FILE = new URL('./poolWorker.js', import.meta.url);
/**
 * Pages read ahead per worker: enough to keep a worker busy while the main thread writes, few enough to hold little.
 */
const DEPTH_PER_WORKER = 8;
/**
 * Pages a worker may have waiting: a page read while every worker has this many is left to the main
 * thread, which then transforms too (with one worker on two cores, the worker alone was the bottleneck:
 * busy 93% of the run while the main thread idled 61%).
 */
const QUEUE_PER_WORKER = 2;

type OkRead = Extract<ReadResult, { ok: true }>;

/** Workers wanted: PATHWAY_KG_POOL=on one fewer than the cores, =<n> n (at most 64), anything else none. */
export function poolSize(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const setting = env['PATHWAY_KG_POOL'];
  if (setting === 'on') return Math.max(0, cores - 1);
  if (setting !== undefined && /^[0-9]+$/.test(setting)) return Math.min(Number(setting), 64);
  return 0;
}

/**
 * The pool, when it can run: from the compiled package (the workers are .js files; under vitest the
 * sources are TypeScript) and with at least one worker wanted.
 */
export function startTransformPool(
  config: { reference: string; mappingsDir?: string; limits: Limits; out?: string },
  env: NodeJS.ProcessEnv = process.env,
): TransformPool | undefined {
  const size = poolSize(env);
  if (size === 0 || !import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(WORKER_FILE))) return undefined;
  const init: PoolInit = {
    reference: config.reference,
    ...(config.out === undefined ? {} : { referenceCache: referenceCacheFile(config.out) }),
    limits: config.limits,
    ...(config.mappingsDir === undefined ? {} : { mappingsDir: config.mappingsDir }),
  };
  return new TransformPool(init, size);
}

interface PoolWorker {
  worker: Worker;
  waiting: Map<number, { resolve: (r: TransformResult) => void; reject: (e: Error) => void }>;
  /** Set once the worker cannot take pages: its tables did not load, or it stopped. */
  broken?: Error;
}

export class TransformPool {
  private readonly workers: PoolWorker[];
  private readonly sent = new WeakMap<OkRead, Promise<TransformResult>>();
  private readonly depth: number;
  private nextId = 0;
  private closed = false;

  constructor(init: PoolInit, size: number) {
    this.depth = DEPTH_PER_WORKER * size;
    this.workers = Array.from({ length: size }, () => this.startWorker(init));
  }

  /** The reads of `reads`, in order, with each one `wanted` says yes to sent to a worker as it is read. */
  async *ahead(reads: AsyncIterable<ReadResult>, wanted: (read: OkRead) => boolean): AsyncGenerator<ReadResult> {
    const source = reads[Symbol.asyncIterator]();
    const queue: ReadResult[] = [];
    let finished = false;
    try {
      for (;;) {
        while (!finished && queue.length < this.depth) {
          const next = await source.next();
          if (next.done === true) finished = true;
          else {
            const read = next.value;
            if (read.ok && wanted(read)) this.send(read);
            queue.push(read);
          }
        }
        const head = queue.shift();
        if (head === undefined) return;
        yield head;
      }
    } finally {
      await source.return?.();
    }
  }

  /**
   * The worker's result for a read that ahead() sent (taken once), else `local()`: for a page not sent,
   * and for one whose worker could not do it (its tables did not load, it stopped), never for a page the
   * transform itself rejected (that error is the result, as on the main thread).
   */
  async result(read: OkRead, local: () => Promise<TransformResult>): Promise<TransformResult> {
    const promise = this.sent.get(read);
    if (promise === undefined) return local();
    this.sent.delete(read);
    try {
      return await promise;
    } catch (error) {
      if (error instanceof PoolBroken) return local();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    for (const w of this.workers) this.fail(w, new PoolBroken('The transform pool is closed'));
  }

  private send(read: OkRead): void {
    // The worker with the fewest pages waiting.
    const open = this.workers.filter((w) => w.broken === undefined && w.waiting.size < QUEUE_PER_WORKER);
    if (open.length === 0) return; // the main thread transforms it
    const w = open.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const promise = new Promise<TransformResult>((resolve, reject) => {
      const id = this.nextId++;
      w.waiting.set(id, { resolve, reject });
      const request: PoolRequest = { id, page: read.page };
      w.worker.postMessage(request);
    });
    // Awaited by the pipeline when it reaches the page; until then a rejection is not unhandled.
    promise.catch(() => undefined);
    this.sent.set(read, promise);
  }

  private startWorker(init: PoolInit): PoolWorker {
    const w: PoolWorker = { worker: new Worker(WORKER_FILE, { workerData: init }), waiting: new Map() };
    // The pool never keeps the process alive by itself: a run that stops early still exits.
    w.worker.unref();
    w.worker.on('message', (reply: PoolReply) => {
      if ('ready' in reply) return;
      if (reply.id === -1 && 'failed' in reply)
        return this.fail(
          w,
          new PoolBroken(`A transform pool worker could not load its tables: ${reply.failed.message}`),
        );
      const waiting = w.waiting.get(reply.id);
      if (waiting === undefined) return;
      w.waiting.delete(reply.id);
      if ('failed' in reply) waiting.reject(receiveError(reply.failed));
      else waiting.resolve(toResult(reply.result));
    });
    w.worker.on('error', (error) => this.fail(w, new PoolBroken(`A transform pool worker failed: ${error.message}`)));
    w.worker.on('exit', (code) => {
      if (!this.closed) this.fail(w, new PoolBroken(`A transform pool worker stopped (exit code ${code})`));
    });
    return w;
  }

  private fail(w: PoolWorker, error: PoolBroken): void {
    w.broken ??= error;
    for (const waiting of w.waiting.values()) waiting.reject(error);
    w.waiting.clear();
  }
}

/** The pool could not do a page (not the page's own error): the main thread does it instead. */
class PoolBroken extends Error {}

function toResult(r: Extract<PoolReply, { result: unknown }>['result']): TransformResult {
  const result: TransformResult = {
    wpid: r.wpid,
    graph: r.graph,
    subject: r.subject,
    file: r.file,
    quads: unpackQuads(unflatten(r.packed)),
    warnings: r.warnings,
    termIds: r.termIds,
  };
  if (r.coverage !== undefined) result.coverage = r.coverage;
  return result;
}
