// all.nq written by NQuadsFile (src/load/fileSinks.ts): kept pathways' bytes are copied from the previous all.nq,
// neighbours as one range through two reused buffers. Whatever the order of kept and new bytes, each must land at the
// range it was told, byte for byte, and a previous file shorter than a kept range must fail the run's commit.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NQuadsFile, type ByteRange } from '../../../src/load/fileSinks.js';
import { QuadSerializer } from '../../../src/load/serialize/serializer.js';

describe('all.nq with kept pathways', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkg-nquads-'));
    file = path.join(dir, 'all.nq');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A previous all.nq of `sizes` pathways, each its own bytes (a letter per pathway, lines numbered). */
  function previous(sizes: number[]): { bytes: Buffer; ranges: ByteRange[] } {
    const parts = sizes.map((size, p) => {
      const line = `<urn:${String.fromCharCode(97 + p)}> .\n`;
      return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size), 'latin1');
    });
    const ranges: ByteRange[] = [];
    let at = 0;
    for (const part of parts) {
      ranges.push({ offset: at, length: part.length });
      at += part.length;
    }
    const bytes = Buffer.concat(parts);
    writeFileSync(file, bytes);
    return { bytes, ranges };
  }

  const open = () => NQuadsFile.open(file, new QuadSerializer({}));
  const chunk = NQuadsFile.COPY_CHUNK;

  it('puts every kept and new range where it said, across copy buffers and out of order', async () => {
    // Pathways larger than a copy buffer, one the size of two, and small ones between.
    const old = previous([chunk + 17, 3, 2 * chunk, 1, 5000, chunk - 1, 40]);
    const nq = await open();
    const fresh = [Buffer.from('<urn:new1> .\n'), Buffer.from('<urn:new2> .\n'), Buffer.from('<urn:shared> .\n')];
    // Kept 0-1 (neighbours), a new page, kept 2-3, kept 5 (4 dropped), kept 4 after it (not a neighbour), new, 6.
    const steps: (number | Buffer)[] = [0, 1, fresh[0]!, 2, 3, 5, 4, fresh[1]!, 6, fresh[2]!];
    const expected: Buffer[] = [];
    const placed: ByteRange[] = [];
    for (const step of steps) {
      if (typeof step === 'number') {
        const range = old.ranges[step]!;
        placed.push(await nq.keep(range));
        expected.push(old.bytes.subarray(range.offset, range.offset + range.length));
      } else {
        placed.push(await nq.writeBytes(step));
        expected.push(step);
      }
    }
    await nq.commit();
    const written = readFileSync(file);
    expect(written.equals(Buffer.concat(expected))).toBe(true);
    let at = 0;
    placed.forEach((range, i) => {
      expect(range).toEqual({ offset: at, length: expected[i]!.length });
      expect(written.subarray(range.offset, range.offset + range.length).equals(expected[i]!)).toBe(true);
      at += range.length;
    });
    expect(readdirSync(dir)).toEqual(['all.nq']);
  });

  it('lets new pathways wait in the stream (up to WAITING bytes) rather than each wait for its write', async () => {
    previous([10]);
    const nq = await open();
    const inner = (nq as unknown as { stream: { stream: { writableLength: number } } }).stream.stream;
    const pages = ['a', 'b', 'c', 'd'].map((c) => Buffer.from(`<urn:${c}> .\n`.repeat(5000))); // 60 KB each
    for (const page of pages) await nq.writeBytes(page);
    // Not yet written: nothing has had its turn in the thread pool since the first write was sent.
    expect(inner.writableLength).toBeGreaterThan(pages[0]!.length);
    expect(NQuadsFile.WAITING).toBeGreaterThan(4 * pages[0]!.length);
    await nq.commit();
    expect(readFileSync(file).equals(Buffer.concat(pages))).toBe(true);
  });

  it('copies a whole unchanged file as it was', async () => {
    const old = previous([10, chunk * 3 + 5, 7]);
    const nq = await open();
    for (const range of old.ranges) await nq.keep(range);
    await nq.commit();
    expect(readFileSync(file).equals(old.bytes)).toBe(true);
  });

  it('fails the commit, leaving the previous file, when a kept range runs past its end', async () => {
    const old = previous([100, 200]);
    const nq = await open();
    await nq.keep(old.ranges[0]!);
    await nq.keep({ offset: 100, length: 201 });
    await expect(nq.commit()).rejects.toThrow(/shorter than its state says/);
    await nq.abort();
    expect(readFileSync(file).equals(old.bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['all.nq']);
  });

  it('fails the next write when a kept range runs past the end', async () => {
    const old = previous([100]);
    const nq = await open();
    await nq.keep({ offset: 50, length: 51 });
    await expect(nq.writeBytes(Buffer.from('x'))).rejects.toThrow(/shorter than its state says/);
    await nq.abort();
    expect(readFileSync(file).equals(old.bytes)).toBe(true);
  });
});
