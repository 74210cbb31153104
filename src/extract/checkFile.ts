// Reads one source file only when it is a regular file the run may read: inside the source folders, never a device or a
// FIFO.

import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { readFdBounded } from './readBounded.js';

export interface ReadPolicy {
  /** Real paths of the folders searched (--source, --datanodes): a link may point anywhere inside them. */
  roots: string[];
  /** Read links that point outside the roots too (--follow-symlinks). */
  followSymlinks: boolean;
}

export type FileRead =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: string; cause?: unknown }
  /** Over `maxBytes`: its size when stat knew it, undefined when reading went past the limit. */
  | { ok: false; tooLarge: true; size: number | undefined };

/**
 * The file's bytes, or why it is not read: an errno code, a link out of the source folders, or not a regular file.
 * Checked with stat before opening (opening a FIFO waits for a writer, a tape rewinds), opened non-blocking all the
 * same, and checked again on the open file, so that a file swapped in between is not read either.
 */
export function readRegularFile(
  file: string,
  policy: ReadPolicy | undefined,
  maxBytes = Number.MAX_SAFE_INTEGER,
): FileRead {
  try {
    let flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
    let linkTarget: Stats | undefined;
    if (policy !== undefined && !policy.followSymlinks) {
      if (lstatSync(file).isSymbolicLink()) {
        const target = realpathSync(file);
        if (!policy.roots.some((root) => isInside(target, root))) {
          return {
            ok: false,
            reason: `it is a link to ${target}, outside --source and --datanodes (pass --follow-symlinks to read it)`,
          };
        }
        linkTarget = lstatSync(target);
      } else {
        flags |= constants.O_NOFOLLOW; // it must not become a link before it is opened
      }
    }
    const before = linkTarget ?? statSync(file);
    if (!before.isFile()) return { ok: false, reason: `not a regular file (${kindOf(before)})` };
    const fd = openSync(file, flags);
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return { ok: false, reason: `not a regular file (${kindOf(opened)})` };
      if (opened.dev !== before.dev || opened.ino !== before.ino)
        return { ok: false, reason: 'it changed while being opened' };
      const read = readFdBounded(fd, opened.size, maxBytes);
      return read.ok ? read : { ok: false, tooLarge: true, size: read.size };
    } finally {
      closeSync(fd);
    }
  } catch (cause) {
    return { ok: false, reason: (cause as NodeJS.ErrnoException).code ?? String(cause), cause };
  }
}

export function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}
