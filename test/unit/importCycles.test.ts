// Import cycles: the detector on a fixture of known cycles, then src/ itself.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../support/importCycles.js';

const FIXTURE = path.resolve('test/fixtures/importCycles');
const SRC = path.resolve('src');

describe('findCycles', () => {
  it('finds type-only, re-export, dynamic, cross-folder and self cycles, and nothing else', () => {
    expect(findCycles(importGraph(FIXTURE))).toEqual([
      { files: ['a.ts', 'b.ts', 'c.ts'], cycle: ['a.ts', 'b.ts', 'c.ts', 'a.ts'] },
      { files: ['d.ts', 'e.ts'], cycle: ['d.ts', 'e.ts', 'd.ts'] },
      { files: ['k.ts', 'sub/j.ts'], cycle: ['k.ts', 'sub/j.ts', 'k.ts'] },
      { files: ['self.ts'], cycle: ['self.ts', 'self.ts'] },
    ]);
  });

  it('reads imports from code only, not from comments or strings', () => {
    expect([...importGraph(FIXTURE).get('f.ts')!]).toEqual(['g.ts']);
  });

  it('gives the shortest cycle of a group with several', () => {
    const graph = new Map([
      ['a', new Set(['b', 'x'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['x', new Set(['a'])],
    ]);
    expect(findCycles(graph)).toEqual([{ files: ['a', 'b', 'c', 'x'], cycle: ['a', 'x', 'a'] }]);
  });
});

describe('src/', () => {
  const cycles = findCycles(importGraph(SRC));

  it('has no import cycle under transform/participants', () => {
    expect(cycles.filter((c) => c.files.some((f) => f.startsWith('transform/participants/')))).toEqual([]);
  });

  it('has no import cycle anywhere in src/, type-only imports included', () => {
    // eslint's import-x/no-cycle sees runtime imports only; a type-only cycle is one `import` away from one.
    expect(cycles.map((c) => c.cycle.join(' → '))).toEqual([]);
  });
});
