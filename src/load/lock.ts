// One run per --out folder: a lock file holding the owner's pid, taken over only when that process is gone.

import { open, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PipelineError } from '../errors.js';

export interface Lock {
  file: string;
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files (`.<name>.<pid>.tmp`, see atomicFile.ts) of killed runs: a full all.nq copy each, otherwise never removed. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const d of [dir, path.join(dir, 'pathways')]) {
    const names = await readdir(d).catch(() => [] as string[]);
    for (const name of names) {
      const pid = /^\..+\.([0-9]+)\.tmp$/.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid))) await rm(path.join(d, name), { force: true });
    }
  }
}

export async function acquireLock(dir: string): Promise<Lock> {
  const file = path.join(dir, '.pathway-kg.lock');
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return { file, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new PipelineError('OUTPUT_UNWRITABLE', `Cannot create lock file: ${(error as Error).message}`, { file, cause: error });
      }
    }
    let owner: LockInfo | undefined;
    try {
      owner = JSON.parse(await readFile(file, 'utf8')) as LockInfo;
    } catch {
      owner = undefined; // half-written by a run that died at once: stale
    }
    if (owner && (owner.host !== info.host || processAlive(owner.pid))) {
      throw new PipelineError('LOCKED', `Another run (pid ${owner.pid} on ${owner.host}, since ${owner.since}) is using ${dir}; remove ${file} if that run is gone`, { file });
    }
    await rm(file, { force: true }); // the owner died: take over
    await removeLeftovers(dir);
  }
  throw new PipelineError('LOCKED', `Could not take the lock on ${dir}`, { file });
}
