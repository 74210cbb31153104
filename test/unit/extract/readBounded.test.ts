// Reading a file up to a limit: the size is taken from stat before anything is read, and a file whose
// stat says nothing of its size (a device) is read no further than the limit.

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBounded, readWithin } from '../../../src/extract/readBounded.js';
import { DEFAULT_LIMITS } from '../../../src/limits.js';

describe('readBounded', () => {
  it('reads a file of exactly the limit, and refuses one byte more by its size', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-bounded-'));
    await writeFile(path.join(dir, 'a'), 'x'.repeat(1000));
    const ok = readBounded(path.join(dir, 'a'), 1000);
    expect(ok.ok && Buffer.from(ok.bytes).toString()).toBe('x'.repeat(1000));
    expect(readBounded(path.join(dir, 'a'), 999)).toEqual({ ok: false, size: 1000 });
  });

  it('reads an empty file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-bounded-'));
    await writeFile(path.join(dir, 'a'), '');
    const read = readBounded(path.join(dir, 'a'), 10);
    expect(read.ok && read.bytes.length).toBe(0);
  });

  it.runIf(existsSync('/dev/zero'))('stops reading /dev/zero at the limit', () => {
    const started = Date.now();
    expect(readBounded('/dev/zero', 1024 * 1024)).toEqual({ ok: false, size: undefined });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.runIf(existsSync('/dev/zero'))('names the limit when a table is over it', () => {
    expect(() => readWithin('/dev/zero', 'tableBytes', DEFAULT_LIMITS)).toThrow(
      expect.objectContaining({
        code: 'TABLE_LIMIT_EXCEEDED',
        file: '/dev/zero',
        message:
          'Participant table is more than 2,097,152 bytes, not read; the limit is 2,097,152 (raise it with --limit table-bytes=<n>)',
      }),
    );
  });
});
