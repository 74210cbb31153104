// A spill file on a full disk: appendBytes fails as append does, naming the spill (a write by descriptor carries no
// path). The disk is made full by the write itself failing with ENOSPC.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/load/durable.js', async (original) => ({
  ...(await original<typeof import('../../../src/load/durable.js')>()),
  writeAllSync: () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  },
}));

const { SpillFile } = await import('../../../src/load/spillFile.js');

describe('SpillFile on a full disk', () => {
  it.each([
    ['past the buffer, written at once', 'x'.repeat(40)],
    ['filling the buffer, then flushed', 'y'.repeat(10)],
  ])('appendBytes %s: OUTPUT_UNWRITABLE naming the spill', (_, text) => {
    const spill = new SpillFile(path.join(mkdtempSync(path.join(tmpdir(), 'pkg-spill-full-')), 'z'), 16);
    const fail = () => {
      spill.appendBytes(Buffer.from(text));
      spill.appendBytes(Buffer.from(text));
    };
    expect(fail).toThrow(expect.objectContaining({ code: 'OUTPUT_UNWRITABLE', file: spill.file }) as Error);
  });
});
