// Writes CONSTRUCT and DESCRIBE results as Turtle (with the prefixes it uses) or N-Triples.

import { DataFactory, Writer, type Quad, type Term as N3Term } from 'n3';
import type { Quad as OxQuad, Term as OxTerm } from 'oxigraph';
import { PipelineError } from '../errors.js';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export type GraphFormat = 'turtle' | 'ntriples';

/** An Oxigraph term as an n3 term (the project's one term model). */
export function fromOxigraph(term: OxTerm): N3Term {
  switch (term.termType) {
    case 'NamedNode':
      return namedNode(term.value);
    case 'BlankNode':
      return blankNode(term.value);
    case 'Literal':
      return term.language === ''
        ? literal(term.value, namedNode(term.datatype.value))
        : literal(term.value, term.language);
    case 'DefaultGraph':
      return defaultGraph();
    case 'Quad':
      return quad(
        fromOxigraph(term.subject) as Quad['subject'],
        fromOxigraph(term.predicate) as Quad['predicate'],
        fromOxigraph(term.object) as Quad['object'],
      ) as unknown as N3Term;
    default:
      throw new PipelineError('INTERNAL', `Unexpected ${term.termType} in a query result`);
  }
}

/** The triples of a graph result, in the order Oxigraph gave them. */
export function toTriples(quads: OxQuad[]): Quad[] {
  return quads.map((q) =>
    quad(
      fromOxigraph(q.subject) as Quad['subject'],
      fromOxigraph(q.predicate) as Quad['predicate'],
      fromOxigraph(q.object) as Quad['object'],
    ),
  );
}

export function formatGraph(quads: OxQuad[], format: GraphFormat, prefixes: Record<string, string>): Promise<string> {
  const triples = toTriples(quads);
  const writer =
    format === 'turtle'
      ? new Writer({ format: 'Turtle', prefixes: usedPrefixes(triples, prefixes) })
      : new Writer({ format: 'N-Triples' });
  writer.addQuads(triples);
  return new Promise((resolve, reject) => {
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Only the prefixes whose namespace starts some IRI of the output, so the Turtle opens with what it needs. */
function usedPrefixes(triples: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const iris = new Set<string>();
  const collect = (term: N3Term | Quad): void => {
    if (term.termType === 'NamedNode') iris.add(term.value);
    else if (term.termType === 'Literal' && term.language === '' && term.datatype.value !== XSD_STRING)
      iris.add(term.datatype.value);
    else if (term.termType === 'Quad')
      [term.subject, term.predicate, term.object].forEach((t) => collect(t as N3Term | Quad));
  };
  for (const t of triples) {
    collect(t.subject as N3Term);
    if (t.predicate.value !== RDF_TYPE) collect(t.predicate); // written `a`, needs no prefix
    collect(t.object as N3Term);
  }
  const out: Record<string, string> = {};
  for (const [name, ns] of Object.entries(prefixes)) {
    for (const iri of iris) {
      if (iri.startsWith(ns) && iri.length > ns.length) {
        out[name] = ns;
        break;
      }
    }
  }
  return out;
}
