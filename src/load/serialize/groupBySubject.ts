// The order Turtle files are written in: each subject's quads together, rdf:type first.

import type { Quad, Term } from 'n3';
import { RDF_TYPE } from './termText.js';

/**
 * The quads of each subject together: the `first` subjects in that order, then the others in the
 * order they first appear; within a subject rdf:type leads, then each predicate's quads together,
 * predicates in the order they first appear. Objects keep their order. The input order is
 * deterministic, so this one is.
 */
export function groupBySubject(quads: Quad[], first: Term[] = []): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const t of first) if (!groups.has(termKey(t))) groups.set(termKey(t), []);
  let lastSubject: Term | undefined;
  let group: Quad[] = [];
  for (const q of quads) {
    if (q.subject !== lastSubject) {
      lastSubject = q.subject;
      const k = termKey(q.subject);
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = []));
      group = g;
    }
    group.push(q);
  }
  const out: Quad[] = [];
  const rank = new Map<string, number>();
  for (const g of groups.values()) {
    if (g.length < 2 || isGrouped(g)) {
      for (const q of g) out.push(q);
      continue;
    }
    rank.clear();
    for (const q of g) {
      const p = q.predicate.value;
      if (!rank.has(p)) rank.set(p, p === RDF_TYPE ? -1 : rank.size);
    }
    // Array.prototype.sort is stable: objects keep their order within a predicate.
    const sorted = g.slice().sort((a, b) => rank.get(a.predicate.value)! - rank.get(b.predicate.value)!);
    for (const q of sorted) out.push(q);
  }
  return out;
}

/** True when the subject's quads already have rdf:type first and each predicate's quads together. */
function isGrouped(g: Quad[]): boolean {
  let seenOther = false;
  let previous = '';
  for (let i = 0; i < g.length; i++) {
    const p = g[i]!.predicate.value;
    if (p === RDF_TYPE) {
      if (seenOther) return false;
    } else seenOther = true;
    if (p !== previous) {
      // A predicate seen before, away from its run. Subjects have a few quads: a scan back is cheapest.
      for (let j = 0; j < i; j++) if (g[j]!.predicate.value === p) return false;
      previous = p;
    }
  }
  return true;
}

function termKey(t: Term): string {
  return t.termType === 'NamedNode' ? t.value : `${t.termType}:${t.value}`;
}
