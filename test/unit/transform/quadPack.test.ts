// Quads packed for the output thread and the pool, and unpacked again: the same terms, so the same Turtle and N-Quads
// bytes.

import { DataFactory, Variable, type Quad, type Term } from 'n3';
import { describe, expect, it } from 'vitest';
import { packQuads, unpackQuads } from '../../../src/transform/quadPack.js';
import { toNQuads, toTurtle } from '../../../src/load/serialize/serializer.js';

const { namedNode: iri, literal, blankNode, quad, defaultGraph } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const G = iri('https://identifiers.org/wikipathways/WP1');
const PREFIXES = { wp: 'http://vocabularies.wikipathways.org/wp#', ex: 'http://ex.org/', xsd: XSD };

/**
 * Every kind of term the pipeline writes, with text that needs escaping; `invalidIris` adds IRIs the writers refuse.
 */
function awkwardQuads(invalidIris = false): Quad[] {
  const s = iri('http://ex.org/s');
  const p = iri('http://ex.org/p');
  const values = [
    'plain',
    'say "hi"',
    'line\nbreak\r\n',
    'back\\slash',
    '\u0001\u007f',
    'é 漢字 😀',
    '\ud800 lone',
    '"quoted"@en',
    '',
  ];
  const quads = values.map((v, i) => quad(iri(`http://ex.org/s${i}`), p, literal(v), G));
  quads.push(
    quad(s, p, literal('hello', 'en-GB'), G),
    quad(s, p, literal('مرحبا', { language: 'ar', direction: 'rtl' }), G),
    quad(s, p, literal('42', iri(`${XSD}integer`)), G),
    quad(s, p, literal('x"y', iri('http://ex.org/dt')), G),
    quad(
      s,
      iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'),
      iri('http://vocabularies.wikipathways.org/wp#Pathway'),
      G,
    ),
    quad(s, p, blankNode('WP1_b0'), G),
    quad(blankNode('WP1_b0'), p, literal('in a blank node'), G),
    quad(s, p, literal('no graph'), defaultGraph()),
  );
  if (invalidIris) quads.push(quad(s, p, iri(''), G), quad(s, p, iri('http://ex.org/with space>and<angle'), G));
  return quads;
}

function same(a: Term, b: Term): boolean {
  if (a.termType !== b.termType || a.value !== b.value) return false;
  if (a.termType === 'Literal' && b.termType === 'Literal')
    return (
      a.language === b.language &&
      a.datatype.value === b.datatype.value &&
      (a as { direction?: string }).direction === (b as { direction?: string }).direction
    );
  return true;
}

describe('packQuads / unpackQuads', () => {
  it('gives back equal terms, quad by quad', () => {
    const quads = awkwardQuads(true);
    const packed = packQuads(quads);
    expect(packed).toBeDefined();
    const back = unpackQuads(structuredClone(packed!));
    expect(back).toHaveLength(quads.length);
    back.forEach((q, i) => {
      const o = quads[i]!;
      expect([
        same(q.subject, o.subject),
        same(q.predicate, o.predicate),
        same(q.object, o.object),
        same(q.graph, o.graph),
      ]).toEqual([true, true, true, true]);
    });
  });

  it('serialises to the same N-Quads and Turtle', () => {
    const quads = awkwardQuads();
    const back = unpackQuads(structuredClone(packQuads(quads)!));
    expect(toNQuads(back)).toBe(toNQuads(quads));
    expect(toTurtle(back, PREFIXES, [G, iri('http://ex.org/s')])).toBe(
      toTurtle(quads, PREFIXES, [G, iri('http://ex.org/s')]),
    );
  });

  it('sends each term object once', () => {
    const s = iri('http://ex.org/s');
    const p = iri('http://ex.org/p');
    const quads = [quad(s, p, literal('a'), G), quad(s, p, literal('b'), G), quad(iri('http://ex.org/s'), p, s, G)];
    const packed = packQuads(quads)!;
    // s, p, "a", G, "b", then the second (equal but distinct) object for ex:s.
    expect(packed.texts).toEqual([
      'http://ex.org/s',
      'http://ex.org/p',
      '"a"',
      'https://identifiers.org/wikipathways/WP1',
      '"b"',
      'http://ex.org/s',
    ]);
    expect([...packed.kinds]).toEqual([0, 0, 1, 0, 1, 0]);
    expect([...packed.quads]).toEqual([0, 1, 2, 3, 0, 1, 4, 3, 5, 1, 0, 3]);
  });

  it('takes no term that is not one of n3 own classes', () => {
    const s = iri('http://ex.org/s');
    expect(packQuads([quad(s, iri('http://ex.org/p'), new Variable('x'), G)])).toBeUndefined();
    const foreign = {
      termType: 'NamedNode',
      value: 'http://ex.org/o',
      equals: () => false,
    } as unknown as Quad['object'];
    expect(packQuads([quad(s, iri('http://ex.org/p'), foreign, G)])).toBeUndefined();
  });

  it('packs no quads as empty lists', () => {
    const packed = packQuads([])!;
    expect([packed.texts, [...packed.kinds], [...packed.quads]]).toEqual([[], [], []]);
    expect(unpackQuads(packed)).toEqual([]);
  });
});
