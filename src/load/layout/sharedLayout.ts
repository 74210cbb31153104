// The graph layout of a run: each pathway's own statements in its graph, the facts of shared nodes once, in
// BUCKETS shared graphs (`urn:pathway-kg:shared:NN`), so that no triple is stored in two graphs and the union of
// the graphs counts what a single-graph load counts.
//
// A bucket's content is the union of the shared facts the current pathways contribute to it, less the triples a
// pathway states about itself in its own graph (split.ts). Each run rewrites, re-sends and re-files only the
// buckets whose content changed: a no-change re-run sends nothing; a page that changed sends its graph and the
// buckets it changed. Contributions are kept per bucket in `<out>/layout/NN.tsv` (layoutState.ts).

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Parser, type Quad } from 'n3';
import { jsonChunks } from '../../jsonChunks.js';
import type { PathwayGraph } from '../../types.js';
import { writeFileAtomic, writeStaged } from '../atomicFile.js';
import { fsyncDir } from '../durable.js';
import type { ByteRange } from '../fileSinks.js';
import { readKeptQuads } from '../keptQuads.js';
import { NTriplesEncoder } from '../serialize/nTriples.js';
import { BUCKETS, bucketOf, sharedGraph } from './bucket.js';
import { BucketEncoder } from './bucketBytes.js';
import { bucketContent, pad, readClaims, sidecarFile, type BucketContent, type BucketInputs } from './bucketContent.js';
import type { BucketShare } from './finishShare.js';
import {
  digestOf,
  LAYOUT_DIR,
  LAYOUT_FILE,
  layoutJson,
  lineDigest,
  type BucketState,
  type LayoutState,
  type PathwayContribution,
} from './layoutState.js';
import { SpillFile } from '../spillFile.js';
import { PreviousLayout } from './previousLayout.js';
import { pathwayScope, splitPathway } from './split.js';

/** The folder of the shared graphs' files: `shared/NN.nt`, sorted N-Triples, one per non-empty bucket. */
export const SHARED_DIR = 'shared';

/** What the layout needs of the run's files (runFiles.ts). */
export interface LayoutFiles {
  /** Copies bytes of the previous all.nq into the new one. */
  keep(name: string, range: ByteRange, placed: (range: ByteRange) => void): Promise<void>;
  /** Appends ready N-Quads bytes to the new all.nq. */
  writeNQuads(bytes: Buffer, placed: (range: ByteRange) => void): Promise<void>;
}

/** What the layout needs of an endpoint sink (endpointSink.ts). */
export interface LayoutEndpoint {
  loadedHash(graph: string): string | undefined;
  replace(graph: string, quads: Quad[], hash: string): Promise<void>;
}

export class SharedLayout {
  /** Part of every pathway's input hash: graphs made under another layout are made and loaded again. */
  static readonly TAG = `shared-buckets-${BUCKETS}`;

  /** One encoder for the run: it remembers the vocabulary IRIs it has written. */
  private readonly encoder = new NTriplesEncoder();
  /** The buffer a page's shared lines are encoded into. */
  private readonly bytes = new BucketEncoder();
  /** The pathways taken or kept this run: their entries are in `entries`, their claims in `claims`. */
  private readonly current = new Set<string>();
  /**
   * Each current pathway's layout.json entry (`"WPn":{...}` a line), and per bucket the claims on its subjects
   * (`["<s>",["digest",...]]` a line), on disk until the end: kept in the heap they were most of what a run holds per
   * page (4.2 KB of 6.0 KB), so that peak memory grew with the corpus.
   */
  private readonly entries: SpillFile;
  private readonly claims = new Map<number, SpillFile>();
  /** Previous pathways whose contribution lines in the sidecars are replaced (changed or gone). */
  private readonly replaced = new Set<string>();
  private readonly affected = new Set<number>();
  /** Bucket -> the file its added contribution lines go to as pages are taken (open until finish). */
  private readonly spills = new Map<number, SpillFile>();
  /** Staged file -> its final name, renamed on commit. */
  private readonly staged = new Map<string, string>();
  private readonly shared: Record<string, BucketState> = {};
  /** Buckets no current pathway contributes to: their sidecars are removed on commit. */
  private readonly emptied = new Set<number>();
  private finished = false;

  private constructor(
    private readonly out: string,
    /** The previous layout, when it describes the previous all.nq: the run builds on it. */
    private readonly previous: PreviousLayout | undefined,
    /** The URL of a pathway's page (its schema.org block's subject), part of the pathway's scope. */
    private readonly pageIri: (wpid: string) => string | undefined,
  ) {
    this.entries = new SpillFile(path.join(out, LAYOUT_DIR, 'pathways'), ENTRY_CHUNK);
  }

  /** `allNqMatches`: the run state describes all.nq too (state.allNqMatches); else the shared graphs are rebuilt. */
  static open(
    out: string,
    allNqMatches: boolean,
    pageIri: (wpid: string) => string | undefined = () => undefined,
  ): SharedLayout {
    for (const dir of [LAYOUT_DIR, SHARED_DIR]) {
      mkdirSync(path.join(out, dir), { recursive: true });
      removeLeftovers(path.join(out, dir));
    }
    return new SharedLayout(out, allNqMatches ? PreviousLayout.read(out) : undefined, pageIri);
  }

  /** Whether the previous all.nq is in this layout, so that pathways can be kept from it. */
  get reusable(): boolean {
    return this.previous !== undefined;
  }

  /**
   * The pathway graph with its own statements only; its shared facts are recorded for the buckets. `page`: the page's
   * URL, given where the layout cannot make it (the output thread has no mappings).
   */
  take<T extends PathwayGraph>(g: T, page: string | undefined = this.pageIri(g.wpid)): T {
    const split = splitPathway(g.quads, pathwayScope(g, page), this.encoder);
    const claims: Record<string, string[]> = {};
    for (const [s, lines] of split.claims) claims[s] = lines.map(lineDigest).sort();
    // The transform is deterministic: the same page gives the same lines in the same order (another order only costs a
    // recount of its buckets). Each line is hashed once, in its bucket's digest; the pathway's digest is that of its
    // buckets' digests.
    const { buckets, digests: bucketDigests, bytes } = this.bytes.encode(`\t${g.wpid}\n`, split.shared);
    const entry: PathwayContribution = { digest: digestOf(bucketDigests), buckets, bucketDigests, claims };
    const before = this.previous?.entry(g.wpid);
    this.record(g.wpid, entry);
    if (before !== undefined && before.digest === entry.digest) {
      // Its shared facts are the same lines: they stay in the sidecars as they are. When only what the pathway states
      // about its own IRIs changed (a new title), the buckets of those IRIs are filtered again, no other.
      if (!sameClaims(before.claims, entry.claims))
        for (const s of [...Object.keys(before.claims), ...Object.keys(entry.claims)]) this.affected.add(bucketOf(s));
      return { ...g, quads: split.own };
    }
    // Its lines are replaced in the buckets recomputed; where they did not change, the sidecars keep them as they are.
    const changed = before === undefined ? entry.buckets : changedBuckets(before, entry);
    if (changed === undefined) this.forget(before!);
    else for (const s of Object.keys(before?.claims ?? {})) this.affected.add(bucketOf(s));
    // A new pathway is in no sidecar (and a first run reads none): only a previous one is taken out of them.
    if (before !== undefined) this.replaced.add(g.wpid);
    for (const b of changed ?? entry.buckets) this.affected.add(b);
    for (const s of Object.keys(entry.claims)) this.affected.add(bucketOf(s));
    for (let i = 0; i < buckets.length; i++) this.add(buckets[i]!, bytes[i]!);
    return { ...g, quads: split.own };
  }

  /** The pathway stays as the previous run left it (its page is unchanged, or rejected now). */
  keep(wpid: string): void {
    if (this.current.has(wpid)) return; // taken this run (to load it elsewhere), with the same contribution
    const before = this.previous?.raw(wpid);
    if (before === undefined) throw new Error(`The layout state has no entry for ${wpid}, which the run state keeps`);
    // Its entry and claims as the previous layout.json holds them, not parsed (previousLayout.ts).
    this.recordText(wpid, before, this.previous!.claimLines(wpid));
  }

  /** The pathway's entry and claims, to the spill files (a pathway is recorded once a run). */
  private record(wpid: string, entry: PathwayContribution): void {
    const claims = Object.entries(entry.claims).map(([s, d]): [number, string] => [
      bucketOf(s),
      JSON.stringify([s, d]),
    ]);
    this.recordText(wpid, JSON.stringify(entry), claims);
  }

  /** `entry`: the entry's JSON text; `claims`: its claim-spill lines (without their newline), by bucket. */
  private recordText(wpid: string, entry: string, claims: [number, string][]): void {
    if (this.finished) throw new Error(`SharedLayout: ${wpid} recorded after finish`);
    if (this.current.has(wpid)) throw new Error(`SharedLayout: ${wpid} recorded twice in one run`);
    this.current.add(wpid);
    this.entries.append(`${JSON.stringify(wpid)}:${entry}\n`);
    for (const [b, line] of claims) {
      let spill = this.claims.get(b);
      if (spill === undefined)
        this.claims.set(b, (spill = new SpillFile(path.join(this.out, LAYOUT_DIR, `${pad(b)}.claims`), CLAIM_CHUNK)));
      spill.append(`${line}\n`);
    }
  }

  /**
   * After the last page: takes out the contributions of pathways that are gone, makes each bucket's graph, appends
   * it to all.nq (copying the previous bytes when its content did not change), stages its files and sends the
   * buckets the endpoint does not hold in this version. Adds the non-empty buckets' graphs to `graphs` (the rest
   * are dropped by the caller) and returns their triples.
   */
  async finish(
    files: LayoutFiles,
    endpoint: LayoutEndpoint | undefined,
    graphs: Set<string>,
    full: boolean,
    share?: BucketShare,
  ): Promise<number> {
    this.finished = true;
    for (const wpid of this.previous?.pathways() ?? []) {
      if (this.current.has(wpid)) continue;
      this.replaced.add(wpid);
      this.forget(this.previous!.entry(wpid)!);
    }
    // Every spill file complete on disk: either thread reads them by name.
    for (const spill of [...this.spills.values(), ...this.claims.values()]) spill.close();
    // The buckets made again; another thread may make some (finishShare.ts), written here in order all the same.
    const work: number[] = [];
    for (let b = 0; b < BUCKETS; b++) if (this.previous === undefined || this.affected.has(b)) work.push(b);
    const made = this.makeBuckets(work, share);
    let triples = 0;
    for (let b = 0, w = 0; b < BUCKETS; b++) {
      const graph = sharedGraph(b);
      const before = this.previous?.shared[b];
      let content: BucketContent | undefined;
      let digest = before?.digest;
      if (work[w] === b) {
        content = await made(w++);
        if (content.sidecar !== undefined) this.staged.set(content.sidecar, this.sidecar(b));
        else if (content.sidecarKept !== true) this.emptied.add(b);
        digest = content.digest;
      }
      if (digest === undefined) continue; // an empty bucket: no graph, no file
      graphs.add(graph);
      const info: BucketState = { digest, triples: content?.triples ?? before!.triples, nq: { offset: 0, length: 0 } };
      this.shared[b] = info;
      triples += info.triples;
      const send = endpoint !== undefined && (full || endpoint.loadedHash(graph) !== digest);
      if (before !== undefined && before.digest === digest) {
        await files.keep(graph, before.nq, (range) => (info.nq = range));
        if (send) await endpoint.replace(graph, readKeptQuads(this.out, before.nq), digest);
        continue;
      }
      const nt = content!.nt!;
      const nq = withGraph(nt, content!.triples, graph);
      await files.writeNQuads(nq, (range) => (info.nq = range));
      this.staged.set(await writeStaged(this.bucketFile(b), nt), this.bucketFile(b));
      if (send) await endpoint.replace(graph, new Parser({ format: 'N-Quads' }).parse(nq.toString('utf8')), digest);
    }
    return triples;
  }

  /**
   * The buckets of `work` by index, each made once: here, or by the thread `share` hands some to. Here they are made as
   * they are asked for, one at a time, taking from the same counter as the other thread.
   */
  private makeBuckets(work: number[], share: BucketShare | undefined): (index: number) => Promise<BucketContent> {
    let next = 0;
    const take = share === undefined ? () => next++ : () => share.take();
    share?.start({
      out: this.out,
      work,
      readPrevious: this.previous !== undefined,
      replaced: [...this.replaced],
      spills: work.map((b) => this.spills.get(b)?.file),
      claims: work.map((b) => this.claims.get(b)?.file),
    });
    const inputs = (b: number): BucketInputs => {
      const claims = readClaims(this.claims.get(b)?.file);
      return {
        readPrevious: this.previous !== undefined,
        replaced: this.replaced,
        spill: this.spills.get(b)?.file,
        claims,
      };
    };
    const mine = new Map<number, BucketContent>();
    /** Every index up to this one is taken, by one thread or the other. */
    let taken = -1;
    return async (index) => {
      while (taken < index) {
        const i = take();
        taken = Math.min(i, work.length);
        if (i < work.length) mine.set(i, await bucketContent(this.out, work[i]!, inputs(work[i]!)));
      }
      const content = mine.get(index);
      mine.delete(index);
      return content ?? share!.made(index);
    };
  }

  /**
   * After all.nq is in place: puts the buckets' files and sidecars into place, removes those of empty buckets, writes
   * the layout state.
   */
  async commit(): Promise<void> {
    if (!this.finished) throw new Error('SharedLayout.commit before finish');
    for (const [tmp, file] of this.staged) await rename(tmp, file);
    this.staged.clear();
    for (let b = 0; b < BUCKETS; b++) {
      if (this.shared[b] === undefined) await rm(this.bucketFile(b), { force: true });
      if (this.emptied.has(b) || (this.shared[b] === undefined && this.previous === undefined))
        await rm(this.sidecar(b), { force: true });
    }
    await this.dropSpills();
    for (const dir of [SHARED_DIR, LAYOUT_DIR])
      if (existsSync(path.join(this.out, dir))) await fsyncDir(path.join(this.out, dir));
    const s = statSync(path.join(this.out, 'all.nq'));
    const head: Omit<LayoutState, 'pathways' | 'shared'> = {
      version: 2,
      buckets: BUCKETS,
      allNq: { size: s.size, mtimeMs: s.mtimeMs },
    };
    await writeFileAtomic(
      path.join(this.out, LAYOUT_DIR, LAYOUT_FILE),
      layoutJson(head, this.entries.pieces(), jsonChunks(this.shared)),
    );
    await this.dropRecords();
  }

  /** Leaves every file as the previous run left it. */
  async abort(): Promise<void> {
    for (const tmp of this.staged.keys()) await rm(tmp, { force: true });
    this.staged.clear();
    await this.dropSpills();
    await this.dropRecords();
  }

  private async dropRecords(): Promise<void> {
    await this.entries.drop();
    for (const spill of this.claims.values()) await spill.drop();
    this.claims.clear();
  }

  /** A previous contribution leaves its buckets (and the buckets of the pathway's own IRIs, for its claims). */
  private forget(before: PathwayContribution): void {
    for (const b of before.buckets) this.affected.add(b);
    for (const s of Object.keys(before.claims)) this.affected.add(bucketOf(s));
  }

  /**
   * A page's contribution to the bucket's spill file, as BucketEncoder made it: its owner line (`<TAB>WPn`, which no
   * triple's line is like), then its lines.
   */
  private add(bucket: number, bytes: Uint8Array): void {
    let spill = this.spills.get(bucket);
    if (spill === undefined)
      this.spills.set(
        bucket,
        (spill = new SpillFile(path.join(this.out, LAYOUT_DIR, `${pad(bucket)}.added`), SPILL_CHUNK)),
      );
    spill.appendBytes(bytes);
  }

  private async dropSpills(): Promise<void> {
    for (const spill of this.spills.values()) await spill.drop();
    this.spills.clear();
  }

  private bucketFile(b: number): string {
    return path.join(this.out, SHARED_DIR, `${pad(b)}.nt`);
  }

  private sidecar(b: number): string {
    return sidecarFile(this.out, b);
  }
}

/**
 * N-Triples bytes (`<s> <p> <o> .` lines, `count` of them) as N-Quads in `graph`: `<graph> ` goes before each final
 * `.`.
 */
function withGraph(nt: Buffer, count: number, graph: string): Buffer {
  const name = Buffer.from(`<${graph}> `, 'utf8');
  const out = Buffer.allocUnsafe(nt.length + count * name.length);
  let at = 0;
  for (let start = 0; start < nt.length;) {
    const end = nt.indexOf(10, start); // the line's newline; its `.` is just before it
    at += nt.copy(out, at, start, end - 1);
    at += name.copy(out, at);
    out[at++] = 0x2e; // .
    out[at++] = 10;
    start = end + 1;
  }
  if (at !== out.length) throw new Error(`withGraph: ${at} bytes written of ${out.length}`);
  return out;
}

/** Bytes a bucket's spill gathers before they are written (64 buckets: at most a few megabytes held). */
const SPILL_CHUNK = 64 * 1024;
/** The layout entries' buffer (one file) and each bucket's claims' (a few lines per page over 64 files). */
const ENTRY_CHUNK = 64 * 1024;
const CLAIM_CHUNK = 8 * 1024;

/**
 * The buckets where a pathway's lines differ between two contributions (in one and not the other, or another digest);
 * undefined when one has no per-bucket digests (a layout state of an earlier version).
 */
export function changedBuckets(before: PathwayContribution, now: PathwayContribution): number[] | undefined {
  const digests = (c: PathwayContribution) =>
    c.bucketDigests?.length === c.buckets.length * 16
      ? new Map(c.buckets.map((b, i) => [b, c.bucketDigests!.slice(i * 16, i * 16 + 16)]))
      : undefined;
  const a = digests(before);
  const n = digests(now);
  if (a === undefined || n === undefined) return undefined;
  return [...new Set([...a.keys(), ...n.keys()])].filter((b) => a.get(b) !== n.get(b));
}

function sameClaims(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/** Temporary files a killed run left (`.NN.tsv.<pid>.tmp`, spill files). */
function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names)
    if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
}
