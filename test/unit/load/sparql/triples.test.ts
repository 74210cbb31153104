import { describe, expect, it } from 'vitest';
import { DataFactory, Parser, Writer } from 'n3';
import { batches, graphTriples, packGroups } from '../../../../src/load/sparql/triples.js';
import { tooLarge } from '../../../../src/load/sparql/update.js';
import { graphUrl } from '../../../../src/load/sparql/graphStore.js';
import { countQuery, parseCount } from '../../../../src/load/sparql/count.js';
import { PipelineError } from '../../../../src/errors.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;
const G = 'https://identifiers.org/wikipathways/WP1';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('graphTriples', () => {
  it('writes N-Triples lines that parse back to the same triples, whatever the literal holds', () => {
    const values = [
      'say "hi"',
      'line\nbreak\r\n',
      'back\\slash \\n',
      'tab\there',
      'é 漢字 😀',
      '\u0001\u007f',
      '} } ; DROP ALL ; INSERT DATA { GRAPH <x> {',
    ];
    const quads = values.map((v, i) => quad(iri(`http://ex.org/s${i}`), iri('http://ex.org/p'), literal(v), iri(G)));
    quads.push(quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('hello', 'en-GB')));
    quads.push(quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('2021-01-25', iri(`${XSD}date`))));
    const t = graphTriples(quads, G);
    expect(t.count).toBe(values.length + 2);
    expect(t.blankGroups).toEqual([]);
    const parsed = new Parser({ format: 'N-Triples' }).parse(t.ground.join(''));
    expect(
      parsed.map((q) => [q.subject.value, q.object.value, q.object.termType === 'Literal' ? q.object.language : '']),
    ).toEqual([
      ...values.map((v, i) => [`http://ex.org/s${i}`, v, '']),
      ['http://ex.org/s', 'hello', 'en-gb'],
      ['http://ex.org/s', '2021-01-25', ''],
    ]);
    // every line is one line: nothing inside a literal can break the statement
    for (const line of t.ground) expect(line.split('\n')).toHaveLength(2);
  });

  it("writes each line as n3's N-Triples Writer does (the endpoint gets what it got before all.nq's encoder was used)", () => {
    const s = iri('https://例え.jp/パス');
    const objects = [
      literal('say "hi"\n\t\\ \u0000\u0001\u001f\u007f\b\f é 漢字 😀 \ud800'),
      literal('hello', 'en-GB'),
      literal('2021-01-25', iri(`${XSD}date`)),
      literal('42', iri(`${XSD}integer`)),
      literal('x', iri(`${XSD}string`)),
      iri('http://ex.org/ü%20x'),
      blankNode('n1'),
    ];
    const quads = objects.map((o) => quad(s, iri('http://ex.org/p'), o, iri(G)));
    const writer = new Writer({ format: 'N-Triples' });
    const expected = quads.map((q) =>
      writer.quadToString(q.subject, q.predicate, q.object.termType === 'BlankNode' ? blankNode('b0') : q.object),
    );
    const t = graphTriples(quads, G);
    expect([...t.ground, ...t.blankGroups.flat()]).toEqual(expected);
  });

  it('drops duplicate triples and graph names', () => {
    const s = iri('http://ex.org/s');
    const p = iri('http://ex.org/p');
    const t = graphTriples(
      [quad(s, p, literal('a'), iri(G)), quad(s, p, literal('a'), iri('http://other')), quad(s, p, literal('a'))],
      G,
    );
    expect(t).toEqual({ ground: ['<http://ex.org/s> <http://ex.org/p> "a" .\n'], blankGroups: [], count: 1 });
  });

  it('keeps triples that share blank nodes in one group and relabels the nodes', () => {
    const p = iri('http://ex.org/p');
    const quads = [
      quad(iri('http://ex.org/a'), p, blankNode('x y')), // a label N-Triples could not carry
      quad(blankNode('x y'), p, blankNode('z')),
      quad(blankNode('z'), p, literal('1')),
      quad(blankNode('other'), p, literal('2')),
      quad(iri('http://ex.org/a'), p, literal('3')),
    ];
    const t = graphTriples(quads, G);
    expect(t.count).toBe(5);
    expect(t.ground).toEqual(['<http://ex.org/a> <http://ex.org/p> "3" .\n']);
    expect(t.blankGroups).toEqual([
      [
        '<http://ex.org/a> <http://ex.org/p> _:b0 .\n',
        '_:b0 <http://ex.org/p> _:b1 .\n',
        '_:b1 <http://ex.org/p> "1" .\n',
      ],
      ['_:b2 <http://ex.org/p> "2" .\n'],
    ]);
  });

  it.each([
    [
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), iri('http://ex.org/o> . <http://evil')),
      `Graph <${G}>: "http://ex.org/o> . <http://evil" is not an absolute IRI that can be sent to a SPARQL store`,
    ],
    [
      quad(iri('http://ex.org/s'), iri('relative'), literal('x')),
      `Graph <${G}>: "relative" is not an absolute IRI that can be sent to a SPARQL store`,
    ],
    [
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('x', 'en} } DROP ALL #')),
      `Graph <${G}>: language tag "en} } drop all #" is not a valid BCP 47 tag`,
    ],
    [
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('x', iri('http://ex.org/dt>'))),
      `Graph <${G}>: "http://ex.org/dt>" is not an absolute IRI that can be sent to a SPARQL store`,
    ],
    [
      quad(literal('x') as never, iri('http://ex.org/p'), literal('x')),
      `Graph <${G}>: a Literal cannot be the subject of a triple sent to a SPARQL store`,
    ],
    [
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), iri('http://ex.org/\u0085%zz')),
      `Graph <${G}>: "http://ex.org/\u0085%zz" is not an absolute IRI that can be sent to a SPARQL store`,
    ],
  ])('refuses what could break out of the request: %#', (q, message) => {
    expect(() => graphTriples([q], G)).toThrow(new PipelineError('INTERNAL', message, { key: G }));
  });
});

describe('batches', () => {
  it('cuts runs of the given size', () => {
    expect(batches(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(batches([], 2)).toEqual([]);
  });

  it('packs blank-node groups whole, a large one alone', () => {
    expect(packGroups([['a'], ['b', 'c'], ['d', 'e', 'f', 'g'], ['h']], 3)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f', 'g'],
      ['h'],
    ]);
  });
});

describe('protocol details', () => {
  it('adds the graph to the Graph Store URL as a query parameter', () => {
    expect(graphUrl('http://127.0.0.1:8890/sparql-graph-crud', 'https://identifiers.org/wikipathways/WP1?a=b&c')).toBe(
      'http://127.0.0.1:8890/sparql-graph-crud?graph=https%3A%2F%2Fidentifiers.org%2Fwikipathways%2FWP1%3Fa%3Db%26c',
    );
    expect(graphUrl('http://h/store?default-graph-uri=x', 'http://g')).toBe(
      'http://h/store?default-graph-uri=x&graph=http%3A%2F%2Fg',
    );
  });

  it('reads the count from SPARQL JSON results', () => {
    expect(countQuery(G)).toBe(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${G}> { ?s ?p ?o } }`);
    expect(
      parseCount('{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"typed-literal","value":"42"}}]}}'),
    ).toBe(42);
    expect(parseCount('{"results":{"bindings":[]}}')).toBeUndefined();
    expect(parseCount('<html>')).toBeUndefined();
  });

  it('recognises a request the server found too large', () => {
    const status = (s: number, body: string) =>
      new PipelineError('ENDPOINT_HTTP_STATUS', 'x', { details: { status: s, body } });
    expect(tooLarge(status(413, ''))).toBe(true);
    expect(
      tooLarge(
        status(
          400,
          'Virtuoso 37000 Error SP031: SPARQL: Internal error: The length of generated SQL text has exceeded 10000 lines of code',
        ),
      ),
    ).toBe(true);
    expect(
      tooLarge(status(400, "Virtuoso 37000 Error SP030: SPARQL compiler, line 4992: memory exhausted at '...'")),
    ).toBe(true);
    expect(tooLarge(status(400, 'Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error'))).toBe(false);
    expect(tooLarge(status(500, 'too large'))).toBe(false);
    expect(tooLarge(new Error('too large'))).toBe(false);
  });
});
