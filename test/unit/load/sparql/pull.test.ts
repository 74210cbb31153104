// --serve-from, the parts without a network: a graph's triples as N-Quads lines of one document shared by many graphs
// (blank nodes kept apart), the Update request of a document, and the documents' size.

import { describe, expect, it } from 'vitest';
import { DataFactory, Parser } from 'n3';
import { DocumentBatch, loadUpdate, quadLines } from '../../../../src/load/sparql/pull.js';
import { graphTriples } from '../../../../src/load/sparql/triples.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const P = namedNode('https://example.org/p');

/** A graph whose blank nodes graphTriples labels b0 and b1, like every other graph's. */
function graphWithBlanks(g: string) {
  return graphTriples(
    [
      quad(namedNode(g), P, blankNode('x')),
      quad(blankNode('x'), P, blankNode('y')),
      quad(blankNode('y'), P, literal('ends like a label _:b1')),
      quad(namedNode(`${g}#s`), P, literal('plain')),
    ],
    g,
  );
}

describe('quadLines', () => {
  it('puts every triple into its graph, and two graphs with the same blank-node labels stay apart in one document', () => {
    const a = 'https://example.org/graph/a';
    const b = 'https://example.org/graph/b';
    const ta = graphWithBlanks(a);
    const tb = graphWithBlanks(b);
    // Both graphs label their blank nodes alike: sent as they are, one document would join them.
    expect(ta.blankGroups.flat().join('')).toContain('_:b0');
    expect(tb.blankGroups.flat().join('')).toContain('_:b0');
    const doc = quadLines(ta, a, 'g0') + quadLines(tb, b, 'g1');
    const quads = new Parser({ format: 'N-Quads' }).parse(doc);
    expect(quads).toHaveLength(8);
    const blanksOf = (g: string) =>
      new Set(
        quads
          .filter((q) => q.graph.value === g)
          .flatMap((q) => [q.subject, q.object])
          .filter((t) => t.termType === 'BlankNode')
          .map((t) => t.value),
      );
    expect(blanksOf(a).size).toBe(2);
    expect(blanksOf(b).size).toBe(2);
    expect([...blanksOf(a)].filter((x) => blanksOf(b).has(x))).toEqual([]);
    // The chain inside one graph is kept: <a> -> x -> y -> literal.
    const inA = quads.filter((q) => q.graph.value === a);
    const x = inA.find((q) => q.subject.value === a)!.object;
    const y = inA.find((q) => q.subject.equals(x))!.object;
    expect(inA.find((q) => q.subject.equals(y))!.object).toEqual(literal('ends like a label _:b1'));
    // A literal that looks like a label is left as it is.
    expect(doc).toContain('"ends like a label _:b1" <https://example.org/graph/a> .\n');
  });
});

describe('loadUpdate', () => {
  it('empties exactly the graphs of the document, then loads it, in one request', () => {
    expect(loadUpdate(['https://example.org/g/1', 'https://example.org/g/2'], 'http://127.0.0.1:9/t/0.nq')).toBe(
      'DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?g { <https://example.org/g/1> <https://example.org/g/2> } ' +
        'GRAPH ?g { ?s ?p ?o } } ;\nLOAD <http://127.0.0.1:9/t/0.nq>',
    );
  });
});

describe('DocumentBatch', () => {
  it('hands a document over once it holds the byte limit, with every graph added since the last one', () => {
    const batch = new DocumentBatch(200);
    const settle = () => undefined;
    const rest = { beforeChange: () => undefined, settle };
    const small = (g: string) => graphTriples([quad(namedNode(g), P, literal('v'))], g);
    expect(batch.add('https://example.org/g/1', small('https://example.org/g/1'), rest)).toEqual([]);
    expect(batch.has('https://example.org/g/1')).toBe(true);
    expect(batch.add('https://example.org/g/2', small('https://example.org/g/2'), rest)).toEqual([]);
    const full = batch.add('https://example.org/g/3', small('https://example.org/g/3'), rest);
    expect(full.map((g) => g.graph)).toEqual([
      'https://example.org/g/1',
      'https://example.org/g/2',
      'https://example.org/g/3',
    ]);
    expect(full.reduce((n, g) => n + g.text.length, 0)).toBeGreaterThanOrEqual(200);
    expect(batch.has('https://example.org/g/1')).toBe(false);
    expect(batch.take()).toEqual([]);
  });
});
