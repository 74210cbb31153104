// Reads one source file only when it is a regular file the run may read: inside the source folders, never a device or a FIFO.

import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

export interface ReadPolicy {
  /** Real paths of the folders searched (--source, --datanodes): a link may point anywhere inside them. */
  roots: string[];
  /** Read links that point outside the roots too (--follow-symlinks). */
  followSymlinks: boolean;
}

export type FileRead = { ok: true; bytes: Buffer } | { ok: false; reason: string; cause?: unknown };

/**
 * The file's bytes, or why it is not read: an errno code, a link out of the source folders, or not a regular file.
 * Opened non-blocking and checked with fstat before reading, so a FIFO or /dev/zero is refused without waiting on it.
 */
export function readRegularFile(file: string, policy: ReadPolicy | undefined): FileRead {
  try {
    if (policy !== undefined && !policy.followSymlinks && lstatSync(file).isSymbolicLink()) {
      const target = realpathSync(file);
      if (!policy.roots.some((root) => isInside(target, root))) {
        return { ok: false, reason: `it is a link to ${target}, outside --source and --datanodes (pass --follow-symlinks to read it)` };
      }
    }
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) return { ok: false, reason: `not a regular file (${kindOf(stats)})` };
      return { ok: true, bytes: readFileSync(fd) };
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
