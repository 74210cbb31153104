// One run per --out folder: a lock file holding the owner's pid, taken over only when that process is gone.
//
// Taking the lock is one atomic step: the lock's content is written (and synced) under a temporary
// name, then link()ed to the lock's name, which fails with EEXIST if any lock is there. So a lock is
// never seen half-written. Taking over a dead owner's lock is decided by a claim file named after
// that lock's exact content (exclusive create): of the processes that found it stale, one removes it,
// and only if it is still the same lock; then all race on link() again, and one wins.

import { createHash, randomUUID } from 'node:crypto';
import { link, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { outputError } from './atomicFile.js';
import { fsyncDir, writeSyncedFile } from './durable.js';

export interface Lock {
  file: string;
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  /** Unique per lock: tells this lock from a later one of the same pid. */
  token?: string;
}

export const LOCK_NAME = '.pathway-kg.lock';

/** A lock file that is not a lock we write (empty or not JSON) is taken over once it is this old. */
const UNREADABLE_GRACE_MS = 60_000;
/** A claim whose maker is gone, this old, is given up (its maker died between claim and takeover). */
const CLAIM_GRACE_MS = 10_000;
const ATTEMPTS = 200;

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Temporary files (`.<name>.<pid>.tmp`, see atomicFile.ts) of killed runs: a full all.nq copy each, otherwise never
 * removed.
 */
async function removeLeftovers(dir: string): Promise<void> {
  for (const d of [dir, path.join(dir, 'pathways')]) {
    const names = await readdir(d).catch(() => [] as string[]);
    for (const name of names) {
      const pid = /^\..+\.([0-9]+)\.tmp$/.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid)))
        await rm(path.join(d, name), { force: true });
    }
  }
}

interface Seen {
  text: string;
  ino: number;
  mtimeMs: number;
}

/** The lock file as it is now; undefined when there is none. */
async function look(file: string): Promise<Seen | undefined> {
  try {
    const [s, text] = await Promise.all([stat(file), readFile(file, 'utf8')]);
    return { text, ino: s.ino, mtimeMs: s.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parse(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as LockInfo;
    return typeof info?.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

export async function acquireLock(dir: string): Promise<Lock> {
  const file = path.join(dir, LOCK_NAME);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID() };
  const mine = JSON.stringify(info);
  // Unique even for two runs of one process (tests); ends in .<pid>.tmp, so that removeLeftovers knows it.
  const tmp = path.join(dir, `.${LOCK_NAME}.${info.token!.slice(0, 8)}.${process.pid}.tmp`);
  try {
    writeSyncedFile(tmp, Buffer.from(mine), 'w'); // on disk before the lock's name points at it
  } catch (cause) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const full = outputError(cause, file); // a full or read-only disk, said as for any output file
    throw full !== cause
      ? full
      : new PipelineError('OUTPUT_UNWRITABLE', `Cannot create lock file: ${(cause as Error).message}`, { file, cause });
  }
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(tmp, file);
        await fsyncDir(dir);
        return { file, release: () => release(file, mine) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot create lock file: ${(error as Error).message}`, {
            file,
            cause: error,
          });
        }
      }
      const seen = await look(file);
      if (seen === undefined) continue; // released meanwhile
      const owner = parse(seen.text);
      if (owner && (owner.host !== info.host || processAlive(owner.pid))) {
        throw new PipelineError(
          'LOCKED',
          `Another run (pid ${owner.pid} on ${owner.host}, since ${owner.since}) is using ${dir}; remove ${file} if that run is gone`,
          { file },
        );
      }
      if (!owner && Date.now() - seen.mtimeMs < UNREADABLE_GRACE_MS) {
        throw new PipelineError(
          'LOCKED',
          `An unreadable lock file is in ${dir} (not written by a run of this version); it is taken over once a minute old, or remove it if no run is using ${dir}`,
          { file },
        );
      }
      if (await removeStale(file, seen)) await removeLeftovers(dir);
      else await sleep(5 + Math.random() * 20); // another process is taking it over: see who won
    }
    throw new PipelineError('LOCKED', `Could not take the lock on ${dir}`, { file });
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Removes the stale lock `seen` if this process wins its claim and the lock is still that one.
 * Returns false when another process holds the claim.
 */
async function removeStale(file: string, seen: Seen): Promise<boolean> {
  const key = createHash('sha256').update(`${seen.ino}\0${seen.mtimeMs}\0${seen.text}`).digest('hex').slice(0, 16);
  const claim = `${file}.${key}.claim`;
  try {
    await writeFile(claim, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await giveUpDeadClaim(claim);
    return false;
  }
  try {
    // Only the holder of this claim removes this lock, and a new lock can only appear once it is gone:
    // if it is still the same, it stays so until removed here.
    const now = await look(file);
    if (now !== undefined && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs && now.text === seen.text)
      await rm(file, { force: true });
    return true;
  } finally {
    await rm(claim, { force: true });
  }
}

/** A claim left by a process that died between claiming and taking over would block the lock forever. */
async function giveUpDeadClaim(claim: string): Promise<void> {
  const [text, s] = await Promise.all([
    readFile(claim, 'utf8').catch(() => undefined),
    stat(claim).catch(() => undefined),
  ]);
  if (text === undefined || s === undefined) return;
  if (!processAlive(Number(text)) && Date.now() - s.mtimeMs > CLAIM_GRACE_MS) await rm(claim, { force: true });
}

/** Removes the lock only if it is still this run's. */
async function release(file: string, mine: string): Promise<void> {
  const now = await readFile(file, 'utf8').catch(() => undefined);
  if (now === mine) await rm(file, { force: true });
}
