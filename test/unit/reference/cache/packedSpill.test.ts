// The cache's packed section written to a file of its own as it is made (src/reference/cache/packedSpill.ts): the
// bytes come back whole and in order with their checksum, a chunk may be written over once written, and no file is
// left behind, whatever happened.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackedSpill } from '../../../../src/reference/cache/packedSpill.js';

describe('the packed section spill', () => {
  let dir: string;
  let target: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkg-packedspill-'));
    target = path.join(dir, 'reference-cache.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const copied = async (spill: PackedSpill): Promise<Buffer> => {
    const pieces: Buffer[] = [];
    await spill.copyTo(async (piece) => {
      await Promise.resolve();
      pieces.push(piece);
    });
    return Buffer.concat(pieces);
  };

  it('gives back every byte written, in order, with its length and CRC-32, past a piece of the copy', async () => {
    const spill = new PackedSpill(target);
    const block = Buffer.alloc(700_000);
    const expected: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      block.fill(65 + i); // the same buffer written over after each write
      spill.write(block.subarray(0, 700_000 - i));
      expected.push(Buffer.from(block.subarray(0, 700_000 - i)));
    }
    const all = Buffer.concat(expected);
    expect((await copied(spill)).equals(all)).toBe(true);
    expect(spill.section).toEqual({ bytes: all.length, crc32: crc32(all) });
    spill.close();
  });

  it('with nothing written, copies nothing', async () => {
    const spill = new PackedSpill(target);
    expect(await copied(spill)).toEqual(Buffer.alloc(0));
    expect(spill.section).toEqual({ bytes: 0, crc32: 0 });
    spill.close();
    spill.close();
  });

  it('leaves no file in the folder, while written or once closed', () => {
    const spill = new PackedSpill(target);
    spill.write(Buffer.from('bytes'));
    expect(readdirSync(dir)).toEqual([]);
    spill.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder that is gone', () => {
    rmSync(dir, { recursive: true });
    expect(() => new PackedSpill(target)).toThrow(/ENOENT/);
  });
});
