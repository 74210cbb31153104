// jsonChunks writes exactly what JSON.stringify writes, for the shapes state.json and report.json have and the
// corners of JSON.stringify (omitted properties, null in arrays, toJSON, empty containers, escapes).

import { describe, expect, it } from 'vitest';
import { JsonEntries, jsonChunks } from '../../src/jsonChunks.js';

const corners = {
  version: 1,
  skipped: undefined,
  fn: () => 1,
  nothing: null,
  empty: { object: {}, array: [] },
  list: [1, undefined, () => 2, null, 'x', [], {}, [[]], [{ a: [] }]],
  text: 'line\nbreak "quoted" \\ tab\t \u2028 é 漢字 \ud83d\ude00',
  date: new Date(Date.UTC(2026, 11, 7, 9, 30)),
  withToJSON: { toJSON: () => ({ replaced: [1, 2] }) },
  deep: { a: { b: { c: { d: { e: [1, { f: 'g' }] } } } } },
  numbers: [0, -0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY],
  map: new Map([['k', 'v']]),
  '': 'empty key',
  'needs "escaping"\n': true,
};

function state(n: number) {
  const pathways: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    pathways[`WP${i}`] = {
      hash: `h${i}`,
      nq: { offset: i * 100, length: 100 },
      triples: 3,
      termIds: i % 2 ? [] : ['PW:0000001', 'DOID:4'],
      ...(i % 3 === 0 ? { warnings: [{ code: 'TABLE_ROW_INVALID', message: `row ${i}`, line: 2 }] } : {}),
    };
  return { version: 1, allNq: { size: 12, mtimeMs: 1.5 }, pathways, targets: {}, fingerprint: undefined };
}

describe('jsonChunks', () => {
  for (const indent of [0, 1, 2, 4])
    it(`joins to JSON.stringify(value, null, ${indent})`, () => {
      for (const value of [corners, state(50), [], {}, [corners, [corners]], 'top', 7, null])
        expect([...jsonChunks(value, indent)].join('')).toBe(JSON.stringify(value, null, indent));
    });

  it('appends the end text once, also to an empty chunk list', () => {
    expect([...jsonChunks({ a: 1 }, 2, '\n')].join('')).toBe('{\n  "a": 1\n}\n');
  });

  it('hands a large value on in pieces of about 64 KB, never in one string', () => {
    const value = state(20_000);
    const chunks = [...jsonChunks(value, 2, '\n')];
    expect(chunks.join('')).toBe(JSON.stringify(value, null, 2) + '\n');
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024 + 1024);
  });
});

describe('JsonEntries', () => {
  const values = [corners, 1, undefined, null, 'x', [], {}];
  const pairs: [string, unknown][] = values.map((v, i) => [`k${i}`, v]);
  for (const indent of [0, 2])
    it(`is written as the array or object of its entries (indent ${indent}), at any depth`, () => {
      const made = {
        list: new JsonEntries('array', () => values),
        object: new JsonEntries('object', () => pairs),
        deep: { a: { b: { c: { d: new JsonEntries('array', () => values) } } } },
        none: [new JsonEntries('array', () => []), new JsonEntries('object', () => [])],
      };
      const plain = {
        list: values,
        object: Object.fromEntries(pairs),
        deep: { a: { b: { c: { d: values } } } },
        none: [[], {}],
      };
      expect([...jsonChunks(made, indent)].join('')).toBe(JSON.stringify(plain, null, indent));
    });
});
