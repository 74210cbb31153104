// A run's file outputs: pathways/WPn.ttl, all.nq, and the run-wide graphs' Turtle.
//
// Written where the run's output is (src/load/runOutput.ts: the output thread, or the main thread with
// PATHWAY_KG_WORKER=off): the Turtle files through a window of background writes (TurtleDir), all.nq as one stream.

import path from 'node:path';
import type { Quad } from 'n3';
import type { PathwayGraph } from '../types.js';
import { NQuadsFile, TurtleDir, type ByteRange } from './fileSinks.js';
import { killPoint } from './killPoint.js';
import { QuadSerializer } from './serialize/serializer.js';

/** The run's files under `out`, serialised with the run's own QuadSerializer. */
export async function openRunFiles(out: string, prefixes: Record<string, string>): Promise<RunFiles> {
  const serializer = new QuadSerializer(prefixes);
  return new RunFiles(new TurtleDir(out, serializer), await NQuadsFile.open(path.join(out, 'all.nq'), serializer));
}

export class RunFiles {
  constructor(
    private readonly turtle: TurtleDir,
    private readonly nquads: NQuadsFile,
  ) {}

  /**
   * A pathway's Turtle file and its all.nq bytes; `placed` gets their all.nq range once written. Resolves when there is
   * room for more.
   */
  async write(g: PathwayGraph, placed: (range: ByteRange) => void): Promise<void> {
    await this.turtle.write(g);
    placed(await this.nquads.write(g.quads));
  }

  /** The pathway's Turtle file of the previous run stays; its all.nq bytes are copied from the previous all.nq. */
  async keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    placed(await this.nquads.keep(range));
    this.turtle.keep(wpid);
  }

  /** Ready N-Quads bytes (a shared-node graph, src/load/layout/) appended to all.nq; `placed` gets their range. */
  async writeNQuads(bytes: Buffer, placed: (range: ByteRange) => void): Promise<void> {
    placed(await this.nquads.writeBytes(bytes));
  }

  /** A run-wide graph: appended to all.nq, and written as `<out>/<name>.ttl`. */
  async writeGraph(name: string, quads: Quad[]): Promise<void> {
    await this.nquads.write(quads);
    await this.turtle.writeGraph(name, quads);
  }

  /** Waits for every write; all.nq replaces the previous one; returns the pathways whose Turtle file was removed. */
  async commit(): Promise<string[]> {
    killPoint('before-commit');
    await this.turtle.flush(); // every pathway file written before anything is put into place
    // all.nq first: once it is replaced, the state no longer matches it and the next run redoes every
    // pathway file, so a crash between these renames cannot leave a file the state does not describe.
    await this.nquads.commit();
    killPoint('after-all-nq');
    return this.turtle.commit();
  }

  /** Leaves the previous all.nq in place and no temporary file behind. */
  async abort(): Promise<void> {
    await this.nquads.abort();
    await this.turtle.abort();
  }
}
