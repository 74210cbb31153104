// The previous layout.json as a run that builds on it reads it (src/load/layout/previousLayout.ts): entries found in
// the text, not parsed; a kept pathway's entry and claim lines are the bytes JSON.stringify gives for them, so the
// next layout.json and claim spills are what parsing and writing back gave (the layout tests check whole runs).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonChunks } from '../../../../src/jsonChunks.js';
import { bucketOf } from '../../../../src/load/layout/bucket.js';
import { layoutJson, type BucketState, type PathwayContribution } from '../../../../src/load/layout/layoutState.js';
import { pathwayBounds, PreviousLayout } from '../../../../src/load/layout/previousLayout.js';

const D = (c: string) => c.repeat(16);
const entries: Record<string, PathwayContribution> = {
  WP1: {
    digest: 'a'.repeat(32),
    buckets: [3, 9],
    bucketDigests: D('1') + D('2'),
    claims: {
      'https://identifiers.org/wikipathways/WP1': [D('3'), D('4')],
      'https://wikipathways.github.io/pathways/WP1.html': [D('5')],
    },
  },
  WP22: { digest: 'b'.repeat(32), buckets: [], claims: {} },
  // Subjects JSON must escape, and braces and brackets inside strings.
  WP3: {
    digest: 'c'.repeat(32),
    buckets: [0],
    bucketDigests: D('6'),
    claims: { 'urn:x:"quoted"\\back}slash]{[': [D('7')], 'urn:é\u2028': [], 'urn:plain': [D('8'), D('9'), D('0')] },
  },
};
const shared: Record<string, BucketState> = {
  '3': { digest: 'd'.repeat(32), triples: 5, nq: { offset: 10, length: 200 } },
};

let out: string;
beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), 'pkg-prevlayout-'));
  mkdirSync(path.join(out, 'layout'));
  writeFileSync(path.join(out, 'all.nq'), 'x'.repeat(1234));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

/** layout.json as SharedLayout.commit writes it, for `pathways`, describing all.nq as it is. */
function writeLayout(pathways: Record<string, PathwayContribution>, text?: (t: string) => string): void {
  const s = statSync(path.join(out, 'all.nq'));
  const head = { version: 2 as const, buckets: 64, allNq: { size: s.size, mtimeMs: s.mtimeMs } };
  const lines = Object.entries(pathways).map(([w, e]) => `${JSON.stringify(w)}:${JSON.stringify(e)}\n`);
  const json = [...layoutJson(head, [lines.join('')], jsonChunks(shared))].join('');
  writeFileSync(path.join(out, 'layout', 'layout.json'), text ? text(json) : json);
}

describe('PreviousLayout', () => {
  it("gives each entry's text as JSON.stringify writes it, its claim lines, and the shared graphs", () => {
    writeLayout(entries);
    const p = PreviousLayout.read(out)!;
    expect([...p.pathways()]).toEqual(['WP1', 'WP22', 'WP3']);
    expect(p.shared).toEqual(shared);
    for (const [wpid, e] of Object.entries(entries)) {
      expect(p.has(wpid)).toBe(true);
      expect(p.raw(wpid)).toBe(JSON.stringify(e));
      expect(p.entry(wpid)).toEqual(e);
      expect(p.claimLines(wpid)).toEqual(
        Object.entries(e.claims).map(([s, d]) => [bucketOf(s), JSON.stringify([s, d])]),
      );
    }
    expect([p.has('WP2'), p.raw('WP2'), p.entry('WP2'), p.claimLines('WP2')]).toEqual([
      false,
      undefined,
      undefined,
      [],
    ]);
  });

  it('parses the claims when their text is not in the expected shape (digests of another form, keys in another order)', () => {
    const odd: Record<string, PathwayContribution> = {
      WP5: { digest: 'e'.repeat(32), buckets: [1], claims: { 'urn:a': ['not-hex'], 'urn:b': [D('1')] } },
      WP6: { claims: { 'urn:c': [D('2')] }, digest: 'f'.repeat(32), buckets: [] } as PathwayContribution,
    };
    writeLayout(odd);
    const p = PreviousLayout.read(out)!;
    for (const [wpid, e] of Object.entries(odd)) {
      expect(p.raw(wpid)).toBe(JSON.stringify(e));
      expect(p.claimLines(wpid)).toEqual(
        Object.entries(e.claims).map(([s, d]) => [bucketOf(s), JSON.stringify([s, d])]),
      );
    }
  });

  it('no pathway at all', () => {
    writeLayout({});
    const p = PreviousLayout.read(out)!;
    expect([...p.pathways()]).toEqual([]);
    expect(p.shared).toEqual(shared);
  });

  it('none when layout.json is cut short at any point, empty, missing, or describes another all.nq', () => {
    writeLayout(entries);
    const file = path.join(out, 'layout', 'layout.json');
    const whole = readFileSync(file, 'utf8');
    for (let cut = 0; cut < whole.length - 1; cut += 7) {
      writeFileSync(file, whole.slice(0, cut));
      expect(PreviousLayout.read(out), `cut at ${cut}`).toBeUndefined();
    }
    writeFileSync(file, '');
    expect(PreviousLayout.read(out)).toBeUndefined();
    writeLayout(entries);
    writeFileSync(path.join(out, 'all.nq'), 'y'.repeat(99));
    expect(PreviousLayout.read(out)).toBeUndefined();
    rmSync(file);
    expect(PreviousLayout.read(out)).toBeUndefined();
  });

  it('none for a layout of another version or bucket count', () => {
    writeLayout(entries, (t) => t.replace('"version":2', '"version":1'));
    expect(PreviousLayout.read(out)).toBeUndefined();
    writeLayout(entries, (t) => t.replace('"buckets":64', '"buckets":32'));
    expect(PreviousLayout.read(out)).toBeUndefined();
  });
});

describe('pathwayBounds', () => {
  it('finds each entry, escaped keys and strings holding braces included', () => {
    const text = JSON.stringify({ v: 1, pathways: { 'W"1': { a: '}{][', b: [{ c: '\\' }] }, W2: {} }, shared: {} });
    const found = pathwayBounds(text)!;
    expect(JSON.parse(text.slice(found.start, found.end))).toEqual({ 'W"1': { a: '}{][', b: [{ c: '\\' }] }, W2: {} });
    expect([...found.bounds.keys()]).toEqual(['W"1', 'W2']);
    expect(text.slice(...found.bounds.get('W2')!)).toBe('{}');
  });

  it('none without a pathways object', () => {
    expect(pathwayBounds('{"shared":{}}')).toBeUndefined();
    expect(pathwayBounds('{"pathways":{"WP1":1}}')).toBeUndefined();
  });
});
