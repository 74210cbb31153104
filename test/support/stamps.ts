// Edits that a file's size and mtime do not show: what the stamp checks of a run must still see.

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Sets a file's mtime to the nanosecond (Node's utimes keeps microseconds only). */
export function setMtimeNs(file: string, ns: bigint): void {
  const r = spawnSync('touch', [
    '-m',
    '-d',
    `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`,
    file,
  ]);
  if (r.status !== 0) throw new Error(`touch failed: ${r.stderr}`);
}

/**
 * Replaces `from` by `to` in the file, in place, and puts its mtime back to the nanosecond; checks that its size,
 * mtime and inode are as before (with `to` as long as `from`, only the ctime moves). Gives the stats from before.
 */
export function editKeepingStamps(
  file: string,
  from: string,
  to: string,
): ReturnType<typeof statSync<{ bigint: true }>> {
  const before = statSync(file, { bigint: true });
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  setMtimeNs(file, before.mtimeNs);
  const after = statSync(file, { bigint: true });
  expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
  return before;
}
