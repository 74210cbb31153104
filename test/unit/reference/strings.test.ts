// Reading reference texts line by line (from text or from bytes), digests, own copies and compact lists.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  byteLineReader,
  compact,
  lineReader,
  ownCopy,
  textDigest,
  type LineReader,
} from '../../../src/reference/strings.js';

function all(reader: LineReader): { lines: string[]; counts: number[] } {
  const lines: string[] = [];
  const counts: number[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    lines.push(line);
    counts.push(reader.count);
  }
  expect(reader.next()).toBeUndefined();
  return { lines, counts };
}

// Long enough to cross the 32 KB blocks of byteLineReader, with a line longer than a block and multibyte text at the
// cuts.
const LONG =
  Array.from({ length: 3000 }, (_, i) => `line ${i} ${'é漢😀'.repeat(i % 13)}${i % 7 === 0 ? '\r' : ''}`).join('\n') +
  `\n${'x'.repeat(70_000)}\r\nend`;
const TEXTS = ['', '\n', '\n\n', 'a', 'a\n', 'a\r\nb', 'a\rb', '\r\n', 'x\r', 'a\r\n\r\nb\n', 'é\n漢\r\n😀', LONG];

describe('lineReader and byteLineReader', () => {
  it('give the lines text.split(/\\r?\\n/) gives, numbered from 1', () => {
    for (const text of TEXTS) {
      const expected = text.split(/\r?\n/);
      const counts = expected.map((_, i) => i + 1);
      expect(all(lineReader(text))).toEqual({ lines: expected, counts });
      expect(all(byteLineReader(Buffer.from(text, 'utf8')))).toEqual({ lines: expected, counts });
    }
  });

  it('drop a byte order mark and decode bad bytes as the whole-text decoder does', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('id\tlabel\n'),
      Buffer.from([0xc3, 0x0a, 0xff, 0x41]),
    ]);
    const text = bytes.toString('utf8').slice(1);
    expect(all(byteLineReader(bytes)).lines).toEqual(text.split(/\r?\n/));
    expect(all(byteLineReader(bytes)).lines).toEqual(['id\tlabel', '\ufffd', '\ufffdA']);
  });
});

describe('textDigest', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  it('is the sha256 of the decoded text, byte order mark dropped, bad bytes as the decoder reads them', () => {
    expect(textDigest(Buffer.from('abc é\n'))).toBe(sha('abc é\n'));
    expect(textDigest(Buffer.from('\ufeffabc'))).toBe(sha('abc'));
    const bad = Buffer.from([0x61, 0xff, 0x62]);
    expect(textDigest(bad)).toBe(sha('a\ufffdb'));
    expect(textDigest(Buffer.alloc(0))).toBe(sha(''));
  });
});

describe('ownCopy and compact', () => {
  it('copy strings and lists without changing them', () => {
    const text = `prefix ${'y'.repeat(100)} suffix`;
    for (const s of ['', 'short', text.slice(7, 107), `${text}!`]) expect(ownCopy(s)).toBe(s);
    const grown: number[] = [];
    for (let i = 0; i < 3; i++) grown.push(i);
    expect(compact(grown)).toEqual([0, 1, 2]);
    expect(compact(grown)).not.toBe(grown);
    expect(compact([])).toEqual([]);
    expect(compact<string>([])).toBe(compact<number>([]));
    expect(() => (compact<number>([]) as number[]).push(1)).toThrow(TypeError);
  });
});
