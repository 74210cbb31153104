// Lines a run makes page by page and reads once at its end, kept in a temporary file rather than in the heap: held
// until the end they would outlive the young generation and make the heap grow with the corpus (every page's
// contribution lines, its claims, its layout entry). Appended through a fixed buffer, so that a page costs no write
// of its own and no Buffer.

import { closeSync, openSync, readSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { outputError, tempName } from './atomicFile.js';
import { writeAllSync } from './durable.js';

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
    this.fd = this.named(() => openSync(this.file, 'w'));
    this.buffer = Buffer.allocUnsafeSlow(chunk);
  }

  /** `text`: whole lines, each ending in a newline. */
  append(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.room(length)) this.size += this.buffer.write(text, this.size, 'utf8');
    else this.writeNow(Buffer.from(text, 'utf8'));
  }

  /** `bytes`: as append's text, encoded. */
  appendBytes(bytes: Uint8Array): void {
    if (!this.room(bytes.length)) this.writeNow(bytes);
    else {
      this.buffer.set(bytes, this.size);
      this.size += bytes.length;
    }
  }

  /** Makes room for `length` more bytes in the buffer (writing what it holds); false when they would not fit in it. */
  private room(length: number): boolean {
    if (this.fd === undefined) throw new Error(`SpillFile.append after close (${this.file})`);
    if (this.size + length > this.buffer.length) this.flush();
    return length <= this.buffer.length;
  }

  /** Bytes larger than the buffer, written at once (after what it held). */
  private writeNow(bytes: Uint8Array): void {
    const fd = this.fd!;
    this.named(() => writeAllSync(fd, bytes));
  }

  /** Writes what is buffered and closes the file; appending is over. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    const fd = this.fd;
    this.fd = undefined;
    this.named(() => closeSync(fd));
  }

  /**
   * The file's bytes (closed first) in blocks of about `chunk` bytes, each ending at a line's end: a spill of every
   * page's lines is never one Buffer or one string. A block is valid until the next is asked for.
   */
  *blocks(chunk = 64 * 1024): Generator<Buffer> {
    this.close();
    yield* fileBlocks(this.file, chunk);
  }

  /** blocks, as text. */
  *pieces(chunk = 64 * 1024): Generator<string> {
    for (const block of this.blocks(chunk)) yield block.toString('utf8');
  }

  /**
   * Removes the file. What is still buffered is thrown away, not written: a run drops its spills when it stops, and it
   * may stop because the disk is full (writing them then failed the clean-up and left them behind).
   */
  async drop(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    this.size = 0;
    if (fd !== undefined) closeSync(fd);
    await rm(this.file, { force: true });
  }

  private flush(): void {
    const size = this.size;
    this.size = 0;
    if (size > 0) this.named(() => writeAllSync(this.fd!, this.buffer.subarray(0, size)));
  }

  /**
   * `f`, with a full or read-only disk said as OUTPUT_UNWRITABLE naming this spill file (a write by descriptor
   * carries no path, and the run would otherwise say only "the output").
   */
  private named<T>(f: () => T): T {
    try {
      return f();
    } catch (error) {
      throw outputError(error, this.file);
    }
  }
}

/** A file's bytes in blocks of about `chunk` bytes, each ending at a line's end (see SpillFile.blocks). */
export function* fileBlocks(file: string, chunk = 64 * 1024): Generator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    let block = Buffer.allocUnsafe(chunk);
    let carry = 0; // bytes of an unfinished line at the start of `block`
    for (;;) {
      if (carry === block.length) {
        // A line longer than the block: the block grows to hold it.
        const bigger = Buffer.allocUnsafe(block.length * 2);
        block.copy(bigger, 0, 0, carry);
        block = bigger;
      }
      const n = readSync(fd, block, carry, block.length - carry, null);
      const end = carry + n;
      if (n === 0) {
        if (end > 0) yield block.subarray(0, end);
        return;
      }
      const cut = block.lastIndexOf(10, end - 1) + 1; // after a newline only: a UTF-8 character is never split
      if (cut > 0) yield block.subarray(0, cut);
      block.copy(block, 0, cut, end);
      carry = end - cut;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The members of a JSON object, comma-joined, from spilled `"key":value` lines (in pieces that end at a line's end, as
 * SpillFile.pieces gives them): what goes between the braces.
 */
export function* joinedMembers(pieces: Iterable<string>): Generator<string> {
  let first = true;
  for (const piece of pieces) {
    if (piece === '') continue;
    // JSON.stringify escapes every newline inside a string: the only ones in a piece end its entries.
    const list = piece.slice(0, -1).replaceAll('\n', ',');
    yield first ? list : `,${list}`;
    first = false;
  }
}

/**
 * The JSON values of spilled lines, one a line, from pieces or blocks that end at a line's end (SpillFile.pieces,
 * fileBlocks).
 */
export function* jsonLines<T>(pieces: Iterable<string | Buffer>): Generator<T> {
  for (const piece of pieces)
    for (const line of piece.toString().split('\n')) if (line !== '') yield JSON.parse(line) as T;
}
