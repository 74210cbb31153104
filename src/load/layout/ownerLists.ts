// Who states each of a bucket's lines (bucketContent.ts): per entry of its LineTable, a list of owners in order of
// arrival, as numbers in typed arrays (a linked list per entry), written out as `WP1 WP7`. An array or a string per
// line (the 2022 snapshot: 624,708 lines in 1.3 million contributions) was garbage the end of a run collected.

import { grow } from './lineTable.js';

const NONE = -1;

export class OwnerLists {
  /** The owners' names (a page, or a previous sidecar's list of them), by number; latin1, one byte a character. */
  private readonly names: string[] = [];
  /** The names as bytes, for the pages' names (each is written for many lines). */
  private readonly encoded: (Buffer | undefined)[] = [];
  /** Per entry: its list's first and last node, the bytes its list takes (`WP1 WP7`: 7), its last page. */
  private heads: Int32Array<ArrayBuffer>;
  private tails: Int32Array<ArrayBuffer>;
  private sizes: Int32Array<ArrayBuffer>;
  private pages: Int32Array<ArrayBuffer>;
  /** Per node: the owner's name number and the next node of its list. */
  private nodeNames: Int32Array<ArrayBuffer>;
  private nodeNext: Int32Array<ArrayBuffer>;
  private nodes = 0;
  /** Entries with a list. */
  private entries = 0;

  /** `entries` and `owners`: how many of each to make room for at once (more are made room for as they come). */
  constructor(entries = 1024, owners = 2 * entries) {
    this.heads = new Int32Array(Math.max(16, entries));
    this.tails = new Int32Array(this.heads.length);
    this.sizes = new Int32Array(this.heads.length);
    this.pages = new Int32Array(this.heads.length);
    this.nodeNames = new Int32Array(Math.max(16, owners));
    this.nodeNext = new Int32Array(this.nodeNames.length);
  }

  /** A name's number, to pass to `own`; `bytes`: written for many lines (its bytes are kept). */
  name(name: string, bytes = false): number {
    this.names.push(name);
    this.encoded.push(bytes ? Buffer.from(name, 'latin1') : undefined);
    return this.names.length - 1;
  }

  /**
   * Adds owner `name` to the list of `entry`: one with a list, or the next one without. A page is added once per line:
   * `page` (0 up, a page of the spill) repeating the entry's last is skipped; -1 never is.
   */
  own(entry: number, name: number, page: number): void {
    const node = this.node(name);
    if (entry === this.entries) {
      if (entry === this.heads.length) this.growEntries();
      this.entries++;
      this.heads[entry] = node;
      this.tails[entry] = node;
      this.sizes[entry] = this.names[name]!.length;
      this.pages[entry] = page;
    } else if (entry > this.entries) throw new Error(`OwnerLists: entry ${entry} after ${this.entries}`);
    else if (page < 0 || this.pages[entry] !== page) {
      this.nodeNext[this.tails[entry]!] = node;
      this.tails[entry] = node;
      this.sizes[entry] = this.sizes[entry]! + 1 + this.names[name]!.length;
      this.pages[entry] = page;
    } else this.nodes--; // the node just made is not used
  }

  /** The bytes the list of `entry` takes when written. */
  size(entry: number): number {
    return this.sizes[entry]!;
  }

  /** Writes the list of `entry` (`WP1 WP7`) into `to` at `at`; returns the position after it. */
  write(entry: number, to: Buffer, at: number): number {
    for (let node = this.heads[entry]!; node !== NONE; node = this.nodeNext[node]!) {
      if (node !== this.heads[entry]) to[at++] = 32;
      const name = this.nodeNames[node]!;
      const bytes = this.encoded[name];
      if (bytes === undefined) at += to.write(this.names[name]!, at, 'latin1');
      else for (let k = 0; k < bytes.length; k++) to[at++] = bytes[k]!;
    }
    return at;
  }

  /** The list of `entry` as text. */
  list(entry: number): string {
    const bytes = Buffer.allocUnsafe(this.size(entry));
    return bytes.toString('latin1', 0, this.write(entry, bytes, 0));
  }

  private node(name: number): number {
    if (this.nodes === this.nodeNames.length) {
      this.nodeNames = grow(this.nodeNames);
      this.nodeNext = grow(this.nodeNext);
    }
    const node = this.nodes++;
    this.nodeNames[node] = name;
    this.nodeNext[node] = NONE;
    return node;
  }

  private growEntries(): void {
    this.heads = grow(this.heads);
    this.tails = grow(this.tails);
    this.sizes = grow(this.sizes);
    this.pages = grow(this.pages);
  }
}
