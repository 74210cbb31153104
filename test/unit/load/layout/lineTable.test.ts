// A bucket's distinct lines as bytes (src/load/layout/lineTable.ts): each line once however often and wherever it is
// met, past the table's first capacities, and sorted exactly as Array.prototype.sort sorts the lines as strings, also
// where UTF-8 byte order is not that order (characters beyond U+FFFF against U+E000–U+FFFD).

import { describe, expect, it } from 'vitest';
import { hashBytes, LineTable } from '../../../../src/load/layout/lineTable.js';

/** Adds `line` to `table` from inside a larger buffer (bytes on either side, as in a spill block). */
function add(table: LineTable, line: string): number {
  const bytes = Buffer.from(`WP1\t${line}\n<junk>`, 'utf8');
  const start = 4;
  return table.add(bytes, start, start + Buffer.byteLength(line, 'utf8'));
}

function lines(table: LineTable, order: Iterable<number>): string[] {
  return Array.from(order, (e) => table.line(e).toString('utf8'));
}

function expectSame(table: LineTable, text: (n: number) => string): void {
  const want = [...new Set(Array.from({ length: 9000 }, (_, n) => text(n)))];
  expect(table.size).toBe(want.length);
  expect(lines(table, table.sorted())).toEqual([...want].sort());
  for (let n = 0; n < 9000; n += 7) expect(add(table, text(n))).toBeLessThan(want.length); // met again: no new entry
  expect(table.size).toBe(want.length);
}

describe('LineTable', () => {
  it('holds each line once, wherever it came from, and gives its bytes and subject back', () => {
    const table = new LineTable();
    const a = add(table, '<http://ex.org/a> <http://ex.org/p> "x" .');
    const b = add(table, '<http://ex.org/b> <http://ex.org/p> "x" .');
    expect(add(table, '<http://ex.org/a> <http://ex.org/p> "x" .')).toBe(a);
    expect(add(table, '<http://ex.org/a> <http://ex.org/p> "x"')).not.toBe(a); // a prefix is another line
    expect(table.size).toBe(3);
    expect(b).not.toBe(a);
    expect(table.line(b).toString('utf8')).toBe('<http://ex.org/b> <http://ex.org/p> "x" .');
    expect(table.length(b)).toBe(table.line(b).length);
    expect(table.subject(a)).toBe('http://ex.org/a');
    const copy = Buffer.alloc(table.length(a) + 2, 0x2a);
    expect(table.copyLine(a, copy, 1)).toBe(1 + table.length(a));
    expect(copy.toString('utf8')).toBe('*<http://ex.org/a> <http://ex.org/p> "x" .*');
  });

  it('keeps every line past its first entries, slots and bytes (20,000 lines of up to 400 bytes, each met twice)', () => {
    const table = new LineTable();
    const text = (n: number) => `<http://ex.org/n${n}> <http://ex.org/p> "${'v'.repeat(n % 400)}" .`;
    const entries: number[] = [];
    for (let n = 0; n < 20_000; n++) entries.push(add(table, text(n)));
    const again: number[] = [];
    for (let n = 0; n < 20_000; n++) again.push(add(table, text(n)));
    expect(again).toEqual(entries);
    expect(table.size).toBe(20_000);
    expect(new Set(entries).size).toBe(20_000);
    for (let n = 0; n < 20_000; n += 997) expect(table.line(entries[n]!).toString('utf8')).toBe(text(n));
  });

  it('made for more bytes than come (sized from its files) or fewer, holds the same lines', () => {
    const text = (n: number) => `<http://ex.org/n${n % 3000}> <http://ex.org/p> "${'v'.repeat(n % 50)}" .`;
    for (const bytes of [0, 100, 5_000_000]) {
      const table = new LineTable(bytes);
      for (let n = 0; n < 9000; n++) add(table, text(n));
      expectSame(table, text);
    }
  });

  it('tells whether two lines have the same subject (the bytes up to the first `>`)', () => {
    const table = new LineTable();
    const a = add(table, '<http://ex.org/a> <http://ex.org/p> "x" .');
    const a2 = add(table, '<http://ex.org/a> <http://ex.org/q> <http://ex.org/b> .');
    const ab = add(table, '<http://ex.org/ab> <http://ex.org/p> "x" .');
    const b = add(table, '<http://ex.org/b> <http://ex.org/p> "x" .');
    const bare = add(table, '<http://ex.org/a');
    expect(table.sameSubject(a, a2)).toBe(true);
    expect(table.sameSubject(a2, a)).toBe(true);
    expect(table.sameSubject(a, ab)).toBe(false);
    expect(table.sameSubject(ab, a)).toBe(false);
    expect(table.sameSubject(a, b)).toBe(false);
    expect(table.sameSubject(a, bare)).toBe(false); // no `>` in one of them: not the same
    expect(table.sameSubject(bare, bare)).toBe(false);
  });

  it('hashes every byte of a line, the last ones (not a multiple of four) included', () => {
    const bytes = Buffer.from('<http://ex.org/a> <p> "abcdefgh" .', 'latin1');
    const hashes = new Set<number>();
    for (let end = 0; end <= bytes.length; end++) hashes.add(hashBytes(bytes, 0, end));
    expect(hashes.size).toBe(bytes.length + 1);
    for (let k = 0; k < bytes.length; k++) {
      const changed = Buffer.from(bytes);
      changed[k] = changed[k]! ^ 1;
      expect(hashBytes(changed, 0, bytes.length)).not.toBe(hashBytes(bytes, 0, bytes.length));
    }
    expect(hashBytes(Buffer.concat([Buffer.from('xy'), bytes]), 2, bytes.length + 2)).toBe(
      hashBytes(bytes, 0, bytes.length),
    );
  });

  it('sorts ASCII lines as strings sort, a line before those it is the start of', () => {
    const table = new LineTable();
    const texts = ['<b> <p> "x" .', '<a> <p> "x" .', '<a> <p> "x" . more', '<a> <p> "x', '<A> <p> "x" .', '<a>'];
    for (const t of texts) add(table, t);
    expect(lines(table, table.sorted())).toEqual([...texts].sort());
  });

  it('sorts non-ASCII lines as strings sort (UTF-16 code units), beyond U+FFFF included', () => {
    const table = new LineTable();
    const texts = [
      '<x> <p> "\u{1F600}" .', // beyond U+FFFF: surrogates D83D DE00, bytes F0 9F 98 80
      '<x> <p> "\uFF01" .', // U+FF01: bytes EF BC 81, after the surrogates as code units, before as bytes
      '<x> <p> "\uE000" .',
      '<x> <p> "\uFFFD" .',
      '<x> <p> "é" .',
      '<x> <p> "z" .',
      '<x> <p> "\u{10000}" .',
      '<é> <p> "a" .',
    ];
    for (const t of texts) add(table, t);
    const sorted = lines(table, table.sorted());
    expect(sorted).toEqual([...texts].sort());
    expect(sorted.indexOf('<x> <p> "\u{1F600}" .')).toBeLessThan(sorted.indexOf('<x> <p> "\uFF01" .'));
  });

  it('sorts non-ASCII lines below U+10000 as strings sort (bytes, no decoding needed)', () => {
    const table = new LineTable();
    const texts = ['<x> <p> "\uFF01" .', '<x> <p> "é" .', '<x> <p> "\u0100" .', '<x> <p> "~" .', '<x> <p> "\uE000" .'];
    for (const t of texts) add(table, t);
    expect(lines(table, table.sorted())).toEqual([...texts].sort());
  });

  it('an empty table sorts to nothing', () => {
    expect(new LineTable().sorted()).toHaveLength(0);
  });
});
