// Everything a run does with a converted pathway after the transform: the layout's split (own statements vs shared
// facts, src/load/layout/), the Turtle and N-Quads serialisation and the file writes; then the shared graphs, the
// run-wide graphs, commit or abort.
//
// Done here, on the calling thread (LocalOutput), or by the output thread (outputThread.ts), which runs a LocalOutput
// of its own: both write the same bytes in the same order.

import type { Quad } from 'n3';
import type { PathwayGraph } from '../types.js';
import type { ByteRange } from './fileSinks.js';
import type { BucketShare } from './layout/finishShare.js';
import { SharedLayout, type LayoutEndpoint } from './layout/sharedLayout.js';
import { ownQuads, pathwayScope } from './layout/split.js';
import { openRunFiles, type RunFiles } from './runFiles.js';

/** The URL of a pathway's page (its schema.org block's subject), part of the pathway's scope. */
export type PageIri = (wpid: string) => string | undefined;

export interface RunOutput {
  /** Whether the previous all.nq is in this layout, so that pathways can be kept from it. */
  readonly reusable: boolean;
  /**
   * A converted pathway: its shared facts go to the layout, its own statements to its Turtle file and all.nq; `placed`
   * gets their all.nq range and their count once written. Resolves when there is room for more.
   */
  write(g: PathwayGraph, placed: (range: ByteRange, triples: number) => void): Promise<void>;
  /** A converted pathway whose files are current: its shared facts only are recorded (then it is kept). */
  take(g: PathwayGraph): Promise<void>;
  /** The pathway's own statements, for an endpoint (a term-type test on this thread, whoever writes the files). */
  own(g: PathwayGraph): Quad[];
  /** The pathway stays as the previous run left it: its Turtle file, its all.nq bytes and its shared facts. */
  keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void>;
  /**
   * After the last page: the shared graphs (SharedLayout.finish); adds theirs to `graphs`, returns their triples.
   * `meanwhile`: other work of this thread, done while the output thread makes them (before this thread helps it).
   */
  finish(
    endpoint: LayoutEndpoint | undefined,
    graphs: Set<string>,
    full: boolean,
    meanwhile?: () => Promise<void>,
  ): Promise<number>;
  /** A run-wide graph: appended to all.nq, and written as `<out>/<name>.ttl`. */
  writeGraph(name: string, quads: Quad[]): Promise<void>;
  /** all.nq, then the pathway files, then the layout's files put into place; returns the pathway files removed. */
  commit(): Promise<string[]>;
  /** Leaves every file as the previous run left it. */
  abort(): Promise<void>;
}

/** The run's output on this thread. */
export class LocalOutput implements RunOutput {
  private constructor(
    private readonly layout: SharedLayout,
    private readonly files: RunFiles,
    private readonly pageIri: PageIri,
  ) {}

  /** `allNqMatches`: the run state describes all.nq (state.allNqMatches); else the shared graphs are rebuilt. */
  static async open(
    out: string,
    prefixes: Record<string, string>,
    allNqMatches: boolean,
    pageIri: PageIri,
  ): Promise<LocalOutput> {
    const layout = SharedLayout.open(out, allNqMatches, pageIri);
    return new LocalOutput(layout, await openRunFiles(out, prefixes), pageIri);
  }

  get reusable(): boolean {
    return this.layout.reusable;
  }

  write(g: PathwayGraph, placed: (range: ByteRange, triples: number) => void): Promise<void> {
    return this.writePage(g, this.pageIri(g.wpid), placed);
  }

  /** write, with the page's URL given (the output thread has no mappings to make it). */
  async writePage(
    g: PathwayGraph,
    page: string | undefined,
    placed: (range: ByteRange, triples: number) => void,
  ): Promise<void> {
    const own = this.layout.take(g, page);
    await this.files.write(own, (range) => placed(range, own.quads.length));
  }

  take(g: PathwayGraph): Promise<void> {
    return this.takePage(g, this.pageIri(g.wpid));
  }

  /** take, with the page's URL given. */
  async takePage(g: PathwayGraph, page: string | undefined): Promise<void> {
    this.layout.take(g, page);
  }

  own(g: PathwayGraph): Quad[] {
    return ownQuads(g.quads, pathwayScope(g, this.pageIri(g.wpid)));
  }

  async keep(wpid: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void> {
    this.layout.keep(wpid);
    await this.files.keep(wpid, range, placed);
  }

  finish(
    endpoint: LayoutEndpoint | undefined,
    graphs: Set<string>,
    full: boolean,
    meanwhile?: () => Promise<void>,
  ): Promise<number> {
    return (meanwhile?.() ?? Promise.resolve()).then(() => this.finishShared(endpoint, graphs, full));
  }

  /** finish, on the output thread; `share`: the main thread makes some of the buckets (layout/finishShare.ts). */
  finishShared(
    endpoint: LayoutEndpoint | undefined,
    graphs: Set<string>,
    full: boolean,
    share?: BucketShare,
  ): Promise<number> {
    return this.layout.finish(this.files, endpoint, graphs, full, share);
  }

  writeGraph(name: string, quads: Quad[]): Promise<void> {
    return this.files.writeGraph(name, quads);
  }

  async commit(): Promise<string[]> {
    const removed = await this.files.commit();
    await this.layout.commit();
    return removed;
  }

  async abort(): Promise<void> {
    await this.files.abort();
    await this.layout.abort();
  }
}
