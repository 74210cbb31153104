// One pathway's quads split into what stays in its own graph and the facts of nodes other pathways share.
//
// A pathway's own statements are those about the pathway (its scope: the versionless and versioned IRIs, and
// the page's URL, which its schema.org block describes), about or pointing at its blank nodes (labelled per
// pathway, so they must stay in one graph and one file), and those that point at it (`?node dcterms:isPartOf
// ?pathway`): its graph can be replaced or dropped alone. Everything else
// (a gene's types, label, identifiers, mapped ids; an author; a community; a cited article) may be stated by
// many pages and goes, once, into the shared graphs (sharedLayout.ts).

import type { Quad } from 'n3';
import { NTriplesEncoder } from '../serialize/nTriples.js';
import { lineSubject } from './bucket.js';

export interface SplitPathway {
  own: Quad[];
  /** The shared facts as canonical N-Triples lines (`<s> <p> <o> .`), in the pathway's order (a fact may repeat). */
  shared: string[];
  /**
   * The own statements about the pathway's IRIs, as N-Triples lines by subject (as lineSubject reads it): another
   * page's Pathway row
   * can state the same triple about this pathway (`<WP78> a wp:Pathway` from WP4's table), and the shared
   * graphs leave it out while this page states it.
   */
  claims: Map<string, string[]>;
}

/** The pathway's scope (see above): its graph, its subject and, when it has one, its page's URL. */
export function pathwayScope(g: { graph: string; subject: string }, page: string | undefined): Set<string> {
  return new Set(page === undefined ? [g.graph, g.subject] : [g.graph, g.subject, page]);
}

/** Whether the quad stays in the pathway's own graph (see above): a test of term types and the scope only. */
export function isOwn(q: Quad, scope: ReadonlySet<string>): boolean {
  const s = q.subject;
  const o = q.object;
  return (
    (s.termType === 'NamedNode' && scope.has(s.value)) ||
    s.termType === 'BlankNode' ||
    o.termType === 'BlankNode' ||
    (o.termType === 'NamedNode' && scope.has(o.value))
  );
}

/**
 * The pathway's own quads, in order, as splitPathway's `own`: what an endpoint gets, computed where the split itself
 * runs elsewhere (the output thread, src/load/outputThread.ts) without encoding a line.
 */
export function ownQuads(quads: readonly Quad[], scope: ReadonlySet<string>): Quad[] {
  return quads.filter((q) => isOwn(q, scope));
}

/** `scope`: the IRIs of the pathway (see above). */
export function splitPathway(
  quads: readonly Quad[],
  scope: ReadonlySet<string>,
  encoder: NTriplesEncoder = new NTriplesEncoder(),
): SplitPathway {
  const own: Quad[] = [];
  const shared: Quad[] = [];
  const claimed: Quad[] = [];
  for (const q of quads) {
    if (isOwn(q, scope)) {
      own.push(q);
      if (q.subject.termType === 'NamedNode' && scope.has(q.subject.value)) claimed.push(q);
    } else shared.push(q);
  }
  const claims = new Map<string, string[]>();
  for (const line of lines(claimed, encoder)) {
    const s = lineSubject(line);
    let list = claims.get(s);
    if (list === undefined) claims.set(s, (list = []));
    list.push(line);
  }
  return { own, shared: lines(shared, encoder), claims };
}

/** One canonical N-Triples line per quad (graph dropped), as all.nq writes the triple. */
function lines(quads: readonly Quad[], encoder: NTriplesEncoder): string[] {
  return quads.map((q) => encoder.triple(q.subject, q.predicate, q.object).slice(0, -1)); // without its newline
}
