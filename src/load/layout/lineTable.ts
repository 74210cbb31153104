// A bucket's distinct N-Triples lines as bytes (bucketContent.ts): each line met is hashed over its bytes and
// looked up in an open-addressing table; a line not yet met is copied once into one growing Buffer. The lines are
// never strings while they are gathered: a Map of a bucket's line strings (a string per spill line, most of them
// repeats) cost more than the rest of the bucket's making, and kept megabytes of strings alive in the heap.

import { isAscii } from 'node:buffer';

const EMPTY = -1;
/**
 * After each line's bytes: a tab and its entry's number in four characters `@`…`\x7f` of six bits each (ASCII, so that
 * it reads back after either decoding).
 */
const SUFFIX = 5;
/** Bytes a line (with its newline) is taken to hold when the table is sized (LineTable's `expect`). */
const LINE_GUESS = 200;
/** Entry numbers fit in the sort keys' four characters of six bits. */
const MAX_ENTRIES = 1 << 24;

export class LineTable {
  /** The distinct lines' bytes, one after the other, each followed by its suffix (SUFFIX). */
  private bytes: Buffer;
  /** `bytes` as a plain Uint8Array: its subarrays are cheap (a Buffer's are made by Buffer's constructor). */
  private view: Uint8Array;
  private used = 0;
  /** Per entry: where its line starts in `bytes`, its length and its hash. */
  private starts: Int32Array<ArrayBuffer>;
  private lengths: Int32Array<ArrayBuffer>;
  private hashes: Int32Array<ArrayBuffer>;
  /** Open addressing, linear probing: entry numbers, EMPTY where none; at most half full. */
  private slots: Int32Array<ArrayBuffer>;
  /** The number of distinct lines. */
  size = 0;

  /**
   * `expect`: about how many bytes of lines are to come (the files read, repeats included), to size the table at once:
   * growing it step by step from a few kilobytes copied each part several times.
   */
  constructor(expect = 0) {
    this.bytes = Buffer.allocUnsafe(Math.max(64 * 1024, expect));
    this.view = plain(this.bytes);
    const entries = Math.max(1024, 2 ** Math.ceil(Math.log2(Math.max(1, expect / LINE_GUESS))));
    this.starts = new Int32Array(entries);
    this.lengths = new Int32Array(entries);
    this.hashes = new Int32Array(entries);
    this.slots = new Int32Array(2 * entries).fill(EMPTY);
  }

  /** The entry of the line `from[start, end)`, added if it is new (then `size` grew). */
  add(from: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const h = hashBytes(from, start, end);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot]!;
      if (e === EMPTY) {
        this.slots[slot] = this.append(from, start, end, h);
        if (this.size * 2 > this.slots.length) this.rehash();
        return this.size - 1;
      }
      if (this.hashes[e] === h && this.lengths[e] === length && this.equal(e, from, start, end)) return e;
    }
  }

  /** The line of `entry`, as bytes (a view: valid until the next add). */
  line(entry: number): Buffer {
    const start = this.starts[entry]!;
    return this.bytes.subarray(start, start + this.lengths[entry]!);
  }

  /** The line's subject IRI (`<s> …`), one byte a character. */
  subject(entry: number): string {
    const start = this.starts[entry]!;
    return this.bytes.toString('latin1', start + 1, this.bytes.indexOf(62, start)); // up to its `>`
  }

  /**
   * Whether the lines of entries `a` and `b` have the same subject (as `subject` reads it: the bytes after the first
   * up to the first `>`).
   */
  sameSubject(a: number, b: number): boolean {
    const bytes = this.bytes;
    const from = this.starts[a]! + 1;
    const to = this.starts[b]! + 1;
    const n = Math.min(this.lengths[a]!, this.lengths[b]!) - 1;
    for (let k = 0; k < n; k++) {
      const c = bytes[from + k]!;
      if (c !== bytes[to + k]) return false;
      if (c === 62) return true;
    }
    return false; // no `>` within both lines: not compared further (subject then reads past the line)
  }

  /** Copies the line of `entry` into `to` at `at`; returns the position after it. */
  copyLine(entry: number, to: Buffer, at: number): number {
    // Copied natively: a loop a byte a step took four times as long for the 2022 snapshot's lines (130 bytes each).
    const start = this.starts[entry]!;
    const length = this.lengths[entry]!;
    to.set(this.view.subarray(start, start + length), at);
    return at + length;
  }

  /** The line's length in bytes. */
  length(entry: number): number {
    return this.lengths[entry]!;
  }

  /**
   * The entries in the order of their lines as strings (UTF-16 code units, as Array.prototype.sort orders them). The
   * lines are sorted as one-byte strings of their bytes, with their entry after them: UTF-8 bytes sort as code points,
   * which is the order of UTF-16 code units unless characters beyond U+FFFF are among them (their surrogates come
   * before U+E000–U+FFFF); then the lines are decoded first. A line's tab (below any character a line holds) keeps
   * a line before those it is the start of; after it, the entry's number.
   */
  sorted(): Int32Array {
    const decode = !isAscii(this.bytes.subarray(0, this.used)) && this.beyondBmp();
    const keys: string[] = new Array<string>(this.size);
    for (let e = 0; e < this.size; e++) {
      const start = this.starts[e]!;
      keys[e] = this.bytes.toString(decode ? 'utf8' : 'latin1', start, start + this.lengths[e]! + SUFFIX);
    }
    keys.sort();
    const order = new Int32Array(this.size);
    for (let i = 0; i < keys.length; i++) order[i] = entryOf(keys[i]!);
    return order;
  }

  /** Whether a 4-byte UTF-8 sequence (a character beyond U+FFFF) is among the lines. */
  private beyondBmp(): boolean {
    return beyondBmp(this.bytes.subarray(0, this.used));
  }

  private equal(e: number, from: Uint8Array, start: number, end: number): boolean {
    const bytes = this.bytes;
    for (let a = this.starts[e]!, k = start; k < end; a++, k++) if (bytes[a] !== from[k]) return false;
    return true;
  }

  private append(from: Uint8Array, start: number, end: number, h: number): number {
    const length = end - start;
    if (this.used + length + SUFFIX > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length + SUFFIX));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
      this.view = plain(grown);
    }
    this.bytes.set(from.subarray(start, end), this.used);
    if (this.size === MAX_ENTRIES) throw new Error(`LineTable: more than ${MAX_ENTRIES} distinct lines in one bucket`);
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    const e = this.size++;
    this.starts[e] = this.used;
    this.lengths[e] = length;
    this.hashes[e] = h;
    this.used += length;
    // The sort key's end (see sorted), written once here.
    const bytes = this.bytes;
    bytes[this.used++] = 9;
    bytes[this.used++] = 64 + ((e >>> 18) & 63);
    bytes[this.used++] = 64 + ((e >>> 12) & 63);
    bytes[this.used++] = 64 + ((e >>> 6) & 63);
    bytes[this.used++] = 64 + (e & 63);
    return e;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = this.hashes[e]! & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }
}

/** The bytes of `bytes` as a plain Uint8Array (the same memory). */
export function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** `a` in an array twice as long (its values first, zeros after). */
export function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * A 32-bit hash of `from[start, end)`, four bytes a step (MurmurHash3's mixing): a line is hashed whenever it is met
 * (1.3 million times for the 2022 snapshot's buckets), and FNV-1a's byte a step was a third of the table's time.
 */
export function hashBytes(from: Uint8Array, start: number, end: number): number {
  let h = (end - start) | 0;
  let k = start;
  for (const last = end - 3; k < last; k += 4) {
    let w = from[k]! | (from[k + 1]! << 8) | (from[k + 2]! << 16) | (from[k + 3]! << 24);
    w = Math.imul(w, 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  let w = 0;
  for (let shift = 0; k < end; k++, shift += 8) w |= from[k]! << shift;
  w = Math.imul(w, 0xcc9e2d51);
  h ^= Math.imul((w << 15) | (w >>> 17), 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function entryOf(key: string): number {
  const n = key.length;
  return (
    ((key.charCodeAt(n - 4) - 64) << 18) |
    ((key.charCodeAt(n - 3) - 64) << 12) |
    ((key.charCodeAt(n - 2) - 64) << 6) |
    (key.charCodeAt(n - 1) - 64)
  );
}

/**
 * Whether UTF-8 `bytes` hold a character beyond U+FFFF (a byte from 0xF0 up: a 4-byte sequence's first). Byte order
 * is then not the order of JavaScript's strings.
 */
export function beyondBmp(bytes: Uint8Array): boolean {
  for (let b = 0xf0; b <= 0xff; b++) if (bytes.includes(b)) return true;
  return false;
}
