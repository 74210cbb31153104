// The embedded Oxigraph store: the run's N-Quads dump in --out, loaded into memory for each query.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Store } from 'oxigraph';
import { PipelineError } from '../errors.js';

/**
 * The store is the run's whole-dataset dump: Oxigraph's Node bindings keep a store in memory only,
 * and reloading N-Quads is their fastest way back, so a second copy would only add disk and time.
 */
export const STORE_FILE = 'all.nq';
/** What a checked load found in STORE_FILE; lets later loads of the unchanged file skip the checks. */
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
 * Loads `<outDir>/all.nq` with full checking (syntax, IRIs, language tags) and records it in
 * `<outDir>/store.json`. Optional after a run (the first query does the same); returns the store too.
 */
export async function buildEmbeddedStore(outDir: string): Promise<{ store: Store; manifest: StoreManifest }> {
  const { store, manifest } = loadStore(outDir, undefined);
  await writeManifest(outDir, manifest, true);
  return { store, manifest };
}

/**
 * The store a run left in `outDir`. All.nq unchanged since store.json was written (same size and
 * mtime) loads without the checks and must hold the recorded number of quads; otherwise it is fully
 * checked and store.json is rewritten (best effort: a read-only --out still answers queries).
 */
export async function openEmbeddedStore(outDir: string): Promise<Store> {
  const recorded = await readManifest(path.join(outDir, STORE_MANIFEST));
  const { store, manifest, trusted } = loadStore(outDir, recorded);
  if (!trusted) await writeManifest(outDir, manifest, false);
  return store;
}

function loadStore(
  outDir: string,
  recorded: StoreManifest | undefined,
): { store: Store; manifest: StoreManifest; trusted: boolean } {
  const file = path.join(outDir, STORE_FILE);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    throw new PipelineError(
      'STORE_INVALID',
      `No embedded store: run \`pathway-kg run --out ${shellWord(outDir)}\` first to create it.`,
      { file, cause },
    );
  }
  try {
    // Size and time of the very file read (a run may rename a new all.nq into place meanwhile).
    const stat = fstatSync(fd);
    const trusted = recorded !== undefined && recorded.bytes === stat.size && recorded.mtimeMs === stat.mtimeMs;
    const store = new Store();
    try {
      // Chunks, not one string or buffer: a 3-million-quad dump passes V8's string limit, and this halves memory.
      // lenient skips the IRI and language-tag checks (~20% less CPU) that the load which wrote
      // store.json made; no_transaction was no faster and took ~45% more memory.
      store.load(readChunks(fd), trusted ? { format: NQUADS, lenient: true } : { format: NQUADS });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const line = /\bline (\d+)/.exec(message);
      throw new PipelineError(
        'STORE_INVALID',
        `Cannot load the embedded store: ${message}. ${rerun(outDir)}`,
        line === null ? { file, cause } : { file, line: Number(line[1]), cause },
      );
    }
    if (trusted && store.size !== recorded.quads) {
      throw new PipelineError(
        'STORE_INVALID',
        `Holds ${store.size} quads but ${STORE_MANIFEST} records ${recorded.quads}. ${rerun(outDir)}`,
        { file },
      );
    }
    // `GRAPH ?g {}` lists the graphs without touching their quads: 8 ms instead of 0.5 s per million quads.
    const graphs = store.query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g {} }') as Map<string, { value: string }>[];
    const manifest = {
      file: STORE_FILE,
      bytes: stat.size,
      mtimeMs: stat.mtimeMs,
      quads: store.size,
      graphs: Number(graphs[0]?.get('n')?.value ?? 0),
    };
    return { store, manifest, trusted };
  } finally {
    closeSync(fd);
  }
}

function* readChunks(fd: number): Generator<Uint8Array> {
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (n === 0) return;
    yield chunk.subarray(0, n);
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

async function writeManifest(outDir: string, manifest: StoreManifest, required: boolean): Promise<void> {
  const target = path.join(outDir, STORE_MANIFEST);
  try {
    await writeFile(`${target}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${target}.tmp`, target);
  } catch (cause) {
    if (required)
      throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot write ${target}: ${(cause as Error).message}`, {
        file: target,
        cause,
      });
  }
}

function rerun(outDir: string): string {
  return `Run \`pathway-kg run --out ${shellWord(outDir)}\` again to rebuild it.`;
}

/** The directory as a shell word, so the suggested command can be pasted as it is. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
