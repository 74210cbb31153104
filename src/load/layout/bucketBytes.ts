// A pathway's shared lines as the UTF-8 bytes its buckets' spill files get, and the digests of those lines: each
// bucket's text is encoded once, hashed as bytes and, when the page's contribution changed, copied to the spill as they
// are (hashing the text and writing it encoded it twice, and measured it once more).

import { lineDigest } from './layoutState.js';

/** A page's contribution: per bucket, `<TAB>WPn` a line, then its lines, each ending in a newline. */
export interface BucketBytes {
  /** The buckets, ascending. */
  buckets: number[];
  /** lineDigest of each bucket's lines (without the final newline), in `buckets` order, as one string. */
  digests: string;
  /** Each bucket's bytes (owner line, lines, newline), in `buckets` order; valid until the next page is encoded. */
  bytes: Buffer[];
}

/** The buffer's size between pages: a very large page does not keep its room for the rest of the run. */
const KEEP = 1 << 20;

/** One per layout: the buffer the pages are encoded into is reused from one page to the next. */
export class BucketEncoder {
  private buffer = Buffer.allocUnsafe(KEEP);

  /** `owner`: `<TAB>WPn<LF>`; `texts`: bucket -> its lines joined by newlines (no final one), buckets ascending. */
  encode(owner: string, texts: ReadonlyMap<number, string>): BucketBytes {
    if (this.buffer.length > KEEP) this.buffer = Buffer.allocUnsafe(KEEP);
    const buckets: number[] = [];
    const ends: number[] = [];
    let digests = '';
    let at = 0;
    for (const [b, text] of texts) {
      // A UTF-16 code unit is at most three bytes of UTF-8.
      const need = at + (owner.length + text.length) * 3 + 1;
      if (need > this.buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
        this.buffer.copy(bigger, 0, 0, at);
        this.buffer = bigger;
      }
      at += this.buffer.write(owner, at, 'utf8');
      const start = at;
      at += this.buffer.write(text, at, 'utf8');
      digests += lineDigest(this.buffer.subarray(start, at));
      this.buffer[at++] = 10;
      buckets.push(b);
      ends.push(at);
    }
    const bytes: Buffer[] = [];
    for (let i = 0, start = 0; i < ends.length; start = ends[i++]!) bytes.push(this.buffer.subarray(start, ends[i]));
    return { buckets, digests, bytes };
  }
}
