// Every IRI made from page or table text passes here: what RFC 3987 forbids is percent-encoded, the rest refused.
// The rules on the text are in iriText.ts; here they are applied to terms and quads.

import { DataFactory, Literal as N3Literal, type Literal, type NamedNode, type Quad, type Term } from 'n3';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ErrorLocation } from '../errors.js';
import { isSafeIri, safeIri } from './iriText.js';

export { isPlainIri, isSafeIri, safeIri } from './iriText.js';

const { quad, namedNode, literal } = DataFactory;

/** A named node for `text` repaired by safeIri, or undefined when it cannot be. */
export function safeNamedNode(text: string): NamedNode | undefined {
  const iri = safeIri(text);
  return iri === undefined ? undefined : namedNode(iri);
}

/**
 * The last check before quads leave the transform: every IRI (subjects, predicates, objects, graphs,
 * datatypes) must already be valid. A quad with an IRI that is not is dropped and reported as
 * IRI_INVALID at `where`, never written: one bad value costs its own triple, not the output's syntax.
 */
export function keepValidIris(quads: Quad[], where: ErrorLocation): { quads: Quad[]; warnings: Diagnostic[] } {
  // Subjects, predicates and graphs are mostly the same term objects from one quad to the next.
  let lastSubject: Term | undefined;
  let lastPredicate: Term | undefined;
  let lastGraph: Term | undefined;
  let out: Quad[] | undefined;
  const warnings: Diagnostic[] = [];
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i]!;
    let bad = invalidIn(q.object);
    if (bad === undefined && q.subject !== lastSubject) {
      bad = invalidIn(q.subject);
      if (bad === undefined) lastSubject = q.subject;
    }
    if (bad === undefined && q.predicate !== lastPredicate) {
      bad = invalidIn(q.predicate);
      if (bad === undefined) lastPredicate = q.predicate;
    }
    if (bad === undefined && q.graph !== lastGraph) {
      bad = invalidIn(q.graph);
      if (bad === undefined) lastGraph = q.graph;
    }
    if (bad === undefined) {
      out?.push(q);
      continue;
    }
    out ??= quads.slice(0, i);
    const iri = bad.termType === 'Literal' ? datatypeIri(bad as Literal)! : bad.value;
    warnings.push(
      diagnostic('IRI_INVALID', `Dropped a triple whose IRI ${JSON.stringify(iri)} is not a valid IRI`, {
        ...where,
        details: { iri },
      }),
    );
  }
  return { quads: out ?? quads, warnings };
}

/** `t` when it is (or its datatype is) an IRI that is not valid. */
function invalidIn(t: Term): Term | undefined {
  if (t.termType === 'NamedNode') return isSafeIri(t.value) ? undefined : t;
  if (t.termType === 'Literal') {
    const datatype = datatypeIri(t as Literal);
    return datatype === undefined || isSafeIri(datatype) ? undefined : t;
  }
  return undefined;
}

/**
 * A typed literal's datatype IRI, read from an n3 Literal's id (its `datatype` getter parses the id and builds a term).
 */
function datatypeIri(t: Literal): string | undefined {
  if (t instanceof N3Literal) {
    const id = t.id;
    const end = id.lastIndexOf('"');
    return id.charCodeAt(end + 1) === 0x5e /* ^ */ ? id.substring(end + 3) : undefined;
  }
  const other = t as { language: string; datatype?: { value: string } };
  return other.language === '' ? other.datatype?.value : undefined;
}

/**
 * `q` with every IRI repaired by safeIri, or undefined when one cannot be repaired. Terms that need
 * no repair are kept as they are (the same objects).
 */
export function repairQuad(q: Quad): Quad | undefined {
  const s = repairTerm(q.subject);
  const p = repairTerm(q.predicate);
  const o = repairTerm(q.object);
  const g = repairTerm(q.graph);
  if (s === undefined || p === undefined || o === undefined || g === undefined) return undefined;
  if (s === q.subject && p === q.predicate && o === q.object && g === q.graph) return q;
  return quad(s as Quad['subject'], p as Quad['predicate'], o as Quad['object'], g as Quad['graph']);
}

function repairTerm(t: Term): Term | undefined {
  if (t.termType === 'NamedNode') {
    const iri = safeIri(t.value);
    return iri === undefined ? undefined : iri === t.value ? t : namedNode(iri);
  }
  if (t.termType === 'Literal') {
    const l = t as Literal;
    if (l.language !== '') return t;
    const iri = safeIri(l.datatype.value);
    return iri === undefined ? undefined : iri === l.datatype.value ? t : literal(l.value, namedNode(iri));
  }
  return t;
}
