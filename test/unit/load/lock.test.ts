// The lock on --out, in one process: who may take it, who is refused, what a takeover cleans up.
// (test/integration/load/lockRace.test.ts races six processes for it.)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_NAME, processAlive } from '../../../src/load/lock.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'pkg-lock-'));
/** A pid no process has any more. */
const deadPid = () => spawnSync('true').pid!;

describe('acquireLock', () => {
  it('creates the lock with this process as owner, and release removes it', async () => {
    const dir = fresh();
    const lock = await acquireLock(dir);
    expect(lock.file).toBe(path.join(dir, LOCK_NAME));
    const info = JSON.parse(readFileSync(lock.file, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof info.token).toBe('string');
    expect(Number.isNaN(Date.parse(info.since))).toBe(false);
    await lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('refuses a second run while the owner is alive, naming it (LOCKED), and leaves its lock alone', async () => {
    const dir = fresh();
    const lock = await acquireLock(dir);
    const before = readFileSync(lock.file, 'utf8');
    await expect(acquireLock(dir)).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining(`pid ${process.pid} on ${hostname()}`),
    });
    expect(readFileSync(lock.file, 'utf8')).toBe(before);
    await lock.release();
  });

  it('takes over the lock of a process that is gone, and removes the temporary files such runs left', async () => {
    const dir = fresh();
    const dead = deadPid();
    expect(processAlive(dead)).toBe(false);
    writeFileSync(
      path.join(dir, LOCK_NAME),
      JSON.stringify({ pid: dead, host: hostname(), since: '2020-01-01T00:00:00.000Z', token: 'x' }),
    );
    mkdirSync(path.join(dir, 'pathways'));
    const leftovers = [path.join(dir, `.all.nq.${dead}.tmp`), path.join(dir, 'pathways', `.WP1.ttl.${dead}.tmp`)];
    const alive = path.join(dir, `.all.nq.${process.pid}.tmp`); // this process's own: not a leftover
    for (const f of [...leftovers, alive]) writeFileSync(f, 'partial');
    const lock = await acquireLock(dir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    expect(leftovers.filter(existsSync)).toEqual([]);
    expect(existsSync(alive)).toBe(true);
    await lock.release();
  });

  it('never takes over the lock of another machine, whose processes it cannot see', async () => {
    const dir = fresh();
    writeFileSync(
      path.join(dir, LOCK_NAME),
      JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, since: '2020-01-01T00:00:00.000Z' }),
    );
    await expect(acquireLock(dir)).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('respects an unreadable lock file for a minute, then takes it over', async () => {
    const dir = fresh();
    const file = path.join(dir, LOCK_NAME);
    writeFileSync(file, ''); // as a crash between create and write would leave it with an older version
    await expect(acquireLock(dir)).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('unreadable lock file'),
    });
    const old = new Date(Date.now() - 61_000);
    utimesSync(file, old, old);
    const lock = await acquireLock(dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('release leaves a lock that is no longer this run’s (taken over meanwhile)', async () => {
    const dir = fresh();
    const lock = await acquireLock(dir);
    const other = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      token: 'someone-else',
    });
    writeFileSync(lock.file, other);
    await lock.release();
    expect(readFileSync(lock.file, 'utf8')).toBe(other);
  });

  it('a folder that cannot hold the lock is OUTPUT_UNWRITABLE, not a raw error', async () => {
    const dir = path.join(fresh(), 'missing', 'deeper');
    await expect(acquireLock(dir)).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE' });
  });

  it('two runs of one process get it one after the other', async () => {
    const dir = fresh();
    const first = await acquireLock(dir);
    await first.release();
    const second = await acquireLock(dir);
    await second.release();
    expect(existsSync(path.join(dir, LOCK_NAME))).toBe(false);
  });
});
