// The rest of a pathway as context: its linked genes' HGNC gene groups pick one among ambiguous candidates.

import type { HgncRecord } from '../../reference/hgnc.js';

/** Records linked elsewhere in the same pathway, with how many of them sit in each HGNC gene group. */
export interface PathwayContext {
  records: Set<HgncRecord>;
  groups: Map<string, number>;
}

export function makeContext(records: Iterable<HgncRecord>): PathwayContext {
  const context: PathwayContext = { records: new Set(records), groups: new Map() };
  for (const r of context.records)
    for (const g of r.geneGroups) context.groups.set(g, (context.groups.get(g) ?? 0) + 1);
  return context;
}

/**
 * Among ambiguous candidates, the one whose gene family the rest of the pathway is drawn from: the
 * only candidate sharing an HGNC gene group with the most other linked genes of the pathway.
 */
export function pickByGeneGroups(candidates: readonly HgncRecord[], context: PathwayContext): HgncRecord | undefined {
  let best = 0;
  let picked: HgncRecord[] = [];
  for (const c of candidates) {
    let score = 0;
    for (const g of c.geneGroups) score += (context.groups.get(g) ?? 0) - (context.records.has(c) ? 1 : 0);
    if (score > best) {
      best = score;
      picked = [c];
    } else if (score === best && score > 0) {
      picked.push(c);
    }
  }
  return picked.length === 1 ? picked[0] : undefined;
}
