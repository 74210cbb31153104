// Notices a new all.nq in --out (a run renames it into place when it commits) and says so once it settles.

import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { STORE_FILE } from '../load/embeddedStore.js';

export interface StoreWatcher {
  close(): void;
}

interface Identity {
  ino: number;
  size: number;
  mtimeMs: number;
}

async function identity(file: string): Promise<Identity | undefined> {
  try {
    const s = await stat(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined; // briefly absent, or removed: nothing to load, the current data stays
  }
}

const same = (a: Identity | undefined, b: Identity | undefined): boolean =>
  a?.ino === b?.ino && a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;

/**
 * Calls `onChange` when `<out>/all.nq` is another file than the one seen last (inode, size or mtime).
 * fs.watch says it at once on most systems; a stat every `pollMs` covers the ones where it says
 * nothing (network file systems, a replaced --out folder).
 */
export async function watchStore(out: string, onChange: () => void, pollMs = 2000): Promise<StoreWatcher> {
  const file = path.join(out, STORE_FILE);
  let seen = await identity(file);
  let timer: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    const now = await identity(file);
    if (now === undefined || same(now, seen)) return;
    seen = now;
    onChange();
  };
  // Debounced: a rename comes as several events.
  const soon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), 200);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(out, (_event, name) => {
      if (name === null || name === STORE_FILE) soon();
    });
    watcher.on('error', () => undefined); // the poll still runs
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(() => void check(), pollMs);
  poll.unref();
  return {
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
