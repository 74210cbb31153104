// The parsed reference's big look-up maps kept as bytes, decoded where a run looks: HGNC's records and the maps over
// them (the table's and the gene index's), the ontologies' terms and label tiers. A run that converts one page looks
// up a few hundred keys: building the ~660,000 entries of these maps and the 44,000 records cost it more than half a
// second of CPU and as much garbage collection. Here a look-up is a probe of a hash table of the entries' places; a
// value is decoded the first time it is asked for, and the same object is handed out after (records are compared by
// identity).
//
// The bytes: HGNC's records, one line each (`cell\tcell…\n`, a list's values joined by `|`), then the line starts
// as 32-bit little-endian numbers; a map, its entries in the map's own order (`key\tvalue\n`; a record value is
// `=pos` when stored bare, `:pos,pos` for a list; any other value is its JSON), then its hash table: 1.5 slots per
// entry, 32-bit numbers, an entry's start + 1 in the slot of its key's hash (keyHash) or the next free one, 0 for
// none. Iterating a map reads its entries in their stored order: it gives what the map it was made from gives.

import { withIds, type HgncRecord } from '../hgnc.js';
import { ListMap } from '../listMap.js';
import { none } from '../strings.js';

/** Thrown for a shape this codec does not know (a field added to an index): the cache is then not written. */
export class UnknownShape extends Error {}

/** The records' fields, in the order of a record's line. */
export const COLUMNS = [
  'id',
  'symbol',
  'name',
  'locusGroup',
  'locusType',
  'prevSymbols',
  'aliasSymbols',
  'prevNames',
  'aliasNames',
  'geneGroups',
  'ensembl',
  'entrez',
  'uniprot',
] as const;

/** Where a map's bytes are in the block: its entries [start, end), then its hash table of `slots` slots at `index`. */
export interface PackedMapPlace {
  /** A ListMap (a lone value handed out as a fresh one-element list), else a plain Map. */
  list: boolean;
  start: number;
  end: number;
  index: number;
  slots: number;
  count: number;
}

/** Bytes of text gathered in blocks of this size: one write per string into a block, no string joined or copied. */
const BLOCK = 1 << 20;

/**
 * Appends text and byte blocks, each at an offset the caller keeps; 32-bit tables are aligned to 4 bytes. Text is
 * encoded straight into blocks of BLOCK bytes (the ~700,000 lines of the full reference: joining them into strings
 * and encoding those, then finding each line's start again, took three times as long).
 */
export class Packer {
  readonly #chunks: Buffer[] = [];
  /** Bytes in #chunks (or handed to #sink). */
  #length = 0;
  #block = Buffer.alloc(0);
  #used = 0;
  readonly #sink: ((chunk: Buffer) => void) | undefined;

  /**
   * `sink`: given each chunk as it is complete, in order, instead of keeping it (chunks() then gives none); it must
   * be done with the chunk when it returns (a text chunk's bytes are then written over). The text block is then one
   * block, used again: the bytes of the full reference (38 MB) are never held at once.
   */
  constructor(sink?: (chunk: Buffer) => void) {
    this.#sink = sink;
  }

  /** Bytes appended so far: the offset of the next. */
  get length(): number {
    return this.#length + this.#used;
  }

  /** Appends `text` as UTF-8; gives its offset. */
  text(text: string): number {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a pair, 2 units, is 4).
    const most = 3 * text.length;
    if (most > BLOCK) return this.add(Buffer.from(text, 'utf8'));
    const at = this.length;
    if (this.#block.length - this.#used < most) {
      this.#seal();
      if (this.#block.length - this.#used < most) this.#block = Buffer.allocUnsafe(BLOCK);
    }
    this.#used += this.#block.write(text, this.#used, 'utf8');
    return at;
  }

  add(bytes: Buffer): number {
    this.#seal();
    const at = this.#length;
    this.#keep(bytes);
    return at;
  }

  addTable(numbers: ArrayLike<number>): number {
    const pad = (4 - (this.length % 4)) % 4;
    if (pad > 0) this.add(Buffer.alloc(pad));
    const table = Buffer.allocUnsafe(4 * numbers.length);
    for (let i = 0; i < numbers.length; i++) table.writeUInt32LE(numbers[i]!, 4 * i);
    return this.add(table);
  }

  /** The blocks in order, not copied into one (36 MB for the full reference). */
  chunks(): Buffer[] {
    this.#seal();
    return this.#chunks;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks(), this.#length);
  }

  /** The text block's bytes so far become a chunk; the next text goes to a new block. */
  #seal(): void {
    if (this.#used === 0) return;
    this.#keep(this.#block.subarray(0, this.#used));
    // Handed to the sink: the block's bytes may be written again.
    if (this.#sink === undefined) this.#block = this.#block.subarray(this.#used);
    this.#used = 0;
  }

  #keep(chunk: Buffer): void {
    if (this.#sink === undefined) this.#chunks.push(chunk);
    else this.#sink(chunk);
    this.#length += chunk.length;
  }
}

/** Characters of lines gathered before they are written (LineBatch). */
const BATCH = 16 * 1024;

/**
 * Lines appended to a Packer as one text per BATCH characters, each line's offset pushed to `starts` as they are
 * written: a write per line took ~40% longer over the ~700,000 lines of the full reference. The bytes are the same
 * (a line is whole UTF-8: no surrogate is split between two).
 */
export class LineBatch {
  #text = '';
  #lines: string[] = [];
  readonly #packer: Packer;
  readonly #starts: number[];

  constructor(packer: Packer, starts: number[]) {
    this.#packer = packer;
    this.#starts = starts;
  }

  add(line: string): void {
    this.#lines.push(line);
    this.#text += line;
    if (this.#text.length >= BATCH) this.flush();
  }

  /** Writes the lines gathered; to be called after the last. */
  flush(): void {
    if (this.#lines.length === 0) return;
    let at = this.#packer.text(this.#text);
    // As many bytes as characters: ASCII only, each line as long in both.
    const ascii = this.#packer.length - at === this.#text.length;
    for (const line of this.#lines) {
      this.#starts.push(at);
      at += ascii ? line.length : Buffer.byteLength(line, 'utf8');
    }
    this.#text = '';
    this.#lines = [];
  }
}

/** The records as lines; gives the offset of their starts' table. */
export function packRecords(packer: Packer, records: HgncRecord[]): number {
  const starts: number[] = [];
  const lines = new LineBatch(packer, starts);
  records.forEach((r) => {
    const line = COLUMNS.map((column) => {
      const value = r[column];
      const cell = Array.isArray(value) ? value.map((v) => listValue(v, column)).join('|') : (value ?? '');
      if (/[\t\n]/.test(cell)) throw new UnknownShape(`an HGNC ${column} holds a tab or a line break`);
      return cell;
    }).join('\t');
    lines.add(`${line}\n`);
  });
  lines.flush();
  starts.push(packer.length);
  return packer.addTable(starts);
}

function listValue(value: string, column: string): string {
  if (value === '' || value.includes('|')) throw new UnknownShape(`an HGNC ${column} value is empty or holds a |`);
  return value;
}

/**
 * A map's entries as stored (past ListMap's iteration, which would hand out a list for a lone value); `value` gives
 * the text of a stored value (bare or a list), which must hold no line break.
 */
export function packMap(packer: Packer, map: Map<string, unknown>, value: (stored: unknown) => string): PackedMapPlace {
  const hashes: number[] = [];
  const starts: number[] = [];
  const lines = new LineBatch(packer, starts);
  const start = packer.length;
  for (const [key, stored] of Map.prototype.entries.call(map) as MapIterator<[string, unknown]>) {
    // One test for the plain keys (nearly all); the others are looked at closely.
    if (/[\t\n\uD800-\uDFFF]/.test(key) && (/[\t\n]/.test(key) || hasLoneSurrogate(key)))
      throw new UnknownShape('a look-up key the cache cannot store');
    const text = value(stored);
    if (text.includes('\n')) throw new UnknownShape('a look-up value the cache cannot store');
    hashes.push(keyHash(key));
    lines.add(`${key}\t${text}\n`);
  }
  lines.flush();
  const end = packer.length;
  // Two thirds full at most: a miss probes ~5 slots on average, and the tables take 4 MB for the full reference.
  const slots = Math.max(16, Math.ceil(hashes.length * 1.5));
  const table = new Uint32Array(slots);
  hashes.forEach((hash, i) => {
    let slot = hash % slots;
    while (table[slot] !== 0) slot = (slot + 1) % slots;
    table[slot] = starts[i]! + 1;
  });
  const index = packer.addTable(table);
  return { list: map instanceof ListMap, start, end, index, slots, count: hashes.length };
}

/** FNV-1a over the key's UTF-16 code units: what a look-up computes without encoding the key. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The text of a value that is a record (`=pos`) or a list of them (`:pos,pos`), `at` giving a record's position. */
export function recordValue(at: (record: HgncRecord) => number): (stored: unknown) => string {
  return (stored) =>
    Array.isArray(stored) ? `:${(stored as HgncRecord[]).map(at).join(',')}` : `=${at(stored as HgncRecord)}`;
}

/** Reads back what recordValue wrote. */
export function recordDecoder(records: PackedRecords): (text: string) => unknown {
  const positions = (s: string): number[] => (s === '' ? [] : s.split(',').map(Number));
  return (text) => {
    if (text.startsWith('=')) return records.record(Number(text.slice(1)));
    if (text.startsWith(':')) return positions(text.slice(1)).map((i) => records.record(i));
    throw new UnknownShape('a look-up value of unknown kind');
  };
}

/** Where a block of bytes (a JSON text read when first needed) is in the packed bytes. */
export interface BlobPlace {
  start: number;
  end: number;
}

export function packJson(packer: Packer, value: unknown): BlobPlace {
  const start = packer.text(JSON.stringify(value));
  return { start, end: packer.length };
}

/**
 * Defines `object[key]` as the JSON at `place`, parsed (and given to `make`) when first read, then an ordinary
 * property.
 */
export function lazyJson(
  object: object,
  key: string,
  data: Buffer,
  place: BlobPlace,
  make: (parsed: unknown) => unknown = (parsed) => parsed,
): void {
  if (!(place.start <= place.end && place.end <= data.length)) throw new UnknownShape(`${key} outside the cache`);
  Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value: unknown = make(JSON.parse(data.toString('utf8', place.start, place.end)));
      Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

/** Records made from their lines when first asked for, once each. */
export class PackedRecords {
  readonly count: number;
  readonly #data: Buffer;
  readonly #starts: number;
  readonly #made: (HgncRecord | undefined)[];
  readonly #intern = interner();

  constructor(data: Buffer, starts: number, count: number) {
    if (starts % 4 !== 0 || starts + 4 * (count + 1) > data.length) throw new UnknownShape('HGNC records missing');
    this.#data = data;
    this.#starts = starts;
    this.count = count;
    this.#made = new Array<HgncRecord | undefined>(count);
  }

  record(i: number): HgncRecord {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new UnknownShape(`record ${i} is not in the table`);
    return (this.#made[i] ??= this.#decode(i));
  }

  /** Every record, in table order. */
  all(): HgncRecord[] {
    return Array.from({ length: this.count }, (_, i) => this.record(i));
  }

  /** As the parser makes them: the shared empty list for an empty one, shared strings for the few repeated values. */
  #decode(i: number): HgncRecord {
    const start = this.#data.readUInt32LE(this.#starts + 4 * i);
    const end = this.#data.readUInt32LE(this.#starts + 4 * (i + 1)) - 1;
    if (end < start || end >= this.#data.length || this.#data[end] !== 10)
      throw new UnknownShape(`record ${i} is not a line`);
    const cells = this.#data.toString('utf8', start, end).split('\t');
    if (cells.length !== COLUMNS.length) throw new UnknownShape(`record ${i} has ${cells.length} cells`);
    const [id, symbol, name, group, type, prev, alias, prevNames, aliasNames, geneGroups, ensembl, entrez, uniprot] =
      cells as [string, string, string, string, string, string, string, string, string, string, string, string, string];
    const list = (cell: string): string[] => (cell === '' ? none() : cell.split('|'));
    const intern = this.#intern;
    const fields: HgncRecord = {
      id,
      symbol,
      name,
      locusGroup: intern(group),
      locusType: intern(type),
      prevSymbols: list(prev),
      aliasSymbols: list(alias),
      prevNames: list(prevNames),
      aliasNames: list(aliasNames),
      geneGroups: geneGroups === '' ? none() : geneGroups.split('|').map(intern),
      uniprot: list(uniprot),
    };
    return withIds(fields, ensembl, entrez);
  }
}

/**
 * A read-only Map (a ListMap when the map it was made from was one) over packed entries. `get` and `has` search the
 * entries; iterating, `size` and `forEach` give the entries in their stored order, values as the map gave them. It
 * cannot be changed: set, delete and clear throw.
 */
export class PackedMap extends Map<string, unknown> {
  readonly #data: Buffer;
  readonly #place: PackedMapPlace;
  readonly #decode: (text: string) => unknown;
  /**
   * Values decoded so far, as stored (a lone record bare): a key asked for twice gets the same list. Only the keys
   * looked up (or every key, once the map is iterated): a look-up never decodes the whole map. Decoding every entry
   * after 20,000 look-ups (so that a Map would answer the rest) held ~35 MB more for a whole 2022 run from a warm
   * cache (peak RSS 303-309 MB against 268-273 MB) and saved no CPU (the look-ups' share of the main thread ~1.0 s
   * either way; 3 alternating runs, load 6-8): the pages look up a small part of the keys, and a key found is not
   * searched again.
   */
  readonly #decoded = new Map<string, unknown>();

  /** `decode` makes a stored value (bare or a list) from its text. */
  constructor(data: Buffer, place: PackedMapPlace, decode: (text: string) => unknown) {
    super();
    const { start, end, index, slots, count } = place;
    const fits = start <= end && end <= data.length && index % 4 === 0 && index + 4 * slots <= data.length;
    // A free slot at least: a probe always ends.
    if (!fits || !Number.isInteger(slots) || count >= slots) throw new UnknownShape('a look-up map outside the cache');
    this.#data = data;
    this.#place = place;
    this.#decode = decode;
    // Map's size is an accessor on its prototype; this one counts the packed entries.
    Object.defineProperty(this, 'size', { get: () => count });
  }

  override get(key: string): unknown {
    const stored = this.#stored(key);
    return stored === undefined ? undefined : this.#handOut(stored);
  }

  override has(key: string): boolean {
    return this.#stored(key) !== undefined;
  }

  override *entries(): MapIterator<[string, unknown]> {
    const { start, end } = this.#place;
    for (let at = start; at < end;) {
      const tab = this.#data.indexOf(9, at);
      const stop = this.#data.indexOf(10, tab);
      if (tab < 0 || stop < 0 || stop >= end) throw new UnknownShape('a look-up entry cut short');
      const key = this.#data.toString('utf8', at, tab);
      let stored = this.#decoded.get(key);
      if (stored === undefined) {
        stored = this.#value(tab + 1, stop);
        this.#decoded.set(key, stored);
      }
      yield [key, this.#handOut(stored)];
      at = stop + 1;
    }
  }

  override *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<unknown> {
    for (const [, value] of this.entries()) yield value;
  }

  override forEach(
    callback: (value: unknown, key: string, map: Map<string, unknown>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  override set(): this {
    throw new TypeError('a look-up map read from the reference cache cannot be changed');
  }

  override delete(): boolean {
    throw new TypeError('a look-up map read from the reference cache cannot be changed');
  }

  override clear(): void {
    throw new TypeError('a look-up map read from the reference cache cannot be changed');
  }

  /** A lone value of a ListMap as a fresh list, as ListMap hands it out; anything else as stored. */
  #handOut(stored: unknown): unknown {
    return this.#place.list && !Array.isArray(stored) ? [stored] : stored;
  }

  /** How many values have been decoded (and are kept) so far. */
  get decodedCount(): number {
    return this.#decoded.size;
  }

  #stored(key: string): unknown {
    const known = this.#decoded.get(key);
    if (known !== undefined) return known;
    const at = this.#find(key);
    if (at < 0) return undefined;
    const tab = this.#data.indexOf(9, at);
    const stored = this.#value(tab + 1, this.#data.indexOf(10, tab));
    this.#decoded.set(key, stored);
    return stored;
  }

  /** The start of the key's entry, -1 when it has none. */
  #find(key: string): number {
    const data = this.#data;
    const { index, slots } = this.#place;
    // A stored key is decoded from its bytes: one with half a surrogate pair (no UTF-8 decodes to it) is never equal.
    for (let slot = keyHash(key) % slots, probes = 0; probes < slots; slot = (slot + 1) % slots, probes++) {
      const stored = data.readUInt32LE(index + 4 * slot);
      if (stored === 0) return -1;
      const at = stored - 1;
      const tab = data.indexOf(9, at);
      if (tab < 0) throw new UnknownShape('a look-up entry cut short');
      if (data.toString('utf8', at, tab) === key) return at;
    }
    return -1;
  }

  /** The value written in [from, to). */
  #value(from: number, to: number): unknown {
    return this.#decode(this.#data.toString('utf8', from, to));
  }
}

/**
 * An array of records at `positions` (their places in the table), each made when read: for the gene index's sorted
 * records, of which a family look-up reads a few.
 */
export function lazyRecordList(positions: number[], records: PackedRecords): HgncRecord[] {
  const made = new Array<HgncRecord>(positions.length);
  const indexOf = (property: string | symbol): number | undefined => {
    if (typeof property !== 'string' || !/^(?:0|[1-9][0-9]*)$/.test(property)) return undefined;
    const i = Number(property);
    return i < positions.length ? i : undefined;
  };
  return new Proxy(made, {
    get(target, property, receiver) {
      const i = indexOf(property);
      if (i === undefined) return Reflect.get(target, property, receiver) as unknown;
      return (target[i] ??= records.record(positions[i]!));
    },
    has(target, property) {
      return indexOf(property) !== undefined || Reflect.has(target, property);
    },
    set() {
      throw new TypeError('a record list read from the reference cache cannot be changed');
    },
  });
}

/** True when `s` holds half of a surrogate pair without the other half (a string no UTF-8 text decodes to). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function interner(): (s: string) => string {
  const shared = new Map<string, string>();
  return (s) => {
    const known = shared.get(s);
    if (known !== undefined) return known;
    shared.set(s, s);
    return s;
  };
}
