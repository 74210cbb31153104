// Lines a run makes page by page and reads once at its end, kept in a temporary file rather than in the heap: held
// until the end they would outlive the young generation and make the heap grow with the corpus (every page's
// contribution lines, its claims, its layout entry). Appended through a fixed buffer, so that a page costs no write
// of its own and no Buffer.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tempName } from '../atomicFile.js';
import { writeAllSync } from '../durable.js';

export class SpillFile {
  /** The temporary file (`.<name>.<pid>.tmp`: removed as a leftover by the next run should this one be killed). */
  readonly file: string;
  private fd: number | undefined;
  private readonly buffer: Buffer;
  /** Bytes of `buffer` not yet written. */
  private size = 0;

  /** `beside`: the file the spill is named after; `chunk`: the bytes gathered before a write. */
  constructor(beside: string, chunk: number) {
    this.file = tempName(beside);
    this.fd = openSync(this.file, 'w');
    this.buffer = Buffer.allocUnsafeSlow(chunk);
  }

  /** `text`: whole lines, each ending in a newline. */
  append(text: string): void {
    if (this.fd === undefined) throw new Error(`SpillFile.append after close (${this.file})`);
    const length = Buffer.byteLength(text, 'utf8');
    if (this.size + length > this.buffer.length) this.flush();
    if (length > this.buffer.length) writeAllSync(this.fd, Buffer.from(text, 'utf8'));
    else this.size += this.buffer.write(text, this.size, 'utf8');
  }

  /** Writes what is buffered and closes the file; appending is over. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** The whole file (closed first). */
  read(): Buffer {
    this.close();
    return readFileSync(this.file);
  }

  /**
   * The file's text (closed first) in pieces of about `chunk` bytes, each ending at a line's end: a file of every
   * page's entries is never one string.
   */
  *pieces(chunk = 64 * 1024): Generator<string> {
    this.close();
    const fd = openSync(this.file, 'r');
    try {
      let carry = Buffer.alloc(0);
      const block = Buffer.allocUnsafe(chunk);
      for (;;) {
        const n = readSync(fd, block, 0, chunk, null);
        if (n === 0) break;
        const bytes = carry.length === 0 ? block.subarray(0, n) : Buffer.concat([carry, block.subarray(0, n)]);
        const cut = bytes.lastIndexOf(10) + 1; // cut after a newline only: a UTF-8 character is never split
        if (cut > 0) yield bytes.toString('utf8', 0, cut);
        carry = Buffer.from(bytes.subarray(cut));
      }
      if (carry.length > 0) yield carry.toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  /** Closes and removes the file. */
  async drop(): Promise<void> {
    this.close();
    await rm(this.file, { force: true });
  }

  private flush(): void {
    if (this.size > 0) writeAllSync(this.fd!, this.buffer.subarray(0, this.size));
    this.size = 0;
  }
}
