// A throwaway Virtuoso for the benches: scripts/virtuoso.sh on a fresh data dir and free ports on 127.0.0.1,
// isql for its SQL side, and its own bulk loader (ld_dir + rdf_loader_run) for an N-Quads file.

import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..', '..'] : ['..']));
const SCRIPT = path.join(ROOT, 'scripts', 'virtuoso.sh');

export interface VirtuosoServer {
  dir: string;
  http: number;
  sql: number;
  env: NodeJS.ProcessEnv;
  /** Its SPARQL endpoint, whose default graph is the union of all graphs (Virtuoso's default). */
  endpoint: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    s.on('error', reject);
  });
}

/**
 * Starts a Virtuoso on a fresh data dir; `buffers` is its NumberOfBuffers (8 KiB pages). Returns once SPARQL answers.
 */
export async function startVirtuoso(buffers: string): Promise<VirtuosoServer> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pathway-kg-bench-')), 'vt');
  const http = await freePort();
  let sql = await freePort();
  while (sql === http) sql = await freePort();
  const env = {
    ...process.env,
    PATHWAY_KG_VIRTUOSO_DIR: dir,
    PATHWAY_KG_VIRTUOSO_HTTP_PORT: String(http),
    PATHWAY_KG_VIRTUOSO_SQL_PORT: String(sql),
    PATHWAY_KG_VIRTUOSO_BUFFERS: buffers,
  };
  const server = { dir, http, sql, env, endpoint: `http://127.0.0.1:${http}/sparql` };
  try {
    execFileSync('bash', [SCRIPT, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    // A start that failed half-way may still have left a server running on these ports: stopped, not orphaned.
    try {
      stopVirtuoso(server);
    } catch {
      // nothing was running
    }
    throw error;
  }
  return server;
}

/** Stops the server and removes its data dir. Synchronous, so that an exit or signal handler can call it. */
export function stopVirtuoso(server: VirtuosoServer): void {
  try {
    execFileSync('bash', [SCRIPT, 'stop'], { env: server.env, stdio: 'ignore' });
  } finally {
    rmSync(path.dirname(server.dir), { recursive: true, force: true });
  }
}

/**
 * CPU time (user + system, ms) the server process has used so far, from /proc: unlike wall time, it hardly changes
 * with what else the machine runs, so it says what a load costs the server itself. Undefined where /proc is missing.
 */
export function serverCpuMs(server: VirtuosoServer): number | undefined {
  try {
    const pid = readFileSync(path.join(server.dir, 'virtuoso.pid'), 'utf8').trim();
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every common architecture. */
const CLOCK_TICKS = 100;

export function isql(server: VirtuosoServer, sql: string): string {
  const out = execFileSync(
    'isql-vt',
    [`127.0.0.1:${server.sql}`, 'dba', 'dba', 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ERRORS=STDOUT'],
    { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (/\*\*\* Error/.test(out)) throw new Error(`isql: ${out}`);
  return out;
}

/**
 * Loads an N-Quads file with Virtuoso's bulk loader (each quad into its own graph), then checkpoints.
 * `loadMs` counts ld_dir + rdf_loader_run only; the checkpoint is timed apart. Throws on a loader error.
 */
export function bulkLoad(server: VirtuosoServer, file: string): { loadMs: number; checkpointMs: number } {
  const name = 'data.nq';
  // The load dir goes into an SQL string literal: TMPDIR is the only part not chosen here.
  if (/['\\]/.test(server.dir)) throw new Error(`Expected a data dir without quotes or backslashes, got ${server.dir}`);
  const target = path.join(server.dir, 'load', name);
  // A hard link costs nothing; a copy when the file is on another file system.
  try {
    linkSync(path.resolve(file), target);
  } catch {
    copyFileSync(path.resolve(file), target);
  }
  const t = Date.now();
  isql(
    server,
    `ld_dir('${path.join(server.dir, 'load')}', '${name}', 'http://example.org/bench-default');\nrdf_loader_run();\n`,
  );
  const loadMs = Date.now() - t;
  const errors = isql(server, 'SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;');
  if (errors.trim() !== '') throw new Error(`bulk loader errors: ${errors}`);
  const c = Date.now();
  isql(server, 'checkpoint;\n');
  return { loadMs, checkpointMs: Date.now() - c };
}
