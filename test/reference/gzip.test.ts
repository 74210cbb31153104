import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGzip, readReferenceText } from '../../src/reference/gzip.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'reference');

describe('readReferenceText', () => {
  it('tells gzip by its magic bytes', () => {
    expect(isGzip(Uint8Array.from([0x1f, 0x8b, 8]))).toBe(true);
    expect(isGzip(Uint8Array.from([0x1f]))).toBe(false);
    expect(isGzip(Buffer.from('format-version: 1.2'))).toBe(false);
  });

  it('returns the same text for a plain and a gzipped file, without a byte order mark', async () => {
    expect(await readReferenceText(path.join(FIXTURES, 'bom.txt'))).toBe('id\tlabel\n');
    expect(await readReferenceText(path.join(FIXTURES, 'bom.txt.gz'))).toBe('id\tlabel\n');
  });
});
