// File outputs: pathways/WPn.ttl (one Turtle file per pathway) and all.nq (the whole dataset as N-Quads).

import { renameSync } from 'node:fs';
import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import PQueue from 'p-queue';
import type { PathwayGraph } from '../types.js';
import { AtomicStream, writeFileAtomic, writeStaged } from './atomicFile.js';
import { fsyncDir } from './durable.js';
import type { QuadSerializer } from './serialize/serializer.js';

const { namedNode } = DataFactory;

/**
 * `<out>/pathways/WPn.ttl`: each written and synced under its temporary name as the run goes, all
 * renamed into place on commit (so that a run stopped or killed before then leaves every file as the
 * state describes it); files of pathways neither written nor kept are removed on commit.
 */
export class TurtleDir {
  private readonly current = new Set<string>();
  /** Temporary name -> file, written and waiting for commit. */
  private readonly staged = new Map<string, string>();
  private static readonly WINDOW = 16;
  /** Files being written in the background, at most WINDOW at a time, while the next pages are transformed. */
  private readonly writes = new PQueue({ concurrency: TurtleDir.WINDOW });
  private failure: unknown;

  /** `serializer` is the run's. */
  constructor(
    private readonly out: string,
    private readonly serializer: QuadSerializer,
  ) {}

  async write(g: PathwayGraph): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const first = [namedNode(g.graph), namedNode(g.subject)];
    const file = path.join(this.out, 'pathways', `${g.wpid}.ttl`);
    const bytes = this.serializer.turtleBytes(g.quads, first);
    // The task never rejects: its failure is kept, and thrown by the next write or by flush.
    void this.writes.add(() =>
      writeStaged(file, bytes).then(
        (tmp) => void this.staged.set(tmp, file),
        (e: unknown) => void (this.failure ??= e),
      ),
    );
    this.current.add(`${g.wpid}.ttl`);
    // Room for more once no file waits for its turn: at most WINDOW files' bytes held at a time (and one waiting).
    await this.writes.onSizeLessThan(1);
  }

  /** Waits for the files still being written; throws the first write error. */
  async flush(): Promise<void> {
    await this.writes.onIdle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** The pathway's file from an earlier run stays as it is. */
  keep(wpid: string): void {
    this.current.add(`${wpid}.ttl`);
  }

  async writeGraph(name: string, quads: Quad[]): Promise<void> {
    await writeFileAtomic(path.join(this.out, `${name}.ttl`), this.serializer.turtleBytes(quads));
  }

  /** Puts the files written into place and removes those of pathways that are no longer in the dataset. */
  async commit(): Promise<string[]> {
    await this.flush();
    // On this thread, one after the other (nothing else is left to do meanwhile): 2,731 renames cost 35-70 ms of CPU
    // so, 120-400 ms as a round trip each through the thread pool, in about the same time (tmpfs and ext4, load ~20).
    for (const [tmp, file] of this.staged) renameSync(tmp, file);
    this.staged.clear();
    return removeStale(path.join(this.out, 'pathways'), this.current);
  }

  /** Removes the files written: the previous ones stay. */
  async abort(): Promise<void> {
    await this.writes.onIdle();
    for (const tmp of this.staged.keys()) await rm(tmp, { force: true });
    this.staged.clear();
  }
}

/**
 * Removes `dir`'s WPn.ttl files not in `current`; syncs the folder (the new names and the removals) before the state
 * that lists them is written.
 */
export async function removeStale(dir: string, current: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (/^WP[0-9]+\.ttl$/.test(name) && !current.has(name)) {
      await rm(path.join(dir, name), { force: true });
      removed.push(name.slice(0, -4));
    }
  }
  await fsyncDir(dir);
  return removed;
}

export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * `<out>/all.nq`, streamed pathway by pathway to a temporary file that replaces the old one on commit. Kept pathways'
 * bytes are copied from the previous all.nq, neighbours as one range (a run that changes one page copies the file in
 * two or three ranges), through two buffers used in turn: copying 160 MB made no garbage and no buffer per pathway.
 */
export class NQuadsFile {
  /** The size of each copy buffer: large enough that a read and a write cost little each, small beside the heap. */
  static readonly COPY_CHUNK = 1 << 20;
  /**
   * The bytes of pathways that may wait to be written while the write before them is done: written then together, in
   * one call. With the stream's default (16 KB) nearly every pathway was a write of its own, waited for: 2,731 of 30-94
   * KB cost 210-480 ms of CPU so, 100-190 ms with this (tmpfs and ext4, load ~20).
   */
  static readonly WAITING = 1 << 20;
  private bytes = 0;
  private previous: FileHandle | undefined;
  /** Bytes of the previous all.nq placed (counted in `bytes`) but not copied yet. */
  private kept: ByteRange | undefined;
  private buffers: Buffer[] | undefined;

  private constructor(
    private readonly stream: AtomicStream,
    private readonly file: string,
    private readonly serializer: QuadSerializer,
  ) {}

  static async open(file: string, serializer: QuadSerializer): Promise<NQuadsFile> {
    return new NQuadsFile(await AtomicStream.open(file, NQuadsFile.WAITING), file, serializer);
  }

  async write(quads: Quad[]): Promise<ByteRange> {
    return this.append(this.serializer.nQuadsBytes(quads));
  }

  /** layout: N-Quads bytes made elsewhere (the shared graphs). */
  async writeBytes(chunk: Buffer): Promise<ByteRange> {
    return this.append(chunk);
  }

  /**
   * A pathway's quads from the all.nq of the previous run (still in place until commit): placed at once, copied
   * with the kept ranges next to it when something else is written (or on commit).
   */
  async keep(range: ByteRange): Promise<ByteRange> {
    const placed = { offset: this.bytes, length: range.length };
    if (this.kept !== undefined && this.kept.offset + this.kept.length === range.offset)
      this.kept.length += range.length;
    else {
      await this.copyKept();
      this.kept = { ...range };
    }
    this.bytes += range.length;
    return placed;
  }

  async commit(): Promise<void> {
    await this.copyKept();
    await this.previous?.close();
    await this.stream.commit();
  }

  async abort(): Promise<void> {
    this.kept = undefined;
    await this.previous?.close();
    await this.stream.abort();
  }

  private async append(chunk: Buffer): Promise<ByteRange> {
    await this.copyKept();
    const range = { offset: this.bytes, length: chunk.length };
    await this.stream.write(chunk);
    this.bytes += chunk.length;
    return range;
  }

  /** Copies the kept range: each buffer is read while the other is being written. */
  private async copyKept(): Promise<void> {
    const kept = this.kept;
    if (kept === undefined) return;
    this.kept = undefined;
    this.previous ??= await open(this.file, 'r');
    this.buffers ??= [Buffer.allocUnsafe(NQuadsFile.COPY_CHUNK), Buffer.allocUnsafe(NQuadsFile.COPY_CHUNK)];
    let writing: Promise<void> = Promise.resolve();
    for (let done = 0, turn = 0; done < kept.length; turn ^= 1) {
      const buffer = this.buffers[turn]!;
      const length = Math.min(buffer.length, kept.length - done);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await this.previous.read(buffer, read, length - read, kept.offset + done + read);
        if (bytesRead === 0) {
          await writing.catch(() => undefined);
          throw new Error(`all.nq of the previous run is shorter than its state says (${this.file})`);
        }
        read += bytesRead;
      }
      await writing; // the other buffer is free again
      writing = this.stream.writeThrough(buffer.subarray(0, length));
      done += length;
    }
    await writing;
  }
}
