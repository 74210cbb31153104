// vitest globalSetup: one throwaway Virtuoso (scripts/virtuoso.sh) for the whole run, stopped at teardown.
//
// Tests read it with `inject('virtuoso')` (see test/support/virtuoso.ts). When it cannot be installed or started,
// `{ ok: false, reason }` is provided instead and every test that needs it fails with that reason.
// PATHWAY_KG_VIRTUOSO=off skips starting it (the Virtuoso tests then fail, saying so).

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { alive, machineTmpdir } from './tmpdir.js';

export type VirtuosoInfo =
  | {
      ok: true;
      /** http://127.0.0.1:<port> */
      base: string;
      /** Anonymous query + update endpoint. */
      sparql: string;
      /** Digest-authenticated query + update endpoint. */
      sparqlAuth: string;
      /** Anonymous Graph Store endpoint. */
      graphCrud: string;
      /** Digest-authenticated Graph Store endpoint. */
      graphCrudAuth: string;
      /** A user with SPARQL_UPDATE, for the authenticated endpoints. */
      user: string;
      password: string;
      /** Data dir (its `load/` subdir is in DirsAllowed for the bulk loader), ports, and the script. */
      dir: string;
      httpPort: number;
      sqlPort: number;
      script: string;
    }
  | { ok: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    virtuoso: VirtuosoInfo;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'virtuoso.sh');
const PREFIX = 'pathway-kg-vt-';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT, ...args], { env, timeout: 900_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Stops servers left by runs that died without their teardown (their owner pid is gone). */
async function cleanStale(): Promise<void> {
  for (const name of readdirSync(machineTmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const parent = path.join(machineTmpdir(), name);
    const ownerFile = path.join(parent, 'owner.pid');
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : Number.NaN;
    if (Number.isInteger(owner) && alive(owner)) continue;
    await run(['stop'], { ...process.env, PATHWAY_KG_VIRTUOSO_DIR: path.join(parent, 'vt') });
    rmSync(parent, { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.PATHWAY_KG_VIRTUOSO === 'off') {
    project.provide('virtuoso', {
      ok: false,
      reason: 'PATHWAY_KG_VIRTUOSO=off, so test/setup/virtuoso.ts did not start Virtuoso',
    });
    return undefined;
  }
  await cleanStale();
  // In the machine's temporary folder, not this run's: a server left by a killed run is found and stopped there.
  const parent = mkdtempSync(path.join(machineTmpdir(), PREFIX));
  writeFileSync(path.join(parent, 'owner.pid'), String(process.pid));
  const dir = path.join(parent, 'vt');
  const httpPort = await freePort();
  let sqlPort = await freePort();
  while (sqlPort === httpPort) sqlPort = await freePort();
  const user = 'pathwaykg';
  const password = randomBytes(12).toString('hex');
  const env = {
    ...process.env,
    PATHWAY_KG_VIRTUOSO_DIR: dir,
    PATHWAY_KG_VIRTUOSO_HTTP_PORT: String(httpPort),
    PATHWAY_KG_VIRTUOSO_SQL_PORT: String(sqlPort),
    PATHWAY_KG_VIRTUOSO_BUFFERS: process.env.PATHWAY_KG_VIRTUOSO_BUFFERS ?? '50000',
    PATHWAY_KG_VIRTUOSO_USER: user,
    PATHWAY_KG_VIRTUOSO_PASSWORD: password,
  };
  const stop = async (): Promise<void> => {
    await run(['stop'], env);
    rmSync(parent, { recursive: true, force: true });
  };
  const started = await run(['start'], env);
  if (started.code !== 0) {
    const reason = `scripts/virtuoso.sh start failed (exit ${started.code}): ${started.out.split('\n').slice(-15).join('\n')}`;
    process.stderr.write(`\n*** Virtuoso not available, its tests will fail: ${reason} ***\n\n`);
    project.provide('virtuoso', { ok: false, reason });
    return stop;
  }
  const base = `http://127.0.0.1:${httpPort}`;
  project.provide('virtuoso', {
    ok: true,
    base,
    sparql: `${base}/sparql`,
    sparqlAuth: `${base}/sparql-auth`,
    graphCrud: `${base}/sparql-graph-crud`,
    graphCrudAuth: `${base}/sparql-graph-crud-auth`,
    user,
    password,
    dir,
    httpPort,
    sqlPort,
    script: SCRIPT,
  });
  process.env.PATHWAY_KG_TEST_VIRTUOSO_URL = base;
  process.env.PATHWAY_KG_TEST_VIRTUOSO_DIR = dir;
  return stop;
}
