// Writes files atomically and durably: a temporary name beside the target, fsync, rename, fsync of the folder.
//
// The rename alone survives a kill; the fsyncs make it survive a power cut too: the file's bytes are on
// disk before its new name is, and the new name is on disk before the caller goes on (writes the state
// that refers to it).

import { once } from 'node:events';
import { closeSync, createWriteStream, open, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { fsyncDir, fsyncFd, fsyncFile, writeAllSync } from './durable.js';

/** The temporary name a file is written under before it is renamed into place. */
export function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/**
 * Whether `error` says the file's folder is missing (ENOENT) or is not a folder (ENOTDIR: making it then
 * fails with what is in the way, EEXIST). The folder is made on that answer rather than remembered as
 * made: a folder removed since (a second run in the same process after the output was deleted) is made
 * again, and a folder that exists costs nothing more than the open itself.
 */
function folderMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Opens `file` for writing, making its folder when it is missing (see folderMissing). */
async function openMakingFolder(file: string): Promise<number> {
  try {
    return await openFd(file);
  } catch (error) {
    if (!folderMissing(error)) throw error;
    await mkdir(path.dirname(file), { recursive: true });
    return openFd(file);
  }
}

/** `open(file, 'w')` through the thread pool (a descriptor, not a FileHandle: closed by the caller). */
function openFd(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, 'w', (error, fd) => (error ? reject(error) : resolve(fd))));
}

/**
 * Writes `data` under a temporary name, syncs it, then renames it over `file`: a reader never sees half
 * a file. The syncs wait in the thread pool, the caller's work goes on meanwhile (see writeStaged). `data` may come
 * in string chunks (jsonChunks.ts), written one after the other: no string of the whole file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  const tmp = await writeStaged(file, data);
  try {
    await rename(tmp, file);
    await fsyncDir(path.dirname(file));
  } catch (error) {
    await rm(tmp, { force: true });
    throw outputError(error, file);
  }
}

/** Each chunk encoded and written in turn, all of its bytes. */
function writeChunks(fd: number, data: string | Uint8Array | Iterable<string>): void {
  if (data instanceof Uint8Array) writeAllSync(fd, data);
  else if (typeof data === 'string') writeAllSync(fd, Buffer.from(data, 'utf8'));
  else for (const chunk of data) writeAllSync(fd, Buffer.from(chunk, 'utf8'));
}

/**
 * Writes and syncs `file`'s content under its temporary name (see tempName), which it returns: the
 * caller renames it into place later (the per-pathway files, published together on commit).
 *
 * Two round trips through the thread pool per file, its creation and its fsync (the calls that may wait for the disk
 * or scan a folder or the inode table); the bytes are written and the file closed on the calling thread. With
 * FileHandle promises a file took four (open, writeFile, sync, close): each wakes a pool thread, which on a busy
 * machine takes the caller's core (a V8 profile shows that wait as time in openFileHandle, writeBuffer and close;
 * perf finds no CPU there). 2,731 files of 12 KB written 16 at a time from a worker thread: 540-620 ms of process CPU
 * against 680-760 ms, the worker's own 117-129 ms against 136-173 ms (load 6).
 */
export async function writeStaged(file: string, data: string | Uint8Array | Iterable<string>): Promise<string> {
  const tmp = tempName(file);
  let fd: number;
  try {
    fd = await openMakingFolder(tmp);
  } catch (error) {
    throw outputError(error, file); // nothing was created
  }
  try {
    try {
      writeChunks(fd, data);
      await fsyncFd(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
  } catch (error) {
    await rm(tmp, { force: true });
    throw outputError(error, file);
  }
}

/** A stream to a temporary file that becomes `file` on commit() and vanishes on abort(). */
export class AtomicStream {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  private constructor(
    readonly file: string,
    highWaterMark: number | undefined,
  ) {
    this.tmp = tempName(file);
    this.stream = createWriteStream(this.tmp, highWaterMark === undefined ? {} : { highWaterMark });
    this.stream.on('error', (e) => (this.failure = e));
  }

  /**
   * `highWaterMark`: the bytes a write may leave waiting before it waits for them (the stream's default, 16 KB,
   * otherwise). Chunks that wait are written together, in one call, once the write before them is done.
   */
  static async open(file: string, highWaterMark?: number): Promise<AtomicStream> {
    await mkdir(path.dirname(file), { recursive: true });
    return new AtomicStream(file, highWaterMark);
  }

  /** Resolves when the chunk is accepted; waits for drain so memory stays flat. */
  async write(chunk: string | Buffer): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      if (!this.stream.write(chunk)) await once(this.stream, 'drain'); // rejects with the stream's error
    } catch (error) {
      throw outputError(error, this.file);
    }
  }

  /** Resolves once the chunk is in the file: its bytes may then be used again (a copy through one buffer). */
  async writeThrough(chunk: Buffer): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve, reject) => this.stream.write(chunk, (e) => (e ? reject(e) : resolve())));
    } catch (error) {
      // A write after the stream failed is refused as ERR_STREAM_DESTROYED before the stream tells why (a full disk),
      // which it does once its file is closed.
      const destroyed = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED';
      if (this.failure === undefined && destroyed && !this.stream.closed)
        await once(this.stream, 'close').catch(() => undefined);
      throw outputError(this.failure ?? error, this.file);
    }
  }

  async commit(): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (this.failure) throw this.failure;
      await fsyncFile(this.tmp);
      await rename(this.tmp, this.file);
      await fsyncDir(path.dirname(this.file));
    } catch (error) {
      // A stream that failed after its last write (its bytes waited: see open) refuses to end as destroyed: its own
      // failure says why (a full disk).
      throw outputError(this.failure ?? error, this.file);
    }
  }

  async abort(): Promise<void> {
    // The stream opens its file in the background: removed before that open, the file would come back after it.
    if (!this.stream.closed) {
      const closed = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
      this.stream.destroy();
      await closed;
    }
    await rm(this.tmp, { force: true });
  }
}

/** What a full or read-only disk says: the run cannot write its output, whatever the file. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);

const REASON: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EFBIG: 'the file is too large for the file system',
};

/**
 * A full or read-only disk as OUTPUT_UNWRITABLE naming the output file (not its temporary name);
 * any other error as it is.
 */
export function outputError(error: unknown, file: string | undefined = undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !NO_ROOM.has(code)) return error;
  const target = file ?? targetOf((error as NodeJS.ErrnoException).path);
  return new PipelineError(
    'OUTPUT_UNWRITABLE',
    `Cannot write ${target === undefined ? 'the output' : 'this file'}: ${REASON[code]} (${code})`,
    {
      ...(target !== undefined ? { file: target } : {}),
      cause: error,
    },
  );
}

/** The file a temporary name (see tempName) stands for. */
function targetOf(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const m = /^\.(.+)\.[0-9]+\.tmp$/.exec(path.basename(file));
  return m ? path.join(path.dirname(file), m[1]!) : file;
}
