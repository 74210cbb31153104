// The output thread, main side: the run's output (runOutput.ts) done by a worker thread, so that the main thread
// reads and transforms the next pages while earlier ones are split, serialised and written (issues 9 and 13).
//
// Requests go in order and are answered in order (outputThreadWorker.ts); at most WINDOW pathways' quads wait at a
// time (a kept pathway's request carries none and is not waited for: a night of kept pages is not a round trip each).
// A pathway's quads cross packed (src/transform/quadPack.ts), their arrays transferred, not copied. A thread that fails
// or stops fails the run with a coded error; nothing is put into place before commit, so the previous output stays.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Quad } from 'n3';
import { PipelineError } from '../errors.js';
import type { PathwayGraph } from '../types.js';
import { receiveError, sendError } from '../threadErrors.js';
import { unflatten } from '../transform/poolMessages.js';
import { unpackQuads } from '../transform/quadPack.js';
import type { ByteRange } from './fileSinks.js';
import { BUCKETS, sharedGraph } from './layout/bucket.js';
import type { BucketContent } from './layout/bucketContent.js';
import { helpFinish, sharedCounter, takeFrom, type FinishPlan } from './layout/finishShare.js';
import type { LayoutEndpoint } from './layout/sharedLayout.js';
import { ownQuads, pathwayScope } from './layout/split.js';
import {
  pack,
  transferOf,
  type MadeMessage,
  type OutputOp,
  type OutputReply,
  type OutputResult,
} from './outputThreadProtocol.js';
import { LocalOutput, type PageIri, type RunOutput } from './runOutput.js';

const WORKER_FILE = new URL('./outputThreadWorker.js', import.meta.url);

/**
 * The output thread, when it can run: from the compiled package (a worker cannot load the TypeScript sources, as under
 * vitest), and unless PATHWAY_KG_WORKER=off asks for everything on the main thread. Started before the reference
 * tables load, so that it is ready by the first page.
 */
export function startOutputThread(env: NodeJS.ProcessEnv = process.env): OutputThread | undefined {
  if (env['PATHWAY_KG_WORKER'] === 'off' || !import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(WORKER_FILE)))
    return undefined;
  // A small young generation (V8's default is 3 times larger): the thread's garbage is short-lived (a page's packed
  // quads, its lines and bytes). 2022, load ~10: 8 MB cost 0.75 s more CPU in scavenges than 16 (4.2 s of GC helper
  // threads against 3.4 s) for 15-25 MB less peak RSS; 32 MB gained nothing more.
  return new OutputThread(new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } }));
}

/** The run's output under `out`: through `thread` when there is one, else on this thread. */
export async function openRunOutput(
  thread: OutputThread | undefined,
  out: string,
  prefixes: Record<string, string>,
  allNqMatches: boolean,
  pageIri: PageIri,
): Promise<RunOutput> {
  if (thread === undefined) return LocalOutput.open(out, prefixes, allNqMatches, pageIri);
  const output = new ThreadOutput(thread, out, pageIri);
  try {
    await output.open(prefixes, allNqMatches);
  } catch (error) {
    await output.abort();
    throw error;
  }
  return output;
}

/** The output thread's young generation, in megabytes (see startOutputThread). */
const YOUNG_MB = 16;

class ThreadOutput implements RunOutput {
  private static readonly WINDOW = 16;
  /** Requests not yet answered, oldest first; `quads`: whether it carries quads (counts toward WINDOW). */
  private readonly inFlight: { reply: Promise<void>; quads: boolean }[] = [];
  private withQuads = 0;
  private isReusable = false;

  constructor(
    private readonly thread: OutputThread,
    private readonly out: string,
    private readonly pageIri: PageIri,
  ) {}

  async open(prefixes: Record<string, string>, allNqMatches: boolean): Promise<void> {
    const r = await this.thread.request({ op: 'open', out: this.out, prefixes, allNqMatches });
    this.isReusable = r.reusable === true;
  }

  get reusable(): boolean {
    return this.isReusable;
  }

  write(g: PathwayGraph, placed: (range: ByteRange, triples: number) => void): Promise<void> {
    const packed = pack(g.quads);
    const reply = this.thread.request({ op: 'write', ...this.page(g), packed }, transferOf(packed));
    return this.track(
      reply.then((r) => placed(r.range!, r.triples!)),
      true,
    );
  }

  take(g: PathwayGraph): Promise<void> {
    const packed = pack(g.quads);
    return this.track(
      this.thread.request({ op: 'take', ...this.page(g), packed }, transferOf(packed)).then(done),
      true,
    );
  }

  own(g: PathwayGraph): Quad[] {
    return ownQuads(g.quads, pathwayScope(g, this.pageIri(g.wpid)));
  }

  keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    return this.track(
      this.thread.request({ op: 'keep', wpid, range }).then((r) => placed(r.range!)),
      false,
    );
  }

  async finish(
    endpoint: LayoutEndpoint | undefined,
    graphs: Set<string>,
    full: boolean,
    meanwhile?: () => Promise<void>,
  ): Promise<number> {
    await this.drain();
    let loaded: Record<string, string | undefined> | undefined;
    if (endpoint !== undefined) {
      loaded = {};
      for (let b = 0; b < BUCKETS; b++) loaded[sharedGraph(b)] = endpoint.loadedHash(sharedGraph(b));
    }
    // This thread would only wait meanwhile: it does `meanwhile`, then makes some of the buckets too
    // (layout/finishShare.ts).
    const counter = sharedCounter();
    let helping: Promise<string[]> = Promise.resolve([]);
    let before = Promise.resolve();
    const finishing = this.thread.request({ op: 'finish', loaded, full, counter }, [], (plan) => {
      helping = before.then(() =>
        helpFinish(
          plan,
          () => takeFrom(counter),
          (index, made) => this.thread.post(madeMessage(index, made)),
        ),
      );
      helping.catch(done); // thrown below, once the thread has answered
    });
    // Its work starts once the request is sent (the plan comes later).
    if (meanwhile !== undefined) {
      before = meanwhile();
      before.catch(done); // thrown below, once the thread has answered
    }
    const r = await finishing.catch(async (error: unknown) => {
      // The sidecars staged here that the thread did not take (it failed first): nothing is left behind.
      await before.catch(done);
      for (const file of await helping.catch((): string[] => [])) await rm(file, { force: true });
      throw error;
    });
    await before;
    await helping;
    for (const g of r.graphs!) graphs.add(g);
    // The shared graphs the endpoint lacks, sent from here: the endpoint lives on this thread.
    for (const send of r.sends ?? [])
      await endpoint!.replace(send.graph, unpackQuads(unflatten(send.packed)), send.hash);
    return r.triples!;
  }

  writeGraph(name: string, quads: Quad[]): Promise<void> {
    const packed = pack(quads);
    return this.track(this.thread.request({ op: 'graph', name, packed }, transferOf(packed)).then(done), true);
  }

  async commit(): Promise<string[]> {
    await this.drain();
    const r = await this.thread.request({ op: 'commit' });
    await this.thread.close();
    return r.removed!;
  }

  async abort(): Promise<void> {
    while (this.inFlight.length > 0) await this.oldest().catch(done);
    const aborted = await this.thread.request({ op: 'abort' }).then(
      () => true,
      () => false,
    );
    await this.thread.close();
    // A thread that died cannot remove what it had written under temporary names: they are removed here.
    if (!aborted) removeTemporaryFiles(this.out);
  }

  private page(g: PathwayGraph) {
    return { wpid: g.wpid, graph: g.graph, subject: g.subject, page: this.pageIri(g.wpid) };
  }

  /** Keeps the request in the window; waits for the oldest while the window is full (and throws its failure). */
  private async track(reply: Promise<void>, quads: boolean): Promise<void> {
    reply.catch(done); // a failure is thrown when it is waited for, below or in drain
    this.inFlight.push({ reply, quads });
    if (quads) this.withQuads++;
    while (this.withQuads >= ThreadOutput.WINDOW) await this.oldest();
  }

  /** Takes the oldest request out of the window and waits for it. */
  private oldest(): Promise<void> {
    const { reply, quads } = this.inFlight.shift()!;
    if (quads) this.withQuads--;
    return reply;
  }

  /** Waits for every request sent; throws the first failure. */
  private async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.oldest();
  }
}

function done(): void {}

/** A bucket made here, or its failure, as the output thread takes it (postMessage copies its bytes). */
function madeMessage(index: number, made: { content: BucketContent } | { error: unknown }): MadeMessage {
  return 'error' in made
    ? { op: 'made', index, error: sendError(made.error) }
    : { op: 'made', index, content: made.content };
}

/** The thread: one promise per request, answered in order. */
export class OutputThread {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: OutputResult) => void; reject: (e: Error) => void; plan?: (plan: FinishPlan) => void }
  >();
  private broken: Error | undefined;
  private closed = false;
  /** The --out folder, named by the error of a thread that stops. */
  private out = '';

  constructor(private readonly worker: Worker) {
    // Only while a reply is awaited does the thread keep the process alive: one left open by a failure never blocks
    // its exit.
    worker.unref();
    worker.on('message', (reply: OutputReply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      if (reply.plan !== undefined) return w.plan?.(reply.plan); // not the reply yet
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.error !== undefined) w.reject(receiveError(reply.error));
      else w.resolve(reply.result ?? {});
    });
    worker.on('error', (error) => this.fail(stopped(this.out, `failed: ${error.message}`, error)));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(stopped(this.out, `stopped (exit code ${code})`));
    });
  }

  /** `plan`: gets the plan a finish request sends before its reply (layout/finishShare.ts). */
  request(op: OutputOp, transfer: ArrayBuffer[] = [], plan?: (plan: FinishPlan) => void): Promise<OutputResult> {
    if (op.op === 'open') this.out = op.out;
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new PipelineError('INTERNAL', 'The output thread is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, plan });
      this.worker.ref();
      this.worker.postMessage({ ...op, id }, transfer);
    });
  }

  /** A message that is not answered (a bucket made for finish); dropped when the thread is gone. */
  post(message: MadeMessage, transfer: ArrayBuffer[] = []): void {
    if (this.broken === undefined && !this.closed) this.worker.postMessage(message, transfer);
  }

  /** Stops the thread; requests still waiting are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
    this.fail(new PipelineError('INTERNAL', 'The output thread is closed'));
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

function stopped(out: string, how: string, cause?: unknown): PipelineError {
  return new PipelineError(
    'OUTPUT_UNWRITABLE',
    `The output thread ${how}; nothing of this run was put into place, the previous output stays`,
    { file: out, ...(cause === undefined ? {} : { cause }) },
  );
}

/** The folders a run writes temporary files in (atomicFile.tempName: `.<name>.<pid>.tmp`). */
const WRITTEN = ['.', 'pathways', 'layout', 'shared'];

/** Removes this process's temporary files under `out` (the run holds --out's lock: no other run's). */
function removeTemporaryFiles(out: string): void {
  const suffix = `.${process.pid}.tmp`;
  for (const dir of WRITTEN) {
    let names: string[];
    try {
      names = readdirSync(path.join(out, dir));
    } catch {
      continue;
    }
    for (const name of names)
      if (name.startsWith('.') && name.endsWith(suffix)) rmSync(path.join(out, dir, name), { force: true });
  }
}
