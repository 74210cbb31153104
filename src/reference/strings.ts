// Reading large reference texts without keeping them alive: lines one at a time, own copies of what is kept.

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

/**
 * A string equal to `s` that shares no memory with the text it was cut from. V8 copies the short
 * ones (under 13 characters) when they are cut; a longer one points into its whole source text and
 * keeps it alive (a 6 MB ontology, as two bytes a character). A JSON round trip gives a fresh string,
 * one byte a character whenever it can.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * The key to store for a text derived from `original` (upper-cased, folded, normalised): `original`
 * itself when the derived text reads the same (no second copy), else the derived text as one flat
 * string. Keys built by concatenation are kept by V8 as trees of their parts when 13 characters or
 * longer (320,000 of them in the gene index, 10 MB); normalize() hands back the flattened text when it
 * is already in NFC, as nearly every key is.
 */
export function storedKey(derived: string, original: string): string {
  if (derived === original) return original;
  if (derived.length < 13) return derived;
  const flat = derived.normalize();
  return flat === derived ? flat : derived;
}

/** One shared, frozen empty list, for the many records with nothing in a list field. */
export function none<T>(): T[] {
  return NONE as unknown as T[];
}

/** The list as an array of exactly its length, or the shared empty one: lists filled by push keep spare room. */
export function compact<T>(list: T[]): T[] {
  return list.length === 0 ? none<T>() : list.slice();
}

const NONE: readonly never[] = Object.freeze([]);

/** The lines of `text` as `text.split(/\r?\n/)` gives them, one at a time; `count` is the number read so far. */
export function lineReader(text: string): LineReader {
  let pos = 0;
  const reader = {
    count: 0,
    next(): string | undefined {
      if (pos > text.length) return undefined;
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 && end < text.length ? end - 1 : end);
      pos = end + 1;
      reader.count++;
      return line;
    },
  };
  return reader;
}

export interface LineReader {
  /** The next line, without its `\n` (and a `\r` before it); undefined after the last. */
  next(): string | undefined;
  /** Lines read so far: the 1-based number of the line last returned. */
  readonly count: number;
}

/**
 * The lines of UTF-8 bytes (a byte order mark dropped), exactly as lineReader gives them for the
 * decoded text, but decoded about 32 KB at a time, cut after a newline: no string of the whole file
 * is made (the 6 MB disease ontology is a 12 MB string, which only a full collection frees).
 */
export function byteLineReader(bytes: Buffer): LineReader {
  return new ByteLineReader(bytes);
}

class ByteLineReader implements LineReader {
  count = 0;
  private pos: number;
  private text = '';
  private at = 0;
  private finished = false;
  private static readonly BLOCK = 32 * 1024;

  constructor(private readonly bytes: Buffer) {
    this.pos = hasBom(bytes) ? 3 : 0;
    this.text = this.block();
  }

  next(): string | undefined {
    for (;;) {
      if (this.finished) return undefined;
      const end = this.text.indexOf('\n', this.at);
      if (end >= 0) {
        const line = this.text.slice(this.at, end > this.at && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
        this.at = end + 1;
        this.count++;
        return line;
      }
      // Blocks end after a newline, except the last: what is left of it is the last line.
      if (this.at < this.text.length) {
        this.finished = true;
        this.count++;
        return this.text.slice(this.at);
      }
      if (this.pos < this.bytes.length) {
        this.text = this.block();
        this.at = 0;
        continue;
      }
      // The text ended with a newline (or was empty): one last, empty line, as split() gives.
      this.finished = true;
      this.count++;
      return '';
    }
  }

  /** Decodes the next block, up to and including a newline (a newline byte is never inside a UTF-8 sequence). */
  private block(): string {
    const { bytes, pos } = this;
    let cut = bytes.length;
    if (pos + ByteLineReader.BLOCK < bytes.length) {
      const last = bytes.lastIndexOf(10, pos + ByteLineReader.BLOCK - 1);
      const next = last >= pos ? last : bytes.indexOf(10, pos + ByteLineReader.BLOCK);
      if (next >= 0) cut = next + 1;
    }
    this.pos = cut;
    return bytes.toString('utf8', pos, cut);
  }
}

function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * sha256 (hex) of the text the bytes decode to, byte order mark dropped: the same digest as of the
 * decoded string, without decoding it when the bytes are valid UTF-8 (they are then that text's UTF-8).
 */
export function textDigest(bytes: Buffer): string {
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  return createHash('sha256')
    .update(isUtf8(body) ? body : body.toString('utf8'))
    .digest('hex');
}
