// Quads as a structured-clone-friendly message (a term table and indices) and back, for the transform pool.
//
// Only n3's own term classes are packed; each is rebuilt from what defines it (a named node's IRI, a
// literal's id, a blank node's name), so the rebuilt quads serialise to exactly the same text.

import { BlankNode, DataFactory, DefaultGraph, Literal, NamedNode, type Quad, type Term } from 'n3';

const { quad, defaultGraph } = DataFactory;

export interface PackedQuads {
  /** Per term: 0 named node (IRI), 1 literal (n3 id), 2 blank node (name), 3 default graph (''). */
  kinds: Uint8Array;
  texts: string[];
  /** Four term indices per quad: subject, predicate, object, graph. */
  quads: Uint32Array;
}

/** The quads packed, or undefined when a term is not one of n3's classes. */
export function packQuads(quads: readonly Quad[]): PackedQuads | undefined {
  const index = new Map<Term, number>();
  const kinds: number[] = [];
  const texts: string[] = [];
  const out = new Uint32Array(quads.length * 4);
  const add = (t: Term): number => {
    let i = index.get(t);
    if (i !== undefined) return i;
    i = texts.length;
    if (t instanceof NamedNode) {
      kinds.push(0);
      texts.push(t.value);
    } else if (t instanceof Literal) {
      kinds.push(1);
      texts.push(t.id);
    } else if (t instanceof BlankNode) {
      kinds.push(2);
      texts.push(t.value);
    } else if (t instanceof DefaultGraph) {
      kinds.push(3);
      texts.push('');
    } else return -1;
    index.set(t, i);
    return i;
  };
  // A quad mostly has the subject and graph of the one before it: those are not looked up again.
  let lastSubject: Term | undefined;
  let lastGraph: Term | undefined;
  let s = -1;
  let g = -1;
  let k = 0;
  for (const q of quads) {
    if (q.subject !== lastSubject) s = add((lastSubject = q.subject));
    const p = add(q.predicate);
    const o = add(q.object);
    if (q.graph !== lastGraph) g = add((lastGraph = q.graph));
    if (s < 0 || p < 0 || o < 0 || g < 0) return undefined;
    out[k++] = s;
    out[k++] = p;
    out[k++] = o;
    out[k++] = g;
  }
  return { kinds: Uint8Array.from(kinds), texts, quads: out };
}

/** The quads again, as n3 terms equal to the packed ones. */
export function unpackQuads(packed: PackedQuads): Quad[] {
  const { kinds, texts } = packed;
  const terms: Term[] = new Array<Term>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    switch (kinds[i]) {
      case 0:
        terms[i] = new NamedNode(text);
        break;
      case 1:
        terms[i] = new Literal(text);
        break;
      case 2:
        terms[i] = new BlankNode(text);
        break;
      default:
        terms[i] = defaultGraph();
    }
  }
  const idx = packed.quads;
  const out: Quad[] = new Array<Quad>(idx.length / 4);
  for (let i = 0, k = 0; k < idx.length; i++, k += 4) {
    out[i] = quad(
      terms[idx[k]!] as Quad['subject'],
      terms[idx[k + 1]!] as Quad['predicate'],
      terms[idx[k + 2]!] as Quad['object'],
      terms[idx[k + 3]!] as Quad['graph'],
    );
  }
  return out;
}
