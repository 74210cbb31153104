// A pool worker's tables (src/transform/poolReference.ts): read from the run's parsed-reference cache when it holds
// these tables, parsed from the files otherwise (no cache yet, one from other tables, a damaged one), and the same
// tables either way; the worker never writes the cache.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { PackedMap } from '../../../src/reference/cache/packed.js';
import { loadReferenceCached, referenceCacheFile } from '../../../src/reference/cache/referenceCache.js';
import { poolReference } from '../../../src/transform/poolReference.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { DEFAULT_LIMITS } from '../../../src/limits.js';

describe("a pool worker's reference tables", () => {
  const mappings = loadMappings();
  let work: string;
  let dir: string;
  let cacheFile: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'pkg-poolref-'));
    dir = path.join(work, 'reference');
    cpSync(path.join(PROJECT_ROOT, 'examples', 'reference'), dir, { recursive: true });
    cacheFile = referenceCacheFile(path.join(work, 'out'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const init = () => ({ reference: dir, referenceCache: cacheFile, limits: { ...DEFAULT_LIMITS } });

  it('are read from the cache when it holds these tables', async () => {
    await (await loadReferenceCached(dir, mappings, cacheFile)).save();
    const reference = await poolReference(init(), mappings);
    // Packed maps: what the cache gives back (the files give Maps built from the rows).
    expect(reference.hgnc.bySymbol).toBeInstanceOf(PackedMap);
    expect(reference.hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
  });

  it('are parsed from the files, and no cache written, when there is none, it is damaged or not asked for', async () => {
    const parsed = await poolReference(init(), mappings);
    expect(parsed.hgnc.bySymbol).not.toBeInstanceOf(PackedMap);
    expect(parsed.hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
    expect(existsSync(cacheFile)).toBe(false);
    await (await loadReferenceCached(dir, mappings, cacheFile)).save();
    const bytes = readFileSync(cacheFile);
    writeFileSync(cacheFile, bytes.subarray(0, bytes.length >> 1)); // cut short
    expect((await poolReference(init(), mappings)).hgnc.bySymbol).not.toBeInstanceOf(PackedMap);
    expect(readFileSync(cacheFile).length).toBe(bytes.length >> 1); // left for the main thread to replace
    writeFileSync(cacheFile, bytes);
    const { referenceCache: _, ...without } = init();
    expect((await poolReference(without, mappings)).hgnc.bySymbol).not.toBeInstanceOf(PackedMap);
  });
});
