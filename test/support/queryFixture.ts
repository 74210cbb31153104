// The hand-written fixture store for the query tests, and a helper that runs a query on it.

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from 'oxigraph';
import { PROJECT_ROOT } from './corpus.js';
import { openEmbeddedStore } from '../../src/load/embeddedStore.js';
import { loadMappings } from '../../src/mappings.js';
import { runQuery, type OutputFormat } from '../../src/query/runQuery.js';
import type { JsonResults } from '../../src/query/sparqlJson.js';

/** test/fixtures/query/store: all.nq with WP1800 (human, revision), WP382 (human, no revision), WP1 (mouse). */
export const FIXTURE_STORE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'query', 'store');

/** What `pathway-kg query` predefines: prefixes.json and query-prefixes.json. */
export const PREFIXES = loadMappings().queryPrefixes;

/** A fresh temporary --out directory holding a copy of the fixture's all.nq (a query writes store.json beside it). */
export function copyOfFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-query-'));
  cpSync(path.join(FIXTURE_STORE, 'all.nq'), path.join(dir, 'all.nq'));
  return dir;
}

/** The --out directory the tests of one file query: a copy, so that the fixture folder stays as committed. */
export const FIXTURE_OUT = copyOfFixture();

let cached: Promise<Store> | undefined;
export function fixtureStore(): Promise<Store> {
  cached ??= openEmbeddedStore(FIXTURE_OUT);
  return cached;
}

export async function query(text: string, format: OutputFormat, isTTY = false): Promise<string> {
  return runQuery(await fixtureStore(), text, { prefixes: PREFIXES, format, isTTY });
}

/** SELECT results as plain rows: variable -> term in the W3C JSON shape. */
export async function select(text: string): Promise<JsonResults> {
  return JSON.parse(await query(text, 'json')) as JsonResults;
}

export const iri = (value: string) => ({ type: 'uri', value });
export const str = (value: string) => ({ type: 'literal', value });
export const int = (value: number) => ({
  type: 'literal',
  value: String(value),
  datatype: 'http://www.w3.org/2001/XMLSchema#integer',
});
