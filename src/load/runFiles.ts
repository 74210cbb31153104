// A run's file outputs (pathways/WPn.ttl, all.nq, the run-wide graphs' Turtle), written on the main thread or by the writer thread.
//
// Both ways write the same bytes in the same order; the writer thread lets the next pages be transformed
// while earlier ones are serialised and written. At most WINDOW requests wait for it at any time.

import path from 'node:path';
import type { Quad } from 'n3';
import type { PathwayGraph } from '../types.js';
import { NQuadsFile, TurtleDir, type ByteRange } from './fileSinks.js';
import { killPoint } from './killPoint.js';
import { packQuads, type PackedQuads } from './quadPack.js';
import type { WriterThread } from './writerThread.js';

export interface RunFiles {
  /** A pathway's Turtle file and its all.nq bytes; `placed` gets their all.nq range once written. Resolves when there is room for more. */
  write(g: PathwayGraph, placed: (range: ByteRange) => void): Promise<void>;
  /** The pathway's Turtle file of the previous run stays; its all.nq bytes are copied from the previous all.nq. */
  keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void>;
  /** layout: ready N-Quads bytes (a shared graph, src/load/layout/) appended to all.nq; `placed` gets their range. */
  writeNQuads(bytes: Buffer, placed: (range: ByteRange) => void): Promise<void>;
  /** A run-wide graph: appended to all.nq, and written as `<out>/<name>.ttl`. */
  writeGraph(name: string, quads: Quad[]): Promise<void>;
  /** Waits for every write; all.nq replaces the previous one; returns the pathways whose Turtle file was removed. */
  commit(): Promise<string[]>;
  /** Leaves the previous all.nq in place and no temporary file behind. */
  abort(): Promise<void>;
}

/** The run's files under `out`: through `thread` when given, else on this thread. */
export async function openRunFiles(out: string, prefixes: Record<string, string>, thread: WriterThread | undefined): Promise<RunFiles> {
  if (thread === undefined) return new InlineFiles(new TurtleDir(out, prefixes), await NQuadsFile.open(path.join(out, 'all.nq')));
  await thread.request({ op: 'open', out, prefixes, file: path.join(out, 'all.nq') });
  return new ThreadFiles(thread, new TurtleDir(out, prefixes));
}

class InlineFiles implements RunFiles {
  constructor(private readonly turtle: TurtleDir, private readonly nquads: NQuadsFile) {}

  async write(g: PathwayGraph, placed: (range: ByteRange) => void): Promise<void> {
    await this.turtle.write(g);
    placed(await this.nquads.write(g.quads));
  }

  async keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    placed(await this.nquads.keep(range));
    this.turtle.keep(wpid);
  }

  async writeNQuads(bytes: Buffer, placed: (range: ByteRange) => void): Promise<void> {
    placed(await this.nquads.writeBytes(bytes)); // layout:
  }

  async writeGraph(name: string, quads: Quad[]): Promise<void> {
    await this.nquads.write(quads);
    await this.turtle.writeGraph(name, quads);
  }

  async commit(): Promise<string[]> {
    killPoint('before-commit');
    await this.turtle.flush(); // every pathway file written before anything is put into place
    // all.nq first: see writerWorker.ts's commit.
    await this.nquads.commit();
    killPoint('after-all-nq');
    return this.turtle.commit();
  }

  async abort(): Promise<void> {
    await this.nquads.abort();
    await this.turtle.abort();
  }
}

class ThreadFiles implements RunFiles {
  private static readonly WINDOW = 16;
  /** Requests not yet answered, oldest first. */
  private readonly inFlight: Promise<void>[] = [];

  /** `names` only keeps the list of current Turtle files, for commit; the thread writes them. */
  constructor(private readonly thread: WriterThread, private readonly names: TurtleDir) {}

  async write(g: PathwayGraph, placed: (range: ByteRange) => void): Promise<void> {
    this.names.keep(g.wpid);
    const packed = pack(g.quads);
    await this.track(this.thread.request({ op: 'page', wpid: g.wpid, graph: g.graph, subject: g.subject, packed }, transferOf(packed)).then((r) => placed(r!)));
  }

  async keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    this.names.keep(wpid);
    await this.track(this.thread.request({ op: 'keep', range }).then((r) => placed(r!)));
  }

  async writeNQuads(bytes: Buffer, placed: (range: ByteRange) => void): Promise<void> {
    await this.track(this.thread.request({ op: 'bytes', bytes }).then((r) => placed(r!))); // layout:
  }

  async writeGraph(name: string, quads: Quad[]): Promise<void> {
    const packed = pack(quads);
    await this.track(this.thread.request({ op: 'graph', name, packed }, transferOf(packed)).then(() => undefined));
  }

  async commit(): Promise<string[]> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
    await this.thread.request({ op: 'commit' });
    await this.thread.close();
    return this.names.commit();
  }

  async abort(): Promise<void> {
    await this.thread.request({ op: 'abort' }).catch(() => undefined);
    await this.thread.close();
  }

  /** Keeps the request in the window; waits for the oldest while the window is full (and throws its failure). */
  private async track(reply: Promise<void>): Promise<void> {
    reply.catch(() => undefined); // a failure is thrown when it is waited for, below or in commit
    this.inFlight.push(reply);
    while (this.inFlight.length >= ThreadFiles.WINDOW) await this.inFlight.shift();
  }
}

/** The quads packed for the thread: the pipeline makes n3 DataFactory terms only, and those always pack. */
function pack(quads: readonly Quad[]): PackedQuads {
  const packed = packQuads(quads);
  if (packed === undefined) throw new Error('The writer thread takes n3 DataFactory terms only');
  return packed;
}

/** The packed arrays' memory moves to the thread rather than being copied. */
function transferOf(packed: PackedQuads): ArrayBuffer[] {
  return [packed.kinds.buffer as ArrayBuffer, packed.quads.buffer as ArrayBuffer];
}
