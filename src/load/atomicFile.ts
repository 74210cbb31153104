// Writes files atomically: a temporary name beside the target, then rename.

import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The temporary name a file is written under before it is renamed into place. */
export function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

const madeDirs = new Set<string>();

/** Makes the file's folder, once per folder and thread; returns the folder. */
function ensureDir(file: string): string {
  const dir = path.dirname(file);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  return dir;
}

/**
 * Writes `data` under a temporary name, then renames it over `file`: a reader never sees half a file.
 * Through the thread pool, so that writing overlaps the caller's work.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = ensureDir(file);
  const tmp = tempName(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    madeDirs.delete(dir);
    throw error;
  }
}

/** writeFileAtomic for a thread that has nothing else to do meanwhile (the writer thread): no thread-pool round trips. */
export function writeFileAtomicSync(file: string, data: Uint8Array): void {
  const dir = ensureDir(file);
  const tmp = tempName(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    madeDirs.delete(dir);
    throw error;
  }
}

/** A stream to a temporary file that becomes `file` on commit() and vanishes on abort(). */
export class AtomicStream {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  private constructor(readonly file: string) {
    this.tmp = tempName(file);
    this.stream = createWriteStream(this.tmp);
    this.stream.on('error', (e) => (this.failure = e));
  }

  static async open(file: string): Promise<AtomicStream> {
    await mkdir(path.dirname(file), { recursive: true });
    return new AtomicStream(file);
  }

  /** Resolves when the chunk is accepted; waits for drain so memory stays flat. */
  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (this.failure) throw this.failure;
    await rename(this.tmp, this.file);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}
