// The parsed-reference cache (src/reference/cache/): read back only when made from exactly these inputs, whole and
// unaltered; anything else is read from the files again, a damaged cache with a REFERENCE_CACHE_INVALID line, never a
// crash and never a wrong table.

import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMappings, type Mappings } from '../../../../src/mappings.js';
import type { HgncTable } from '../../../../src/reference/hgnc.js';
import { loadReference } from '../../../../src/reference/loadReference.js';
import {
  loadReferenceCached,
  referenceCacheFile,
  writeCache,
  type CachedReference,
} from '../../../../src/reference/cache/referenceCache.js';
import { labelIndex } from '../../../../src/transform/labelIndex.js';
import { familyMembers, geneIndex } from '../../../../src/transform/participants/geneIndex.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const EXAMPLE_REFERENCE = path.join(PROJECT_ROOT, 'examples', 'reference');

describe('the parsed-reference cache', () => {
  let work: string;
  let dir: string;
  let cacheFile: string;
  let lines: string[];
  const mappings = loadMappings();

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'pkg-refcache-'));
    dir = path.join(work, 'reference');
    cpSync(EXAMPLE_REFERENCE, dir, { recursive: true });
    cacheFile = referenceCacheFile(path.join(work, 'out'));
    lines = [];
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const load = async (m: Mappings = mappings): Promise<CachedReference> => {
    const cached = await loadReferenceCached(dir, m, cacheFile, (line) => lines.push(line));
    await cached.save();
    return cached;
  };
  const warnings = () => lines.filter((l) => l.includes('REFERENCE_CACHE_INVALID'));
  const hgncFile = () => path.join(dir, 'hgnc', 'hgnc_complete_set.txt');

  it('is written by the first run and read, whole, by the next', async () => {
    expect((await load()).cache).toBe('miss');
    expect(statSync(cacheFile).size).toBeGreaterThan(0);
    lines = [];
    const second = await load();
    expect(second.cache).toBe('hit');
    expect(lines[0]).toBe(`reference: reading 2 tables from ${dir} (the others from the cache)`);
    // Facts of the example files, read back from the cache.
    const { hgnc, ontologies } = second.reference;
    expect(hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
    expect(hgnc.byId.get('232')?.symbol).toBe('ADCY1');
    expect(ontologies.PW.terms.get('PW:0000002')?.name).toBe('classic metabolic pathway');
    expect(second.reference.versions).toEqual((await loadReference(dir, mappings)).versions);
    expect(warnings()).toEqual([]);
  });

  it('gives back the tables and indexes the files give, in the same order', async () => {
    await load();
    const { reference } = await load();
    const fresh = await loadReference(dir, mappings);
    expect(plain(reference.hgnc)).toEqual(plain(fresh.hgnc));
    // The gene index's sorted lists (only a family look-up reads them) are parsed when first read, then kept.
    const cachedIndex = geneIndex(reference.hgnc);
    const lazy = (key: 'sortedKeys' | 'sortedRecords') => Object.getOwnPropertyDescriptor(cachedIndex, key)?.get;
    expect([lazy('sortedKeys'), lazy('sortedRecords')].every((get) => typeof get === 'function')).toBe(true);
    expect(familyMembers(cachedIndex, 'CACNB').map((r) => r.symbol)).toEqual(
      familyMembers(geneIndex(fresh.hgnc), 'CACNB').map((r) => r.symbol),
    );
    expect([lazy('sortedKeys'), lazy('sortedRecords')]).toEqual([undefined, undefined]);
    // The gene index was handed over with the table (the one from the files is built here, from scratch).
    expect(plain(geneIndex(reference.hgnc), reference.hgnc)).toEqual(plain(geneIndex(fresh.hgnc), fresh.hgnc));
    for (const kind of ['PW', 'DOID', 'CL'] as const) {
      expect(plain(reference.ontologies[kind])).toEqual(plain(fresh.ontologies[kind]));
      expect(plain(labelIndex(reference.ontologies[kind]))).toEqual(plain(labelIndex(fresh.ontologies[kind])));
    }
  });

  it('is not used after one byte of the HGNC table changed, whatever its stamps say', async () => {
    await load();
    const before = statSync(hgncFile());
    const text = readFileSync(hgncFile(), 'utf8');
    expect(text).toContain('\tCACNB3\t');
    writeFileSync(hgncFile(), text.replace('\tCACNB3\t', '\tCACNB4\t')); // same size
    utimesSync(hgncFile(), before.atime, before.mtime);
    const after = await load();
    expect(after.cache).toBe('miss');
    expect(after.reference.hgnc.bySymbol.get('CACNB4')?.id).toBe('1403');
    expect(after.reference.hgnc.bySymbol.has('CACNB3')).toBe(false);
    expect(warnings()).toEqual([]);
    expect((await load()).reference.hgnc.bySymbol.get('CACNB4')?.id).toBe('1403'); // the new cache
  });

  it('is not used after one byte of an ontology changed', async () => {
    await load();
    const file = path.join(dir, 'ontology', 'pathway.obo');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('name: classic metabolic pathway', 'name: classic metabolic pathwaY'),
    );
    const after = await load();
    expect(after.cache).toBe('miss');
    expect(after.reference.ontologies.PW.terms.get('PW:0000002')?.name).toBe('classic metabolic pathwaY');
  });

  it('is not used when a newer-label list appears or goes', async () => {
    await load();
    const file = path.join(dir, 'ontology', 'HumanDO.tsv');
    writeFileSync(file, 'id\tlabel\tsubClassOf\n"DOID:9452"\t"steatotic liver disease"\t"liver disease"\n');
    const added = await load();
    expect(added.cache).toBe('miss');
    expect(added.reference.ontologies.DOID.newerLabels?.entries.map((e) => e.text)).toEqual([
      'steatotic liver disease',
    ]);
    expect((await load()).cache).toBe('hit');
    rmSync(file);
    const removed = await load();
    expect(removed.cache).toBe('miss');
    expect(removed.reference.ontologies.DOID.newerLabels).toBeUndefined();
  });

  it('is not used with another mapping version, nor from another reference folder', async () => {
    await load();
    expect((await load({ ...mappings, version: 'another' })).cache).toBe('miss');
    const moved = path.join(work, 'moved');
    cpSync(dir, moved, { recursive: true });
    const other = await loadReferenceCached(moved, mappings, cacheFile);
    expect(other.cache).toBe('miss');
    expect(other.reference.hgnc.file).toBe(path.join(moved, 'hgnc', 'hgnc_complete_set.txt'));
  });

  // A cache cut short (a full disk, a copy interrupted) or altered is never read: the tables come from the files.
  const damaged: [string, (bytes: Buffer) => Buffer][] = [
    ['cut in half', (b) => b.subarray(0, b.length >> 1)],
    ['cut before its last line', (b) => b.subarray(0, b.lastIndexOf(10, b.length - 2) + 1)],
    ['cut by one byte', (b) => b.subarray(0, b.length - 1)],
    ['empty', () => Buffer.alloc(0)],
    ['not JSON', () => Buffer.from('\x00\x01garbage\n')],
    // Still valid JSON of the right length: only the section's hash tells.
    ['a symbol changed inside', (b) => Buffer.from(b.toString('latin1').replace('"CACNB3"', '"CACNB9"'), 'latin1')],
    // The same in the packed HGNC records (bytes, not JSON): read lazily, but checked whole before use.
    ['a record changed inside', (b) => Buffer.from(b.toString('latin1').replace('\tCACNB3\t', '\tCACNB9\t'), 'latin1')],
  ];
  for (const [what, damage] of damaged) {
    it(`is read from the files again, with a warning, when ${what}`, async () => {
      await load();
      writeFileSync(cacheFile, damage(readFileSync(cacheFile)));
      const again = await load();
      expect(again.cache).toBe('invalid');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatch(/^reference: REFERENCE_CACHE_INVALID: The parsed-reference cache .*: not used;/);
      expect(warnings()[0]).toContain(cacheFile);
      expect(again.reference.hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
      expect(again.reference.hgnc.bySymbol.has('CACNB9')).toBe(false);
      // ... and written again, whole.
      expect((await load()).cache).toBe('hit');
    });
  }

  it('a cache of another format is replaced without a warning', async () => {
    await load();
    const bytes = readFileSync(cacheFile, 'utf8');
    const last = bytes.lastIndexOf('\n', bytes.length - 2) + 1;
    const trailer = JSON.parse(bytes.slice(last)) as { format: number };
    writeFileSync(cacheFile, bytes.slice(0, last) + JSON.stringify({ ...trailer, format: trailer.format + 1 }) + '\n');
    expect((await load()).cache).toBe('miss');
    expect(warnings()).toEqual([]);
  });

  it('a table the cache cannot store leaves no file, of the cache or of its packed bytes', async () => {
    const reference = await loadReference(dir, mappings);
    const record = reference.hgnc.records.at(-1)!;
    record.name = 'a name\twith a tab'; // the last record's line: the others' already written
    const out = path.dirname(cacheFile);
    mkdirSync(out, { recursive: true });
    await expect(writeCache(cacheFile, 'key', reference)).rejects.toThrow(/tab/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a cache that cannot be read or written costs the run nothing', async () => {
    mkdirSync(cacheFile, { recursive: true }); // a folder where the file goes: EISDIR on reading, on renaming
    const first = await load();
    expect(first.cache).toBe('invalid');
    expect(first.reference.hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
    expect(lines.some((l) => l.startsWith(`reference: the cache ${cacheFile} could not be written`))).toBe(true);
    expect(readdirSync(path.dirname(cacheFile))).toEqual([path.basename(cacheFile)]); // nor its packed bytes' file
    rmSync(cacheFile, { recursive: true });
    appendFileSync(cacheFile, '');
    expect((await load()).cache).toBe('invalid'); // empty: said, and replaced
    expect((await load()).cache).toBe('hit');
  });
});

/**
 * A value as plain data for comparison: Maps as their entries in their own order, as they hand them out (a ListMap's
 * lone value as a list; HGNC's maps read from the cache store theirs as bytes), then what `get` and `has` give for
 * each key; records of `table` by their id.
 */
function plain(value: unknown, table?: HgncTable, depth = 0): unknown {
  if (table !== undefined && value === table) return '<table>';
  if (value instanceof Map) {
    const map = value as Map<unknown, unknown>;
    return {
      size: map.size,
      entries: [...map.entries()].map(([k, v]) => [k, plain(v, table, depth + 1)]),
      looked: [...map.keys()].map((k) => [map.has(k), plain(map.get(k), table, depth + 1)]),
    };
  }
  if (Array.isArray(value)) return value.map((v) => plain(v, table, depth + 1));
  if (typeof value === 'object' && value !== null) {
    if (depth > 0 && table !== undefined && 'symbol' in value && 'id' in value) return `record ${String(value.id)}`;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, table, depth + 1)]));
  }
  return value;
}
