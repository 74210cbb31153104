// HGNC's records and look-up maps as packed bytes (src/reference/cache/packed.ts): a packed map must answer every
// key as the map it was made from, refuse every key it does not hold (prefixes, neighbours in either sort order, broken
// UTF-16), iterate in the same order and hand out the same record objects every time.

import { describe, expect, it } from 'vitest';
import type { HgncRecord } from '../../../../src/reference/hgnc.js';
import { ListMap } from '../../../../src/reference/listMap.js';
import {
  lazyJson,
  lazyRecordList,
  LineBatch,
  PackedMap,
  PackedRecords,
  Packer,
  packJson,
  packMap,
  packRecords,
  recordDecoder,
  recordValue,
  UnknownShape,
} from '../../../../src/reference/cache/packed.js';

function record(id: string, symbol: string, extra: Partial<HgncRecord> = {}): HgncRecord {
  return {
    id,
    symbol,
    name: `${symbol} name`,
    locusGroup: 'protein-coding gene',
    locusType: 'gene with protein product',
    prevSymbols: [],
    aliasSymbols: [],
    prevNames: [],
    aliasNames: [],
    geneGroups: [],
    uniprot: [],
    ...extra,
  };
}

const RECORDS: HgncRecord[] = [
  record('5', 'A1BG', { ensembl: 'ENSG00000121410', entrez: '1', uniprot: ['P04217'], geneGroups: ['594', '1234'] }),
  record('1403', 'CACNB3', { prevSymbols: ['CACNLB3'], aliasNames: ['calcium channel, β3'], entrez: '784' }),
  record('29027', 'A1BG-AS1', { locusGroup: 'non-coding RNA', aliasSymbols: ['NCRNA00181', 'A1BGAS', 'A1BG-AS'] }),
  record('7', 'A2M', { name: '', ensembl: 'ENSG00000175899', prevNames: ['α-2-macroglobulin', 'A2M'] }),
];

// Keys with characters past ASCII, past U+FFFF (a surrogate pair) and the empty key: a look-up hashes UTF-16 code
// units and compares the key decoded from UTF-8.
const KEYS: [string, number | number[]][] = [
  ['CACNB3', 1],
  ['A1BG', 0],
  ['Ａ1BG', [0, 2]],
  ['😀 smile', [3]],
  ['A1BG-AS1', 2],
  ['', 3],
  ['é', [1, 3, 0]],
  ['A', []],
];

function pack(map: Map<string, unknown>) {
  const packer = new Packer();
  const starts = packRecords(packer, RECORDS);
  const place = packMap(
    packer,
    map,
    recordValue((r) => RECORDS.indexOf(r)),
  );
  const data = packer.bytes();
  const records = new PackedRecords(data, starts, RECORDS.length);
  return { map: new PackedMap(data, place, recordDecoder(records)), records };
}

function listMap(): ListMap<HgncRecord> {
  const m = new ListMap<HgncRecord>();
  for (const [key, at] of KEYS) {
    if (typeof at === 'number') m.add(key, RECORDS[at]!);
    else
      m.set(
        key,
        at.map((i) => RECORDS[i]!),
      );
  }
  return m;
}

function plainMap(): Map<string, unknown> {
  return new Map(KEYS.map(([key, at]) => [key, typeof at === 'number' ? RECORDS[at]! : at.map((i) => RECORDS[i]!)]));
}

const ABSENT = [
  'A1B',
  'A1BGX',
  'CACNB',
  'CACNB30',
  'cacnb3',
  'Z',
  '\uFFFF',
  '😀',
  'A1BG\t',
  'B',
  ' ',
  '\uD83D',
  '\uDE00',
];

describe('packed HGNC records and maps', () => {
  it('make each record from its line once, equal to the one packed', () => {
    const { records } = pack(new Map());
    RECORDS.forEach((r, i) => expect(records.record(i)).toEqual(r));
    expect(records.record(1)).toBe(records.record(1));
    expect(records.all()).toEqual(RECORDS);
    expect(records.all()[2]).toBe(records.record(2));
    expect(records.record(0).geneGroups).toEqual(['594', '1234']);
    expect(records.record(3).ensembl).toBe('ENSG00000175899');
    expect('entrez' in records.record(3)).toBe(false);
    expect(() => records.record(4)).toThrow(UnknownShape);
    expect(() => records.record(-1)).toThrow(UnknownShape);
  });

  it('refuse to pack a cell the line format cannot hold', () => {
    expect(() => packRecords(new Packer(), [record('1', 'A\tB')])).toThrow(UnknownShape);
    expect(() => packRecords(new Packer(), [record('1', 'A', { aliasSymbols: ['X|Y'] })])).toThrow(UnknownShape);
    const json = (v: unknown) => JSON.stringify(v);
    expect(() => packMap(new Packer(), new Map([['a\nb', RECORDS[0]]]), json)).toThrow(UnknownShape);
    expect(() => packMap(new Packer(), new Map([['a\tb', RECORDS[0]]]), json)).toThrow(UnknownShape);
    expect(() => packMap(new Packer(), new Map([['\uD83D', RECORDS[0]]]), json)).toThrow(UnknownShape);
    expect(() => packMap(new Packer(), new Map([['a', 'x']]), () => 'two\nlines')).toThrow(UnknownShape);
  });

  for (const [kind, make] of [
    ['a ListMap', listMap],
    ['a Map', plainMap],
  ] as const) {
    it(`answer every key of ${kind} as it does, before anything iterates them`, () => {
      const original = make();
      const { map, records } = pack(original);
      const asRecords = (v: unknown): unknown =>
        Array.isArray(v) ? v.map((r) => records.record(RECORDS.indexOf(r as HgncRecord))) : v;
      for (const [key] of KEYS) {
        expect(map.has(key)).toBe(true);
        const got = map.get(key);
        const want = original.get(key);
        if (Array.isArray(want)) expect(got).toEqual(asRecords(want));
        else expect(got).toBe(records.record(RECORDS.indexOf(want as HgncRecord)));
        // The same records (identity), and the same list when the map stores one.
        expect(map.get(key)).toEqual(got);
        if (Array.isArray(original.get(key)) && original.get(key) === original.get(key)) expect(map.get(key)).toBe(got);
      }
      for (const key of ABSENT) {
        expect(map.has(key)).toBe(false);
        expect(map.get(key)).toBeUndefined();
      }
      expect(map).toBeInstanceOf(Map);
      expect(map.size).toBe(original.size);
    });

    it(`iterate as ${kind} does, in its order`, () => {
      const original = make();
      const { map } = pack(original);
      const shape = (m: Map<string, unknown>) =>
        [...m].map(([k, v]) => [k, Array.isArray(v) ? v.map((r: HgncRecord) => r.id) : (v as HgncRecord).id]);
      expect(shape(map)).toEqual(shape(original));
      expect([...map.keys()]).toEqual([...original.keys()]);
      const seen: string[] = [];
      map.forEach((_, key) => seen.push(key));
      expect(seen).toEqual(KEYS.map(([k]) => k));
    });
  }

  it('hand out a ListMap lone value as a fresh list, as ListMap does', () => {
    const { map } = pack(listMap());
    const a = map.get('CACNB3') as HgncRecord[];
    const b = map.get('CACNB3') as HgncRecord[];
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a[0]).toBe(b[0]);
  });

  it('cannot be changed', () => {
    const { map } = pack(listMap());
    expect(() => map.set('X', [])).toThrow(TypeError);
    expect(() => map.delete('A1BG')).toThrow(TypeError);
    expect(() => map.clear()).toThrow(TypeError);
    expect(map.get('A1BG')).toEqual([RECORDS[0]]);
  });

  it('keep only the values looked up, however many look-ups a run makes', () => {
    const { map, records } = pack(listMap());
    expect(map.decodedCount).toBe(0);
    const before = map.get('é') as HgncRecord[];
    // Many times the 20,000 look-ups after which a map used to decode every entry.
    for (let i = 0; i < 50_000; i++) expect(map.has(`missing ${i}`)).toBe(false);
    for (let i = 0; i < 1_000; i++) expect(map.get('A1BG-AS1')).toEqual([records.record(2)]);
    expect(map.decodedCount).toBe(2);
    expect(map.get('é')).toBe(before);
    for (const key of ABSENT) expect(map.get(key)).toBeUndefined();
    expect(map.decodedCount).toBe(2);
    // Iterating decodes every entry, keeping the values already handed out.
    expect([...map.keys()].length).toBe(map.size);
    expect(map.decodedCount).toBe(map.size);
    expect(map.get('é')).toBe(before);
  });

  it('give a record list whose items are made when read', () => {
    const { records } = pack(new Map());
    const list = lazyRecordList([3, 0, 3], records);
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(3);
    expect(list[0]).toBe(records.record(3));
    expect(list[2]).toBe(list[0]);
    expect(list.map((r) => r.id)).toEqual(['7', '5', '7']);
    expect(list.includes(records.record(0))).toBe(true);
    expect(list[3]).toBeUndefined();
    expect(() => {
      list[0] = RECORDS[0]!;
    }).toThrow(TypeError);
  });

  it('refuse places outside the bytes', () => {
    const { records } = pack(new Map());
    const data = Buffer.alloc(64);
    const decode = recordDecoder(records);
    const place = { list: true, start: 0, end: 0, index: 0, slots: 16, count: 0 };
    expect(() => new PackedMap(data, place, decode)).not.toThrow();
    for (const wrong of [
      { end: 65 },
      { index: 4 }, // its table runs past the end
      { index: 2 }, // not aligned
      { slots: 12.5 }, // not a number of slots
      { count: 16 }, // no free slot: a probe would not end
    ])
      expect(() => new PackedMap(data, { ...place, ...wrong }, decode)).toThrow(UnknownShape);
    expect(() => new PackedRecords(data, 0, 16)).toThrow(UnknownShape); // 17 line starts: 68 bytes
  });

  it('pack any JSON value: terms by id and label tiers answer as their maps, each value decoded once', () => {
    const terms = new Map<string, unknown>([
      ['DOID:4', { id: 'DOID:4', name: 'disease', parents: [] }],
      ['DOID:1\u00e9', { id: 'DOID:1é', name: 'tab\there, line\nthere', parents: ['DOID:4'] }],
    ]);
    const tier = new ListMap<string>();
    tier.add('disease', 'DOID:4');
    tier.add('disease of anatomical entity', 'DOID:7');
    tier.add('disease of anatomical entity', 'DOID:8');
    const packer = new Packer();
    const termPlace = packMap(packer, terms, (v) => JSON.stringify(v));
    const tierPlace = packMap(packer, tier, (v) => JSON.stringify(v));
    const phrases = packJson(packer, [{ text: 'disease', id: 'DOID:4' }]);
    const data = packer.bytes();
    let decoded = 0;
    const parse = (text: string): unknown => (decoded++, JSON.parse(text));
    const packedTerms = new PackedMap(data, termPlace, parse);
    const packedTier = new PackedMap(data, tierPlace, parse);
    expect(packedTerms.get('DOID:1é')).toEqual(terms.get('DOID:1é'));
    expect(packedTerms.get('DOID:1é')).toBe(packedTerms.get('DOID:1é'));
    expect(packedTerms.get('DOID:1')).toBeUndefined();
    expect([...packedTerms.keys()]).toEqual(['DOID:4', 'DOID:1é']);
    expect(decoded).toBe(2);
    expect(packedTier.get('disease')).toEqual(['DOID:4']);
    expect(packedTier.get('disease of anatomical entity')).toEqual(['DOID:7', 'DOID:8']);
    expect(packedTier.get('disease of')).toBeUndefined();
    expect(packedTier).toBeInstanceOf(Map);

    const index: { phrases?: unknown } = {};
    lazyJson(index, 'phrases', data, phrases);
    expect(Object.keys(index)).toEqual(['phrases']);
    const first = index.phrases;
    expect(first).toEqual([{ text: 'disease', id: 'DOID:4' }]);
    expect(index.phrases).toBe(first);
    expect(() => lazyJson({}, 'x', data, { start: 0, end: data.length + 1 })).toThrow(UnknownShape);
  });

  it('find each of thousands of keys past the collisions of their hashes, and no other', () => {
    const map = new Map<string, unknown>();
    for (let i = 0; i < 5000; i++) map.set(`K${i}é`, RECORDS[i % RECORDS.length]);
    const { map: packed, records } = pack(map);
    for (let i = 0; i < 5000; i++) expect(packed.get(`K${i}é`)).toBe(records.record(i % RECORDS.length));
    for (let i = 5000; i < 6000; i++) expect(packed.has(`K${i}é`)).toBe(false);
    expect(packed.has('K1')).toBe(false);
  });
});

describe('Packer', () => {
  it('gives each text the offset of its UTF-8 bytes, across blocks, past ASCII, between tables and for big texts', () => {
    const packer = new Packer();
    const { texts, places, tables } = fill(packer);
    const data = packer.bytes();
    expect(data.length).toBe(packer.length);
    texts.forEach((text, i) => {
      const bytes = Buffer.from(text, 'utf8');
      expect(data.subarray(places[i]!, places[i]! + bytes.length).equals(bytes)).toBe(true);
    });
    for (const [at, numbers] of tables) {
      expect(at % 4).toBe(0);
      expect(numbers.map((_, k) => data.readUInt32LE(at + 4 * k))).toEqual(numbers);
    }
    // The blocks, as written to the file, are the same bytes.
    expect(Buffer.concat(packer.chunks()).equals(data)).toBe(true);
  });

  it('hands its chunks to a sink as they are made, the same bytes at the same offsets, keeping none', () => {
    const kept = new Packer();
    const expected = fill(kept);
    const handed: Buffer[] = [];
    const blocks = new Set<ArrayBufferLike>();
    // A copy of each chunk: the packer writes over a text chunk's bytes once the sink has returned.
    const packer = new Packer((chunk) => {
      handed.push(Buffer.from(chunk));
      if (chunk.buffer.byteLength === 1 << 20) blocks.add(chunk.buffer); // a text block's
    });
    expect(fill(packer)).toEqual(expected);
    expect(packer.chunks()).toEqual([]); // seals the last block into the sink
    expect(packer.length).toBe(kept.length);
    expect(Buffer.concat(handed).equals(kept.bytes())).toBe(true);
    // One text block used again, not one per MB of text.
    expect(blocks.size).toBe(1);
    expect(handed.length).toBeGreaterThan(4);
  });

  it('writes lines in batches: the same bytes and offsets as a text per line, ASCII or not, across blocks', () => {
    const one = new Packer();
    const batched = new Packer();
    const starts: number[] = [];
    const lines = new LineBatch(batched, starts);
    const want: number[] = [];
    for (let i = 0; i < 120_000; i++) {
      // Runs of ASCII batches, then batches with a character past ASCII (2, 3 and 4 bytes) here and there.
      const line = i > 60_000 && i % 5_000 < 300 && i % 97 === 0 ? `é😀→${i}\t=${i}\n` : `KEY${i}\t:${i},${i + 1}\n`;
      want.push(one.text(line));
      lines.add(line);
      if (i === 30_000) {
        lines.flush();
        expect(starts).toEqual(want); // written so far
      }
    }
    lines.flush();
    lines.flush(); // nothing more
    expect(starts).toEqual(want);
    expect(batched.length).toBe(one.length);
    expect(batched.bytes().equals(one.bytes())).toBe(true);
  });

  it('with a sink and nothing packed, hands out nothing', () => {
    const handed: Buffer[] = [];
    const packer = new Packer((chunk) => handed.push(chunk));
    expect(packer.chunks()).toEqual([]);
    expect(packer.length).toBe(0);
    expect(handed).toEqual([]);
  });
});

/**
 * ~3 MB of lines (runs of more than 1 MB: some cross blocks; lines past ASCII shift every offset), tables, a big
 * text.
 */
function fill(packer: Packer): { texts: string[]; places: number[]; tables: [number, number[]][] } {
  const texts: string[] = [];
  const places: number[] = [];
  const tables: [number, number[]][] = [];
  for (let i = 0; i < 120_000; i++) {
    const text = i % 7 === 0 ? `é😀→${i}\t=${i}\n` : `KEY${i}\t:${i},${i + 1}\n`;
    texts.push(text);
    places.push(packer.text(text));
    if (i % 50_000 === 3) tables.push([packer.addTable([i, 7, 9]), [i, 7, 9]]);
    if (i === 100_000) {
      texts.push('x'.repeat(400_000) + '€');
      places.push(packer.text(texts.at(-1)!));
    }
  }
  return { texts, places, tables };
}
