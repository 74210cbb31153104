// One pathway's quads split into what stays in its own graph and the facts of nodes other pathways share.
//
// A pathway's own statements are those about the pathway (its scope: the versionless and versioned IRIs, and
// the page's URL, which its schema.org block describes), about or pointing at its blank nodes (labelled per
// pathway, so they must stay in one graph and one file), and those that point at it (`?node dcterms:isPartOf
// ?pathway`): its graph can be replaced or dropped alone. Everything else
// (a gene's types, label, identifiers, mapped ids; an author; a community; a cited article) may be stated by
// many pages and goes, once, into the shared graphs (sharedLayout.ts).

import type { Quad, Term } from 'n3';
import { NTriplesEncoder } from '../serialize/nTriples.js';
import { BUCKETS, bucketOf } from './bucket.js';

export interface SplitPathway {
  own: Quad[];
  /**
   * The shared facts as canonical N-Triples lines (`<s> <p> <o> .`) by bucket (that of the line's subject, as
   * lineSubject reads it): per bucket, in ascending order, its lines in the pathway's order (a fact may repeat) joined
   * by newlines, with no final one.
   */
  shared: Map<number, string>;
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
  return isInScope(q.subject, scope) || ownBesidesSubject(q, scope);
}

/** Whether `t` is one of the pathway's IRIs: a quad about it is its own. */
function isInScope(t: Term, scope: ReadonlySet<string>): boolean {
  return t.termType === 'NamedNode' && scope.has(t.value);
}

/** The rest of isOwn's rule: about or pointing at a blank node, or pointing at the pathway. */
function ownBesidesSubject(q: Quad, scope: ReadonlySet<string>): boolean {
  return q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || isInScope(q.object, scope);
}

/**
 * The pathway's own quads, in order, as splitPathway's `own`: what an endpoint gets, computed where the split itself
 * runs elsewhere (the output thread, src/load/outputThread.ts) without encoding a line.
 */
export function ownQuads(quads: readonly Quad[], scope: ReadonlySet<string>): Quad[] {
  return quads.filter((q) => isOwn(q, scope));
}

/**
 * `scope`: the IRIs of the pathway (see above). Each line is made once, in its bucket's list; a subject's text and
 * bucket are made once for each run of its quads, and each object's text once in the page.
 */
export function splitPathway(
  quads: readonly Quad[],
  scope: ReadonlySet<string>,
  encoder: NTriplesEncoder = new NTriplesEncoder(),
): SplitPathway {
  const own: Quad[] = [];
  const lines = new Array<string[] | undefined>(BUCKETS);
  const claims = new Map<string, string[]>();
  /**
   * The page's terms as line text, by term object (the quads share them), predicates too: the run-wide memory of
   * NTriplesEncoder.predicate compared each predicate's IRI, character by character, with the one it remembered.
   */
  const termTexts = new Map<Term, string>();
  const text = (t: Term): string => {
    let s = termTexts.get(t);
    if (s === undefined) termTexts.set(t, (s = encoder.term(t)));
    return s;
  };
  let subject: Term | undefined;
  let subjectText: string | undefined;
  let inScope = false;
  let bucket = -1;
  let claimed: string[] | undefined;
  for (const q of quads) {
    const s = q.subject;
    if (s !== subject) {
      subject = s;
      subjectText = undefined;
      inScope = isInScope(s, scope);
      bucket = -1;
      claimed = undefined;
    }
    const o = q.object;
    // isOwn, with the subject's part known for its run of quads.
    if (inScope || ownBesidesSubject(q, scope)) {
      own.push(q);
      if (!inScope) continue;
      subjectText ??= text(s);
      if (claimed === undefined) {
        const key = subjectText.slice(1, -1); // as lineSubject reads it
        claimed = claims.get(key);
        if (claimed === undefined) claims.set(key, (claimed = []));
      }
      claimed.push(`${subjectText} ${text(q.predicate)} ${text(o)} .`);
      continue;
    }
    subjectText ??= text(s);
    if (bucket < 0) bucket = bucketOf(subjectText, 1, subjectText.length - 1); // as lineSubject reads it
    (lines[bucket] ??= []).push(`${subjectText} ${text(q.predicate)} ${text(o)} .`);
  }
  // Joined once (a string grown line by line was a tree of pieces, slower to encode than the lines to join).
  const shared = new Map<number, string>();
  for (let b = 0; b < BUCKETS; b++) if (lines[b] !== undefined) shared.set(b, lines[b]!.join('\n'));
  return { own, shared, claims };
}
