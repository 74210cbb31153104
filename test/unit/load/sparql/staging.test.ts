// Unit tests (no server): staging names, the guarded swap, the per-graph counts parser, journal records.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGraphCounts } from '../../../../src/load/sparql/count.js';
import { isStagingGraph, markerLine, stagingGraph, swapUpdate } from '../../../../src/load/sparql/staging.js';
import { emptyState, IN_FLIGHT, journalLoad, readState } from '../../../../src/load/state.js';

describe('staging graphs', () => {
  it('are fresh for every attempt and recognised by their prefix only', () => {
    const names = new Set(Array.from({ length: 1000 }, () => stagingGraph()));
    expect(names.size).toBe(1000);
    for (const n of names) expect(n).toMatch(/^urn:pathway-kg:staging:[0-9a-f]{24}$/);
    expect(isStagingGraph([...names][0]!)).toBe(true);
    expect(isStagingGraph('urn:pathway-kg:dataset')).toBe(false);
    expect(isStagingGraph('https://identifiers.org/wikipathways/WP1')).toBe(false);
  });

  it('the swap guards every step that writes the graph with the marker, and removes the marker it copies', () => {
    const s = 'urn:pathway-kg:staging:abc';
    const g = 'https://identifiers.org/wikipathways/WP1';
    const marker = `<${s}> <urn:pathway-kg:staging-of> <${g}>`;
    expect(markerLine(s, g)).toBe(`${marker} .\n`);
    expect(swapUpdate(s, g).split(' ;\n')).toEqual([
      `DELETE { GRAPH <${g}> { ?s ?p ?o } } WHERE { GRAPH <${s}> { ${marker} } GRAPH <${g}> { ?s ?p ?o } }`,
      `INSERT { GRAPH <${g}> { ?s ?p ?o } } WHERE { GRAPH <${s}> { ${marker} . ?s ?p ?o } }`,
      `DELETE DATA { GRAPH <${g}> { ${marker} } }`,
      `DROP SILENT GRAPH <${s}>`,
    ]);
    // No MOVE, no unguarded DROP or CLEAR of the graph itself: a late copy must not be able to empty it.
    expect(swapUpdate(s, g)).not.toMatch(/MOVE|CLEAR|DROP SILENT GRAPH <https/);
  });
});

describe('parseGraphCounts', () => {
  it('reads ?g and ?n of every row', () => {
    const body = JSON.stringify({
      results: {
        bindings: [
          {
            g: { type: 'uri', value: 'urn:a' },
            n: { type: 'typed-literal', datatype: 'http://www.w3.org/2001/XMLSchema#integer', value: '12' },
          },
          { g: { type: 'uri', value: 'urn:b' }, n: { type: 'literal', value: '0' } },
        ],
      },
    });
    expect([...parseGraphCounts(body)!]).toEqual([
      ['urn:a', 12],
      ['urn:b', 0],
    ]);
    expect(parseGraphCounts(JSON.stringify({ results: { bindings: [] } }))!.size).toBe(0);
  });

  it('refuses anything else rather than take a graph as empty', () => {
    expect(parseGraphCounts('<html>error</html>')).toBeUndefined();
    expect(parseGraphCounts(JSON.stringify({ boolean: true }))).toBeUndefined();
    expect(
      parseGraphCounts(
        JSON.stringify({ results: { bindings: [{ g: { type: 'uri', value: 'urn:a' }, n: { value: '-1' } }] } }),
      ),
    ).toBeUndefined();
    expect(
      parseGraphCounts(
        JSON.stringify({ results: { bindings: [{ g: { type: 'bnode', value: 'b0' }, n: { value: '3' } }] } }),
      ),
    ).toBeUndefined();
  });
});

describe('journal records of an endpoint', () => {
  it('in flight, then confirmed with its count; a later in-flight record forgets the count; a drop forgets both', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'pkg-journal-'));
    const t = 'http://store/sparql';
    journalLoad(out, t, 'urn:g1', IN_FLIGHT);
    journalLoad(out, t, 'urn:g1', 'h1', 40);
    journalLoad(out, t, 'urn:g2', 'h2', 7);
    journalLoad(out, t, 'urn:g2', IN_FLIGHT);
    journalLoad(out, t, 'urn:g3', 'h3', 5);
    journalLoad(out, t, 'urn:g3', null);
    expect((await readFile(path.join(out, 'state.journal'), 'utf8')).split('\n')[1]).toBe(
      JSON.stringify({ target: t, graph: 'urn:g1', hash: 'h1', triples: 40 }),
    );
    const state = readState(out);
    expect(state.targets[t]).toEqual({ 'urn:g1': 'h1', 'urn:g2': IN_FLIGHT });
    expect(state.targetTriples?.[t]).toEqual({ 'urn:g1': 40 });
    expect(emptyState().targetTriples).toBeUndefined();
  });
});
