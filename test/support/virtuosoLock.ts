// Exclusive use of the test Virtuoso across vitest workers: a lock file, and a store emptied of pipeline graphs.
//
// Test files that load pipeline graphs (https://identifiers.org/wikipathways/…, urn:pathway-kg:…) into the
// shared Virtuoso take this lock in beforeAll and release it in afterAll, so that no other file's run
// replaces or drops their graphs while they query. On acquisition every pipeline graph is dropped; graphs
// under other names (Virtuoso's own, test/load's http://test.pathway-kg.example/…) are left alone.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { requireVirtuoso, type Virtuoso } from './virtuoso.js';
import { processAlive } from '../../src/load/lock.js';

/** Graph-name prefixes of everything the pipeline writes. */
export const PIPELINE_GRAPH_PREFIXES = ['https://identifiers.org/wikipathways/', 'urn:pathway-kg:'] as const;

const POLL_MS = 200;
/** A lock file with no readable owner (its writer died between create and write) is broken after this long. */
const EMPTY_LOCK_STALE_MS = 10_000;

interface Owner {
  pid: number;
  token: string;
  since: string;
}

/** Tokens of the locks this module instance holds (a second acquire in the same file would wait forever). */
const held = new Set<string>();

export function storeLockFile(vt: Virtuoso): string {
  return path.join(tmpdir(), `pathway-kg-virtuoso-${vt.httpPort}.lock`);
}

function readOwner(file: string): { text: string; owner?: Owner } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    if (Number.isInteger(owner.pid) && typeof owner.token === 'string') return { text, owner };
  } catch {
    // being written, or its writer died half-way
  }
  return { text };
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function tryCreate(file: string, content: string): boolean {
  try {
    writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Removes a stale lock, but only if it still holds what was seen as stale: the removal happens under a
 * second lock file, so two waiters never remove a lock that one of them has just created.
 */
function breakStale(file: string, staleText: string): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, String(process.pid))) {
    if (ageMs(breaker) > EMPTY_LOCK_STALE_MS) unlinkQuietly(breaker);
    return;
  }
  try {
    if (readOwner(file)?.text === staleText) unlinkQuietly(file);
  } finally {
    unlinkQuietly(breaker);
  }
}

/** Why the current lock file does not belong to a live owner, or undefined when it does. */
function staleness(file: string, seen: { text: string; owner?: Owner }): string | undefined {
  const owner = seen.owner;
  if (owner === undefined) return ageMs(file) > EMPTY_LOCK_STALE_MS ? 'no owner recorded' : undefined;
  if (!processAlive(owner.pid)) return `owner pid ${owner.pid} is gone`;
  // Same process, a token this module instance does not hold: left by an earlier test file in this worker.
  if (owner.pid === process.pid && !held.has(owner.token)) return 'left by an earlier test file of this process';
  return undefined;
}

async function sparqlPost(vt: Virtuoso, body: Record<string, string>, accept?: string): Promise<string> {
  const res = await fetch(vt.sparql, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Virtuoso ${Object.keys(body)[0]} failed: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

async function answers(vt: Virtuoso): Promise<boolean> {
  try {
    const res = await fetch(`${vt.sparql}?query=${encodeURIComponent('ASK {}')}`, {
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Restarts the test Virtuoso on its own data when it no longer answers (Virtuoso 7.2.5 has segfaulted
 * under load in CI), and says so on stderr. Returns whether it had to. Call it holding the store lock.
 */
export async function ensureServerUp(vt: Virtuoso): Promise<boolean> {
  if (await answers(vt)) return false;
  process.stderr.write(
    `\n*** The test Virtuoso (${vt.base}) does not answer: restarting it on its data (scripts/virtuoso.sh start --keep-data) ***\n\n`,
  );
  const env = {
    ...process.env,
    PATHWAY_KG_VIRTUOSO_DIR: vt.dir,
    PATHWAY_KG_VIRTUOSO_HTTP_PORT: String(vt.httpPort),
    PATHWAY_KG_VIRTUOSO_SQL_PORT: String(vt.sqlPort),
    PATHWAY_KG_VIRTUOSO_BUFFERS: process.env.PATHWAY_KG_VIRTUOSO_BUFFERS ?? '50000',
  };
  const r = spawnSync('bash', [vt.script, 'start', '--keep-data'], { env, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`Restarting the test Virtuoso failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
  return true;
}

/** Names of the pipeline graphs the store holds (at most Virtuoso's result limit per call). */
export async function pipelineGraphs(vt: Virtuoso): Promise<string[]> {
  const filter = PIPELINE_GRAPH_PREFIXES.map((p) => `STRSTARTS(STR(?g), ${JSON.stringify(p)})`).join(' || ');
  const text = await sparqlPost(
    vt,
    { query: `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(${filter}) }` },
    'application/sparql-results+json',
  );
  const rows = (JSON.parse(text) as { results: { bindings: { g?: { value: string } }[] } }).results.bindings;
  // The names go into DROP statements: only plain IRIs with one of the prefixes.
  return rows
    .map((r) => r.g?.value ?? '')
    .filter((g) => PIPELINE_GRAPH_PREFIXES.some((p) => g.startsWith(p)) && !/[\s<>"{}|^`\\]/.test(g));
}

/**
 * Empties every pipeline graph: one DELETE over all of them (row-by-row commit, still logged: `sql:log-enable 3`,
 * about 12 s for the 1.2 M triples of the 2022 snapshot, where DROP GRAPH per graph takes 40 s or more),
 * then DROP GRAPH for whatever is left. Returns how many graphs were dropped by name.
 */
export async function clearPipelineGraphs(vt: Virtuoso): Promise<number> {
  const filter = PIPELINE_GRAPH_PREFIXES.map((p) => `STRSTARTS(STR(?g), ${JSON.stringify(p)})`).join(' || ');
  await sparqlPost(vt, {
    update: `DEFINE sql:log-enable 3 DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(${filter}) }`,
  });
  let dropped = 0;
  for (let round = 0; round < 50; round++) {
    const graphs = await pipelineGraphs(vt);
    if (graphs.length === 0) return dropped;
    for (let i = 0; i < graphs.length; i += 200) {
      await sparqlPost(vt, {
        update: graphs
          .slice(i, i + 200)
          .map((g) => `DROP SILENT GRAPH <${g}>`)
          .join(' ;\n'),
      });
    }
    dropped += graphs.length;
  }
  throw new Error('clearPipelineGraphs: pipeline graphs are still there after 50 rounds of DROP GRAPH');
}

export interface AcquireOptions {
  /** Give up after this long (default 15 minutes: a whole-corpus load by another file can take minutes). */
  timeoutMs?: number;
}

/**
 * Waits for exclusive use of the test Virtuoso, empties it of pipeline graphs, and returns the release
 * function (idempotent; also run at process exit). Throws when Virtuoso is not available.
 */
export async function acquireStore(options: AcquireOptions = {}): Promise<() => Promise<void>> {
  const vt = requireVirtuoso();
  const file = storeLockFile(vt);
  const token = randomBytes(8).toString('hex');
  const content = JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() } satisfies Owner);
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    if (tryCreate(file, content)) break;
    const seen = readOwner(file);
    if (seen === undefined) continue; // released between the two calls
    if (seen.owner?.pid === process.pid && held.has(seen.owner.token)) {
      throw new Error(`acquireStore: this test file already holds the Virtuoso store lock ${file}; release it first`);
    }
    if (staleness(file, seen) !== undefined) {
      breakStale(file, seen.text);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `acquireStore: timed out after ${Math.round((options.timeoutMs ?? 15 * 60_000) / 1000)} s waiting for the Virtuoso store lock ${file} (held by ${seen.text})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  held.add(token);

  const releaseSync = (): void => {
    if (!held.delete(token)) return;
    process.off('exit', releaseSync);
    if (readOwner(file)?.owner?.token === token) unlinkQuietly(file);
  };
  process.on('exit', releaseSync);
  const release = async (): Promise<void> => releaseSync();

  try {
    await ensureServerUp(vt);
    await clearPipelineGraphs(vt);
  } catch (error) {
    releaseSync();
    throw error;
  }
  return release;
}

/**
 * For a test file (or describe block) that uses the shared Virtuoso: holds the store lock from before its
 * first test to after its last, so that one file at a time loads into the server (Virtuoso 7.2.5 has
 * segfaulted under concurrent loads).
 */
export function holdStore(): void {
  let release: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    release = await acquireStore();
  }, 900_000);
  afterAll(async () => {
    await release?.();
  });
}
