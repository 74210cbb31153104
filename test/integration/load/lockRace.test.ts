// The lock on --out under a real race: six processes reach it at the same instant, twenty times over,
// against a stale lock (its owner is gone) and against no lock. Exactly one may get it each time.
//
// The contenders are separate node processes running the compiled lock (dist/, built by `npm test`).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';

const LOCK_JS = path.join(PROJECT_ROOT, 'dist', 'src', 'load', 'lock.js');
const CONTENDER = path.join(PROJECT_ROOT, 'test', 'fixtures', 'lock', 'contender.mjs');
const PROCESSES = 6;
const TRIALS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pid that no process has any more. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

async function race(setup: (dir: string) => Promise<void>): Promise<string[][]> {
  if (!existsSync(LOCK_JS)) throw new Error(`${LOCK_JS} missing: run "npm run build" first`);
  const base = await mkdtemp(path.join(tmpdir(), 'pkg-lockrace-'));
  const children: ChildProcess[] = [];
  const exited: Promise<number | null>[] = [];
  try {
    for (let i = 0; i < PROCESSES; i++) {
      const child = spawn(process.execPath, [CONTENDER, LOCK_JS, base, String(i), String(TRIALS)], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      exited.push(new Promise((resolve) => child.on('exit', resolve)));
    }
    const outcomes: string[][] = [];
    for (let t = 0; t < TRIALS; t++) {
      const dir = path.join(base, `t${t}`);
      await mkdir(dir);
      await setup(dir);
      // Far enough ahead that every contender is waiting, on a machine shared with other work.
      await writeFile(path.join(base, `go.${t}`), String(Date.now() + 300));
      const results = () =>
        readdir(base).then((names) => names.filter((n) => n.startsWith(`res.${t}.`) && !n.endsWith('.tmp')));
      const deadline = Date.now() + 30_000;
      while ((await results()).length < PROCESSES && Date.now() < deadline) await sleep(5);
      const names = (await results()).sort();
      outcomes.push(await Promise.all(names.map((n) => readFile(path.join(base, n), 'utf8'))));
      await writeFile(path.join(base, `done.${t}`), '');
    }
    expect(await Promise.all(exited)).toEqual(Array(PROCESSES).fill(0));
    return outcomes;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await rm(base, { recursive: true, force: true });
  }
}

describe('the lock under a race of six processes', () => {
  beforeAll(() => {
    if (!existsSync(LOCK_JS)) throw new Error(`${LOCK_JS} missing: run "npm run build" first`);
  });
  afterAll(() => undefined);

  it('no lock: exactly one acquires, the others are told it is LOCKED, 20 trials out of 20', async () => {
    const outcomes = await race(async () => undefined);
    for (const o of outcomes) expect(o.sort()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'acquired']);
  });

  it('a stale lock (owner gone): exactly one takes it over, 20 trials out of 20', async () => {
    const pid = deadPid();
    const outcomes = await race((dir) =>
      writeFile(
        path.join(dir, '.pathway-kg.lock'),
        JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
      ),
    );
    for (const o of outcomes) expect(o.sort()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'acquired']);
  });
});
