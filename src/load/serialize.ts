// Quads to Turtle (one pathway, prefixed, in a stable order) and to N-Quads / N-Triples text.

import { Writer, type Quad, type Term } from 'n3';

/** Turtle for one pathway's quads (graph names dropped), grouped by subject in a stable order. */
export function toTurtle(quads: Quad[], prefixes: Record<string, string>, first?: Term[]): string {
  const writer = new Writer({ prefixes, format: 'Turtle' });
  for (const q of sortQuads(quads, first)) writer.addQuad(q.subject, q.predicate, q.object);
  return endSync(writer);
}

/** N-Quads text; the quads keep their graphs. */
export function toNQuads(quads: Quad[]): string {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(quads);
  return endSync(writer);
}

/** N-Triples text (graphs dropped), for stores that take one graph per request. */
export function toNTriples(quads: Quad[]): string {
  const writer = new Writer({ format: 'N-Triples' });
  for (const q of quads) writer.addQuad(q.subject, q.predicate, q.object);
  return endSync(writer);
}

function endSync(writer: Writer): string {
  // Without an output stream, n3's Writer hands the text to the callback before end() returns.
  let out: string | undefined;
  writer.end((error, result: string) => {
    if (error) throw error;
    out = result;
  });
  if (out === undefined) throw new Error('n3 Writer did not finish synchronously');
  return out;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** Subjects listed in `first` come first, in that order; then by term; rdf:type leads each subject. */
export function sortQuads(quads: Quad[], first: Term[] = []): Quad[] {
  const rank = new Map(first.map((t, i) => [key(t), i]));
  // Keys are computed once per quad, not once per comparison.
  const keyed = quads.map((q) => {
    const s = key(q.subject);
    return { q, rank: rank.get(s) ?? first.length, s, p: predicateKey(q.predicate.value), o: key(q.object), g: key(q.graph) };
  });
  keyed.sort((a, b) => a.rank - b.rank || cmp(a.s, b.s) || cmp(a.p, b.p) || cmp(a.o, b.o) || cmp(a.g, b.g));
  return keyed.map((k) => k.q);
}

function predicateKey(iri: string): string {
  return iri === RDF_TYPE ? '' : iri;
}

function key(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^^${t.datatype.value}`;
  return `${t.termType[0]}${t.value}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
