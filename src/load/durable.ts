// fsync of files and folders: a rename is on disk only once the file's bytes and the folder entry are.
//
// Without these a power cut after a "successful" run can leave a renamed file empty or the old name in place.

import { closeSync, existsSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

/** Filesystems that cannot sync a folder say so with these; the data itself was synced. */
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM']);

/** Flushes the file's data and size to disk (any descriptor of the file flushes the same inode). */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes an open file's data and size to disk, through the thread pool (the caller's thread goes on meanwhile). */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** Flushes a folder's entries: the names created, renamed or removed in it. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

export function fsyncDirSync(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Appends `text` and syncs it before returning (the journal: each confirmed load on disk before the next). */
export function appendDurably(file: string, text: string): void {
  const created = !existsSync(file);
  writeSyncedFile(file, Buffer.from(text), 'a');
  if (created) fsyncDirSync(path.dirname(file));
}

/**
 * Writes (`w`) or appends (`a`) every byte of `data` and syncs the file before returning; the folder is the caller's.
 */
export function writeSyncedFile(file: string, data: Uint8Array, flag: 'w' | 'a'): void {
  const fd = openSync(file, flag);
  try {
    writeAllSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** writeSync until every byte is written (it may write fewer). */
export function writeAllSync(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}
