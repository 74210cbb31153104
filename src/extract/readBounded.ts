// Reads a file only up to a byte limit: a huge page, or a device that never ends, costs no more than the limit.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { PipelineError } from '../errors.js';
import { overLimit, type Limits } from '../limits.js';

export type BoundedRead = { ok: true; bytes: Uint8Array } | { ok: false; size: number | undefined };

const CHUNK = 64 * 1024;

/**
 * The file's bytes when it holds at most `maxBytes`; otherwise its size (from stat, before anything
 * is read) or undefined when the size is unknown and reading went past the limit (`/dev/zero`, /proc).
 * Throws the fs error for a file that cannot be read.
 */
export function readBounded(file: string, maxBytes: number): BoundedRead {
  const size = statSync(file).size;
  if (size > maxBytes) return { ok: false, size };
  const fd = openSync(file, 'r');
  try {
    return readFdBounded(fd, size, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** readBounded on a file already open, whose stat gave `size`. */
export function readFdBounded(fd: number, size: number, maxBytes: number): BoundedRead {
  if (size > maxBytes) return { ok: false, size };
  {
    // Sized by stat, plus one byte to notice a file that grew, or a device that reports size 0.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes, size > 0 ? size : CHUNK) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, size: undefined };
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { ok: false, size: undefined };
    return { ok: true, bytes: buffer.subarray(0, length) };
  }
}

/**
 * The bytes of a page (`pageBytes`) or table (`tableBytes`); over the limit, a located PAGE_/TABLE_LIMIT_EXCEEDED
 * reject.
 */
export function readWithin(file: string, key: 'pageBytes' | 'tableBytes', limits: Limits): Uint8Array {
  const read = readBounded(file, limits[key]);
  if (read.ok) return read.bytes;
  throw tooLarge(file, key, read.size, limits);
}

/** The located PAGE_/TABLE_LIMIT_EXCEEDED reject of a file of `size` bytes (undefined: more than the limit). */
export function tooLarge(
  file: string,
  key: 'pageBytes' | 'tableBytes',
  size: number | undefined,
  limits: Limits,
): PipelineError {
  const what = key === 'pageBytes' ? 'Page' : 'Participant table';
  const bytes =
    size === undefined
      ? `more than ${limits[key].toLocaleString('en-US')} bytes`
      : `${size.toLocaleString('en-US')} bytes`;
  return overLimit(
    key === 'pageBytes' ? 'PAGE_LIMIT_EXCEEDED' : 'TABLE_LIMIT_EXCEEDED',
    `${what} is ${bytes}, not read`,
    key,
    limits,
    { file },
  );
}
