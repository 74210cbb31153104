import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGzip, readReferenceText } from '../../../src/reference/gzip.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference');

describe('readReferenceText', () => {
  it('tells gzip by its magic bytes', () => {
    expect(isGzip(Uint8Array.from([0x1f, 0x8b, 8]))).toBe(true);
    expect(isGzip(Uint8Array.from([0x1f]))).toBe(false);
    expect(isGzip(Buffer.from('format-version: 1.2'))).toBe(false);
  });

  it("reads all the members of a multi-member file (the trailer gives the last one's size) and rejects a wrong size", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gzip-'));
    const text = 'α'.repeat(100_000) + '\n';
    const twoMembers = path.join(dir, 'two.gz');
    writeFileSync(twoMembers, Buffer.concat([gzipSync(text), gzipSync('tail\n')]));
    expect(await readReferenceText(twoMembers)).toBe(`${text}tail\n`);
    const trailer = gzipSync(text);
    trailer.writeUInt32LE(10, trailer.length - 4);
    const wrong = path.join(dir, 'wrong.gz');
    writeFileSync(wrong, trailer);
    await expect(readReferenceText(wrong)).rejects.toMatchObject({ code: 'REFERENCE_INVALID' });
  });

  it('returns the same text for a plain and a gzipped file, without a byte order mark', async () => {
    expect(await readReferenceText(path.join(FIXTURES, 'bom.txt'))).toBe('id\tlabel\n');
    expect(await readReferenceText(path.join(FIXTURES, 'bom.txt.gz'))).toBe('id\tlabel\n');
  });
});
