// The file serializer: same N-Quads and Turtle text as n3's Writer, Turtle grouped by subject, bytes equal to the text.

import { DataFactory, Parser, Writer, type Quad, type Term } from 'n3';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../src/errors.js';
import { groupBySubject } from '../../../../src/load/serialize/groupBySubject.js';
import { QuadSerializer, toNQuads, toNTriples, toTurtle } from '../../../../src/load/serialize/serializer.js';

const { namedNode: iri, literal, blankNode, quad, defaultGraph } = DataFactory;

/** Bytes from a serialiser of their own (its caches empty), as a run's first pathway gets them. */
const toNQuadsBytes = (quads: Quad[]): Buffer => new QuadSerializer({}).nQuadsBytes(quads);
const toTurtleBytes = (quads: Quad[], prefixes: Record<string, string>, first?: Term[]): Buffer =>
  new QuadSerializer(prefixes).turtleBytes(quads, first);
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const G = iri('https://identifiers.org/wikipathways/WP1');
const PREFIXES = {
  wp: 'http://vocabularies.wikipathways.org/wp#',
  dcterms: 'http://purl.org/dc/terms/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: XSD,
  obo: 'http://purl.org/obolibrary/obo/',
  ex: 'http://ex.org/',
  exdeep: 'http://ex.org/deep/',
};

function n3Text(
  quads: Quad[],
  options: { format: string; prefixes?: Record<string, string> },
  dropGraph = false,
): string {
  const writer = new Writer(options);
  for (const q of quads) {
    if (dropGraph) writer.addQuad(q.subject, q.predicate, q.object);
    else writer.addQuad(q);
  }
  let out = '';
  writer.end((_error, result: string) => (out = result));
  return out;
}

/** Literals and IRIs with everything that needs escaping, in every form a term takes. */
function awkwardQuads(): Quad[] {
  const values = [
    'plain',
    'say "hi"',
    'line\nbreak\r\n',
    'back\\slash',
    'tab\there',
    '\b\f',
    'é 漢字 😀',
    '\u0001\u001f\u007f',
    '\ufffe\uffff',
    'trailing.',
    '',
  ];
  const quads: Quad[] = values.map((v, i) => quad(iri(`http://ex.org/s${i}`), iri('http://ex.org/p'), literal(v), G));
  const s = iri('http://ex.org/s');
  quads.push(
    quad(s, iri('http://ex.org/p'), literal('hello', 'en-GB'), G),
    quad(s, iri('http://ex.org/p'), literal('2021-01-25', iri(`${XSD}date`)), G),
    quad(s, iri('http://ex.org/n'), literal('42', iri(`${XSD}integer`)), G),
    quad(s, iri('http://ex.org/n'), literal('4x2', iri(`${XSD}integer`)), G),
    quad(s, iri('http://ex.org/n'), literal('-1.5', iri(`${XSD}decimal`)), G),
    quad(s, iri('http://ex.org/n'), literal('1.0e3', iri(`${XSD}double`)), G),
    quad(s, iri('http://ex.org/n'), literal('true', iri(`${XSD}boolean`)), G),
    quad(s, iri('http://ex.org/n'), literal('yes', iri(`${XSD}boolean`)), G),
    quad(s, iri('http://ex.org/n'), literal('x', iri(`${XSD}string`)), G),
    quad(s, iri(RDF_TYPE), iri('http://vocabularies.wikipathways.org/wp#Pathway'), G),
    quad(s, iri('http://ex.org/link'), blankNode('b0'), G),
    quad(blankNode('b0'), iri('http://ex.org/p'), literal('in a blank node'), G),
    quad(s, iri('http://ex.org/p'), literal('no graph'), defaultGraph()),
    // Local names n3 writes as prefixed names, and some it must not.
    quad(s, iri('http://ex.org/deep/x'), iri('http://ex.org/a-b_c.d'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/ends.'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/-dash'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/a..b'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/with/slash'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/'), G),
    quad(s, iri('http://ex.org/p'), iri('http://ex.org/x#y'), G),
    quad(s, iri('http://ex.org/p'), iri('http://purl.org/obolibrary/obo/PW_0000001'), G),
    quad(s, iri('http://ex.org/p'), iri('http://other.org/é'), G),
    quad(s, iri('http://ex.org/p'), iri('wp:looks-prefixed'), G),
    quad(s, iri('http://ex.org/p'), iri('urn:pathway-kg:dataset'), G),
  );
  return quads;
}

describe('toNQuads / toNTriples', () => {
  it('writes what n3 writes for the same quads, in their order', () => {
    const quads = awkwardQuads();
    expect(toNQuads(quads)).toBe(n3Text(quads, { format: 'N-Quads' }));
    expect(toNTriples(quads)).toBe(n3Text(quads, { format: 'N-Triples' }, true));
  });

  it('writes canonical lines, checked by hand', () => {
    const quads = [
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('a "b"\n\u0001'), G),
      quad(iri('http://ex.org/s'), iri('http://ex.org/p'), literal('x', 'EN'), defaultGraph()),
      quad(blankNode('b1'), iri('http://ex.org/p'), literal('7', iri(`${XSD}integer`)), G),
    ];
    expect(toNQuads(quads)).toBe(
      '<http://ex.org/s> <http://ex.org/p> "a \\"b\\"\\n\\u0001" <https://identifiers.org/wikipathways/WP1> .\n' +
        '<http://ex.org/s> <http://ex.org/p> "x"@en .\n' +
        '_:b1 <http://ex.org/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <https://identifiers.org/wikipathways/WP1> .\n',
    );
  });

  it('gives the same text as bytes, over many chunks', () => {
    const quads: Quad[] = [];
    for (let i = 0; i < 1000; i++)
      quads.push(
        quad(
          iri(`http://ex.org/s${i % 7}`),
          iri('http://ex.org/p'),
          literal(`value ${i} é 😀 ${'x'.repeat(i % 50)}`),
          G,
        ),
      );
    quads.push(quad(iri('http://ex.org/big'), iri('http://ex.org/p'), literal('ü'.repeat(1_500_000)), G));
    const text = toNQuads(quads);
    expect(toNQuadsBytes(quads).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(new Parser({ format: 'N-Quads' }).parse(text)).toHaveLength(quads.length);
  });
});

describe('toTurtle', () => {
  it('writes what n3 writes for the quads in groupBySubject order', () => {
    // n3 writes an IRI that reads as a prefixed name (`wp:x`) as it is, which reads back as another IRI.
    const quads = awkwardQuads().filter((q) => q.object.value !== 'wp:looks-prefixed');
    const first = [G, iri('http://ex.org/s')];
    const expected = n3Text(groupBySubject(quads, first), { format: 'Turtle', prefixes: PREFIXES }, true);
    expect(toTurtle(quads, PREFIXES, first)).toBe(expected);
    expect(toTurtle(quads, {})).toBe(n3Text(groupBySubject(quads), { format: 'Turtle', prefixes: {} }, true));
  });

  it('abbreviates what it can, checked by hand', () => {
    const s = iri('http://ex.org/s');
    const text = toTurtle(
      [
        quad(s, iri('http://ex.org/n'), literal('42', iri(`${XSD}integer`)), G),
        quad(s, iri(RDF_TYPE), iri('http://vocabularies.wikipathways.org/wp#Pathway'), G),
        quad(s, iri('http://ex.org/n'), literal('4x2', iri(`${XSD}integer`)), G),
        quad(s, iri('http://ex.org/deep/x'), iri('http://ex.org/ends.'), G),
      ],
      PREFIXES,
    );
    expect(text.slice(text.indexOf('\n\n') + 2)).toBe(
      'ex:s a wp:Pathway;\n    ex:n 42, "4x2"^^xsd:integer;\n    exdeep:x <http://ex.org/ends.>.\n',
    );
    expect(toTurtle([quad(s, iri('http://ex.org/p'), iri('wp:x'), G)], PREFIXES)).toContain('ex:s ex:p <wp:x>.');
  });

  it('parses back to the same triples, as bytes too', () => {
    const quads = awkwardQuads();
    const text = toTurtle(quads, PREFIXES, [G]);
    const key = (q: Quad) =>
      `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}@${q.object.termType === 'Literal' ? `${q.object.language}^^${q.object.datatype.value}` : ''}`;
    const parsed = new Parser({ format: 'Turtle', blankNodePrefix: '' }).parse(text);
    expect(parsed.map(key).sort()).toEqual(quads.map(key).sort());
    expect(toTurtleBytes(quads, PREFIXES, [G]).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('gives the same text as bytes for a pathway larger than one chunk', () => {
    const quads: Quad[] = [];
    for (let i = 0; i < 3000; i++)
      quads.push(quad(iri(`http://ex.org/s${i}`), iri('http://ex.org/p'), literal(`label ${i} α`), G));
    const text = toTurtle(quads, PREFIXES);
    expect(text.length).toBeGreaterThan(50_000);
    expect(toTurtleBytes(quads, PREFIXES).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(new Parser({ format: 'Turtle' }).parse(text)).toHaveLength(3000);
  });
});

describe('groupBySubject', () => {
  const p = (name: string) => iri(`http://ex.org/${name}`);
  const type = iri(RDF_TYPE);
  const names = (quads: Quad[]) =>
    quads.map(
      (q) =>
        `${q.subject.value.slice(14)} ${q.predicate.value === RDF_TYPE ? 'a' : q.predicate.value.slice(14)} ${q.object.value}`,
    );

  it('puts the first subjects first, then each subject in the order it first appears, its quads together', () => {
    const a = p('a');
    const b = p('b');
    const c = p('c');
    const quads = [
      quad(a, p('x'), literal('1')),
      quad(b, p('x'), literal('2')),
      quad(a, p('y'), literal('3')),
      quad(c, p('x'), literal('4')),
      quad(b, p('y'), literal('5')),
    ];
    expect(names(groupBySubject(quads, [c]))).toEqual(['c x 4', 'a x 1', 'a y 3', 'b x 2', 'b y 5']);
  });

  it('leads with rdf:type and keeps each predicate together, objects in their order', () => {
    const a = p('a');
    const quads = [
      quad(a, p('x'), literal('1')),
      quad(a, p('y'), literal('2')),
      quad(a, type, p('T')),
      quad(a, p('x'), literal('3')),
      quad(a, type, p('U')),
    ];
    expect(names(groupBySubject(quads))).toEqual([
      'a a http://ex.org/T',
      'a a http://ex.org/U',
      'a x 1',
      'a x 3',
      'a y 2',
    ]);
  });

  it('tells a blank node from an IRI with the same text, and leaves grouped quads as they are', () => {
    const quads = [
      quad(blankNode('x'), p('p'), literal('1')),
      quad(iri('x'), p('p'), literal('2')),
      quad(blankNode('x'), p('q'), literal('3')),
    ];
    expect(groupBySubject(quads).map((q) => q.object.value)).toEqual(['1', '3', '2']);
    const grouped = [
      quad(p('a'), type, p('T')),
      quad(p('a'), p('x'), literal('1')),
      quad(p('b'), p('x'), literal('2')),
    ];
    expect(groupBySubject(grouped)).toEqual(grouped);
  });

  it('is a function of the input order only', () => {
    const quads = awkwardQuads();
    const first: Term[] = [G];
    expect(groupBySubject(quads, first)).toEqual(groupBySubject([...quads], first));
  });
});

describe('the last line of defence: an invalid IRI never reaches a file', () => {
  const attack = 'https://doi.org/10.1234/a>;<http://evil/p><http://evil/o';
  const s = iri('http://ex.org/s');
  const p = iri('http://ex.org/p');
  const refused = (write: () => unknown) => {
    expect(write).toThrow(PipelineError);
    try {
      write();
    } catch (error) {
      expect(error).toMatchObject({ code: 'IRI_INVALID' });
      expect((error as Error).message).toMatch(/^Refusing to write ".*": not a valid IRI$/);
    }
  };

  it.each([
    ['an object', quad(s, p, iri(attack), G)],
    ['a subject', quad(iri(attack), p, literal('x'), G)],
    ['a predicate', quad(s, iri('http://ex.org/p> <http://evil/p'), literal('x'), G)],
    ['a datatype', quad(s, p, literal('v', iri('http://a/>;<http://evil/p>')), G)],
    ['a relative IRI', quad(s, p, iri('relative'), G)],
  ])('refuses %s in N-Quads, N-Triples and Turtle', (_what, q) => {
    refused(() => toNQuads([q]));
    refused(() => toNQuadsBytes([q]));
    refused(() => toNTriples([q]));
    refused(() => toTurtle([q], PREFIXES));
    refused(() => toTurtleBytes([q], PREFIXES));
  });

  it('refuses an invalid graph name in N-Quads', () => {
    refused(() => toNQuads([quad(s, p, literal('x'), iri('http://g/ space'))]));
  });

  it('writes a valid unicode IRI as it is, as n3 does', () => {
    const q = quad(iri('https://例え.jp/パス'), p, iri('http://ex.org/ü%20x'), G);
    expect(toNQuads([q])).toBe(n3Text([q], { format: 'N-Quads' }));
    expect(toNQuads([q])).toBe(
      '<https://例え.jp/パス> <http://ex.org/p> <http://ex.org/ü%20x> <https://identifiers.org/wikipathways/WP1> .\n',
    );
  });
});

describe('QuadSerializer', () => {
  it('writes each pathway as a fresh serialiser would, whatever it wrote before (its caches are its own)', () => {
    const s = iri('http://ex.org/s');
    const one = [
      quad(s, iri(RDF_TYPE), iri('http://vocabularies.wikipathways.org/wp#Pathway'), G),
      quad(s, iri('http://ex.org/n'), literal('1', iri(`${XSD}date`)), G),
    ];
    // The same IRIs in other roles: a class as a subject, a subject as an object, a datatype as an object.
    const two = [
      quad(iri('http://vocabularies.wikipathways.org/wp#Pathway'), iri('http://ex.org/p'), s, G),
      quad(iri('http://ex.org/t'), iri('http://ex.org/p'), iri(`${XSD}date`), G),
      quad(iri('http://ex.org/t'), iri(RDF_TYPE), s, G),
    ];
    const shared = new QuadSerializer(PREFIXES);
    const run = [one, two, one, two].map((quads) => [shared.turtleBytes(quads, [G]), shared.nQuadsBytes(quads)]);
    const fresh = [one, two, one, two].map((quads) => [
      new QuadSerializer(PREFIXES).turtleBytes(quads, [G]),
      new QuadSerializer(PREFIXES).nQuadsBytes(quads),
    ]);
    expect(run.map((pair) => pair.map((b) => b.toString('utf8')))).toEqual(
      fresh.map((pair) => pair.map((b) => b.toString('utf8'))),
    );
    expect(fresh[1]![0]!.toString('utf8')).toContain('wp:Pathway ex:p ex:s.\nex:t a ex:s;\n    ex:p xsd:date.\n');
  });
});
