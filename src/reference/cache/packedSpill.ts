// The cache's packed section on its way to the cache file: written to a file of its own as the packer makes it (the
// sections before it in the cache file are made meanwhile), then copied after them. Holding the 38 MB of the full
// reference until the end instead was 8-24 MB of peak RSS on a first run of the 2022 snapshot, whose cache is written
// while both threads make the shared graphs (3 alternating runs, load 5-7: 301-317 MB against 325-331 MB).

import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** Bytes copied at a time. */
const COPY = 1 << 20;

export class PackedSpill {
  readonly #fd: number;
  readonly #file: string;
  #bytes = 0;
  #check = 0;
  #closed = false;

  /** A new file next to `target` (same disk), gone once closed; removed at once where the system allows. */
  constructor(target: string) {
    this.#file = `${target}.${process.pid}.packed`;
    this.#fd = openSync(this.#file, 'w+');
    try {
      rmSync(this.#file, { force: true }); // read and written through its descriptor: nothing left by a killed run
    } catch {
      // removed when closed
    }
  }

  /** Bytes written so far, and their CRC-32 (the cache's section check). */
  get section(): { bytes: number; crc32: number } {
    return { bytes: this.#bytes, crc32: this.#check };
  }

  /** Writes `chunk` at once: the caller may write over its bytes when this returns. */
  write(chunk: Buffer): void {
    for (let done = 0; done < chunk.length;)
      done += writeSync(this.#fd, chunk, done, chunk.length - done, this.#bytes + done);
    this.#check = crc32(chunk, this.#check);
    this.#bytes += chunk.length;
  }

  /** Every byte written, in order, to `write` (a piece at a time, each a buffer of its own). */
  async copyTo(write: (chunk: Buffer) => Promise<void>): Promise<void> {
    for (let at = 0; at < this.#bytes;) {
      const piece = Buffer.allocUnsafe(Math.min(COPY, this.#bytes - at));
      const n = readSync(this.#fd, piece, 0, piece.length, at);
      if (n === 0) throw new Error(`the packed bytes were cut short at ${at} of ${this.#bytes}`);
      await write(piece.subarray(0, n));
      at += n;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    rmSync(this.#file, { force: true });
  }
}
