// The embedded store: opened from --out/all.nq, checked once by buildEmbeddedStore, clear errors when missing or
// broken.

import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import {
  STORE_FILE,
  STORE_MANIFEST,
  UNION_DEFAULT_GRAPH,
  buildEmbeddedStore,
  openEmbeddedStore,
} from '../../../src/load/embeddedStore.js';
import { FIXTURE_STORE, copyOfFixture, fixtureStore } from '../../support/queryFixture.js';

const FIXTURE_QUADS = 110; // lines in test/fixtures/query/store/all.nq, none repeated
const FIXTURE_GRAPHS = 5; // WP1800, WP382, WP1, the ontologies graph and the dataset graph

async function storeError(dir: string): Promise<PipelineError> {
  try {
    await openEmbeddedStore(dir);
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected openEmbeddedStore to fail');
}

describe('openEmbeddedStore', () => {
  it('loads all.nq of an --out directory, one named graph per pathway', async () => {
    const store = await fixtureStore();
    expect(store.size).toBe(FIXTURE_QUADS);
    const graphs = (
      store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g') as Map<string, { value: string }>[]
    ).map((b) => b.get('g')!.value);
    expect(graphs).toEqual([
      'https://identifiers.org/wikipathways/WP1',
      'https://identifiers.org/wikipathways/WP1800',
      'https://identifiers.org/wikipathways/WP382',
      'urn:pathway-kg:dataset',
      'urn:pathway-kg:ontologies',
    ]);
  });

  it('queries the union of all graphs, where a triple stated in two pathway graphs matches twice (as on Virtuoso)', async () => {
    const store = await fixtureStore();
    const labels = store.query(
      'SELECT ?l WHERE { <https://identifiers.org/hgnc/1403> <http://www.w3.org/2000/01/rdf-schema#label> ?l }',
      UNION_DEFAULT_GRAPH,
    ) as Map<string, { value: string }>[];
    expect(labels.map((b) => b.get('l')!.value)).toEqual(['CACNB3', 'CACNB3']);
    const plain = store.query(
      'SELECT ?l WHERE { <https://identifiers.org/hgnc/1403> <http://www.w3.org/2000/01/rdf-schema#label> ?l }',
    ) as unknown[];
    expect(plain).toEqual([]); // without the option the default graph is empty: nothing is in it
  });

  it('says the store is missing and how to make it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-empty-'));
    const error = await storeError(dir);
    expect(error.code).toBe('STORE_INVALID');
    expect(error.file).toBe(path.join(dir, 'all.nq'));
    expect(error.message).toBe(`No embedded store: run \`pathway-kg run --out ${dir}\` first to create it.`);
  });

  it('quotes a directory with spaces in the suggested command', async () => {
    const error = await storeError('/no such/dir');
    expect(error.message).toBe("No embedded store: run `pathway-kg run --out '/no such/dir'` first to create it.");
  });

  it('says where an unparseable store breaks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-bad-'));
    writeFileSync(
      path.join(dir, 'all.nq'),
      '<http://a> <http://b> <http://c> <http://g> .\n<http://x> <http://y>  .\n',
    );
    const error = await storeError(dir);
    expect(error.code).toBe('STORE_INVALID');
    expect(error.line).toBe(2);
    expect(error.located()).toBe(
      `${dir}/all.nq:2: Cannot load the embedded store: Parser error at line 2 column 24: The object of a triple must be an IRI, a blank node or a literal. Run \`pathway-kg run --out ${dir}\` again to rebuild it. [STORE_INVALID]`,
    );
  });
});

describe('store.json', () => {
  it('is written by the first (checked) open, and then lets an unchanged all.nq load without the checks', async () => {
    const dir = copyOfFixture();
    await openEmbeddedStore(dir);
    const stat = statSync(path.join(dir, STORE_FILE));
    const written = JSON.parse(readFileSync(path.join(dir, STORE_MANIFEST), 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      file: 'all.nq',
      bytes: stat.size,
      mtimeMs: stat.mtimeMs,
      quads: FIXTURE_QUADS,
      graphs: FIXTURE_GRAPHS,
    });
    // Trusted from now on: a wrong count in store.json is caught.
    writeFileSync(path.join(dir, STORE_MANIFEST), JSON.stringify({ ...written, quads: 7 }));
    expect((await storeError(dir)).message).toBe(
      `Holds 110 quads but store.json records 7. Run \`pathway-kg run --out ${dir}\` again to rebuild it.`,
    );
  });

  it('is best effort when opening: an --out where it cannot be written still answers', async () => {
    const dir = copyOfFixture();
    mkdirSync(path.join(dir, `${STORE_MANIFEST}.tmp`)); // writing the temporary file fails with EISDIR
    expect((await openEmbeddedStore(dir)).size).toBe(FIXTURE_QUADS);
    expect(existsSync(path.join(dir, STORE_MANIFEST))).toBe(false);
  });
});

describe('buildEmbeddedStore', () => {
  it('checks all.nq and records its size, time, quads and graphs in store.json', async () => {
    const dir = copyOfFixture();
    const { store, manifest } = await buildEmbeddedStore(dir);
    const stat = statSync(path.join(dir, STORE_FILE));
    const expected = {
      file: 'all.nq',
      bytes: stat.size,
      mtimeMs: stat.mtimeMs,
      quads: FIXTURE_QUADS,
      graphs: FIXTURE_GRAPHS,
    };
    expect(manifest).toEqual(expected);
    expect(store.size).toBe(FIXTURE_QUADS);
    expect(JSON.parse(readFileSync(path.join(dir, STORE_MANIFEST), 'utf8'))).toEqual(expected);
    expect((await openEmbeddedStore(dir)).size).toBe(FIXTURE_QUADS);
  });

  it('after which a store whose quad count no longer matches store.json is refused', async () => {
    const dir = copyOfFixture();
    const { manifest } = await buildEmbeddedStore(dir);
    writeFileSync(path.join(dir, STORE_MANIFEST), JSON.stringify({ ...manifest, quads: 109 }));
    const error = await storeError(dir);
    expect(error.message).toBe(
      `Holds 110 quads but store.json records 109. Run \`pathway-kg run --out ${dir}\` again to rebuild it.`,
    );
  });

  it('and an all.nq changed since then is checked in full again', async () => {
    const dir = copyOfFixture();
    await buildEmbeddedStore(dir);
    const file = path.join(dir, STORE_FILE);
    appendFileSync(file, '<http://x> <http://y> "unterminated .\n');
    const error = await storeError(dir);
    expect(error.code).toBe('STORE_INVALID');
    expect(error.line).toBe(111);
  });

  it('fails with STORE_INVALID when there is nothing to build from', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-none-'));
    await expect(buildEmbeddedStore(dir)).rejects.toMatchObject({
      code: 'STORE_INVALID',
      file: path.join(dir, 'all.nq'),
    });
  });
});

it('the tests query copies: the fixture folder never gets a store.json', () => {
  expect(existsSync(path.join(FIXTURE_STORE, STORE_MANIFEST))).toBe(false);
});
