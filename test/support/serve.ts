// Starts `pathway-kg serve` from the build (dist/) as a user would, on a free port, for the serve tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './corpus.js';

export const CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
export const FIXTURE_NQ = path.join(PROJECT_ROOT, 'test', 'fixtures', 'query', 'store', 'all.nq');

export interface Served {
  base: string;
  endpoint: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  log: () => string;
  /** SIGTERM, then the exit status. */
  stop: () => Promise<number | null>;
}

/** A fresh --out folder holding a copy of the fixture store (the server writes store.json beside it). */
export function fixtureOut(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pathway-kg-serve-'));
  cpSync(FIXTURE_NQ, path.join(dir, 'all.nq'));
  return dir;
}

export function serve(out: string, extra: string[] = []): Promise<Served> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [CLI, 'serve', '--out', out, '--port', '0', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const m = /SPARQL endpoint (http:\/\/\S+\/sparql)/.exec(log);
      if (m !== null) {
        const endpoint = m[1]!;
        resolve({
          base: endpoint.replace(/sparql$/, ''),
          endpoint,
          child,
          log: () => log,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening:\n${log}`)));
  });
}
