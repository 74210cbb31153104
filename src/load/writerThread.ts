// The main thread's side of the writer thread (writerWorker.ts): requests in order, one promise per reply.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { outputError } from './atomicFile.js';
import type { PackedQuads } from './quadPack.js';

export type WriterRequest = { id: number } & (
  | { op: 'open'; out: string; prefixes: Record<string, string>; file: string }
  | { op: 'page'; wpid: string; graph: string; subject: string; packed: PackedQuads }
  | { op: 'keep'; range: { offset: number; length: number } }
  | { op: 'bytes'; bytes: Uint8Array } // layout: a shared graph's N-Quads, appended to all.nq
  | { op: 'graph'; name: string; packed: PackedQuads }
  | { op: 'commit' }
  | { op: 'abort' }
);

/** Distributes over the union, so that each request keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type WriterOp = WithoutId<WriterRequest>;

export interface WriterReply {
  id: number;
  /** The all.nq byte range of a page or kept pathway. */
  result?: { offset: number; length: number } | undefined;
  error?: { message: string; name?: string; stack?: string; code?: string; errno?: number; syscall?: string; path?: string } | undefined;
}

const WORKER_FILE = new URL('./writerWorker.js', import.meta.url);

/**
 * The writer thread, when it can run: from the compiled package (not from the TypeScript sources, as
 * under vitest), and unless PATHWAY_KG_WORKER=off asks for everything on the main thread.
 */
export function startWriterThread(env: NodeJS.ProcessEnv = process.env): WriterThread | undefined {
  if (env['PATHWAY_KG_WORKER'] === 'off' || !import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(WORKER_FILE))) return undefined;
  // A small young generation: the thread's garbage is short-lived, and a large one only adds to the RSS.
  return new WriterThread(new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: 8 } }));
}

export class WriterThread {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: WriterReply['result']) => void; reject: (e: Error) => void }>();
  private broken: Error | undefined;
  private closed = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WriterReply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) w.reject(toError(reply.error));
      else w.resolve(reply.result);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`The writer thread stopped (exit code ${code})`));
    });
  }

  /** Sends one request; resolves with its reply's result, rejects with its error. */
  request(op: WriterOp, transfer: ArrayBuffer[] = []): Promise<WriterReply['result']> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new Error('The writer thread is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...op, id }, transfer);
    });
  }

  /** Stops the thread; requests still waiting are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
    this.fail(new Error('The writer thread is closed'));
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

function toError(e: NonNullable<WriterReply['error']>): Error {
  const error = new Error(e.message);
  copyErrorFields(e, error);
  return outputError(error) as Error;
}

/** What of an error crosses to the other thread besides its message (a structured clone keeps only message and stack). */
const ERROR_FIELDS = ['name', 'stack', 'code', 'errno', 'syscall', 'path'] as const;

/** Copies the ERROR_FIELDS that `from` has onto `to`. */
export function copyErrorFields(from: object, to: object): void {
  for (const key of ERROR_FIELDS) {
    const value = (from as Record<string, unknown>)[key];
    if (value !== undefined) (to as Record<string, unknown>)[key] = value;
  }
}
