// The embedded Oxigraph store: the run's N-Quads dump in --out, checked once after a run and reloaded for queries.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Store } from 'oxigraph';
import { PipelineError } from '../errors.js';

/**
 * The store is the run's whole-dataset dump: Oxigraph's Node bindings keep a store in memory only,
 * and reloading N-Quads is their fastest way back, so a second copy would only add disk and time.
 */
export const STORE_FILE = 'all.nq';
/** What buildEmbeddedStore() found in STORE_FILE; lets a query skip re-validating an unchanged file. */
export const STORE_MANIFEST = 'store.json';
/** Query option: a query without GRAPH sees every graph, as on the WikiPathways endpoint. */
export const UNION_DEFAULT_GRAPH = { use_default_graph_as_union: true } as const;

const NQUADS = 'application/n-quads';
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface StoreManifest {
  file: string;
  bytes: number;
  mtimeMs: number;
  /** Distinct quads Oxigraph holds after a checked load. */
  quads: number;
  /** Named graphs (pathways plus the dataset and ontology graphs). */
  graphs: number;
}

/**
 * After a run: loads `<outDir>/all.nq` with full checking (IRIs, language tags, syntax) and writes
 * `<outDir>/store.json` describing it. Returns the loaded store too, for callers that query it next.
 */
export async function buildEmbeddedStore(outDir: string): Promise<{ store: Store; manifest: StoreManifest }> {
  const file = path.join(outDir, STORE_FILE);
  const stat = statStore(file, outDir);
  const store = loadNQuads(file, outDir, false);
  const graphs = store.query('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }') as Map<string, { value: string }>[];
  const manifest: StoreManifest = { file: STORE_FILE, bytes: stat.size, mtimeMs: stat.mtimeMs, quads: store.size, graphs: Number(graphs[0]?.get('n')?.value ?? 0) };
  const target = path.join(outDir, STORE_MANIFEST);
  try {
    await writeFile(`${target}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${target}.tmp`, target);
  } catch (cause) {
    throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot write ${target}: ${(cause as Error).message}`, { file: target, cause });
  }
  return { store, manifest };
}

/**
 * The store of a previous run in `outDir`. When store.json matches all.nq (same size and mtime) the
 * file is loaded without re-checking and its quad count is verified; otherwise it is fully checked.
 */
export async function openEmbeddedStore(outDir: string): Promise<Store> {
  const file = path.join(outDir, STORE_FILE);
  const stat = statStore(file, outDir);
  const manifest = await readManifest(path.join(outDir, STORE_MANIFEST));
  const trusted = manifest !== undefined && manifest.bytes === stat.size && manifest.mtimeMs === stat.mtimeMs;
  const store = loadNQuads(file, outDir, trusted);
  if (trusted && store.size !== manifest.quads) {
    throw new PipelineError('STORE_INVALID', `Holds ${store.size} quads but ${STORE_MANIFEST} records ${manifest.quads}. ${rerun(outDir)}`, { file });
  }
  return store;
}

function statStore(file: string, outDir: string): { size: number; mtimeMs: number } {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    return stat;
  } catch (cause) {
    throw new PipelineError('STORE_INVALID', `No embedded store: run \`pathway-kg run --out ${shellWord(outDir)}\` first to create it.`, { file, cause });
  }
}

function loadNQuads(file: string, outDir: string, trusted: boolean): Store {
  const store = new Store();
  try {
    // Chunks, not one string: a 3-million-quad dump is near V8's string limit, and this halves memory.
    // lenient skips IRI and language-tag validation (~20% less CPU), already done by the checked load
    // that wrote store.json; no_transaction was no faster and took ~45% more memory.
    store.load(readChunks(file), trusted ? { format: NQUADS, lenient: true } : { format: NQUADS });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const line = /\bline (\d+)/.exec(message);
    const where = line === null ? { file, cause } : { file, line: Number(line[1]), cause };
    throw new PipelineError('STORE_INVALID', `Cannot load the embedded store: ${message}. ${rerun(outDir)}`, where);
  }
  return store;
}

function* readChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

async function readManifest(file: string): Promise<StoreManifest | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<StoreManifest>;
    const ok = typeof value.bytes === 'number' && typeof value.mtimeMs === 'number' && typeof value.quads === 'number';
    return ok ? (value as StoreManifest) : undefined;
  } catch {
    return undefined; // no manifest (or a broken one): the store is simply checked in full
  }
}

function rerun(outDir: string): string {
  return `Run \`pathway-kg run --out ${shellWord(outDir)}\` again to rebuild it.`;
}

/** The directory as a shell word, so the suggested command can be pasted as it is. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
