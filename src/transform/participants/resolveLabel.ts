// Resolves a gene label to one HGNC record by its words alone: the first label tier that matches decides.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { familyMembers, geneIndex, sortRecords, type GeneIndex } from './geneIndex.js';
import { slashSides } from './labelForms.js';
import { TIERS } from './labelTiers.js';
import type { Resolution } from './model.js';
import { foldSymbol, labelVariants } from './normalise.js';
import { modifiedSymbols } from './nonGeneLabels.js';
import { looksLikeSmallMolecule } from './smallMolecule.js';

/** Two or three letters and nothing else (`ROS`, `PS`, `AA`, `Hc`). */
const SHORT = /^[A-Za-z]{1,3}$/;
/**
 * A capitalised word of two to four letters (`Gal`, `Fru`, `Palm`): sugar and amino-acid codes, never compared ignoring
 * case.
 */
const TITLE_WORD = /^[A-Z][a-z]{1,3}$/;

/** By label alone (no context): the first tier with a match decides. */
export function resolveByLabel(label: string, table: HgncTable): Resolution {
  const variants = labelVariants(label);
  if (variants.length === 0) return { kind: 'unresolved', reason: 'empty label' };
  if (variants.some((v) => looksLikeSmallMolecule(v))) return { kind: 'unresolved', reason: 'small molecule' };
  // A set of modified proteins or numbered family members (`p-S218,S222-MAP2K1,p-S257,T261-MAP2K4`, `MMP1,2`): no one
  // gene.
  if (new Set(modifiedSymbols(label, table)).size >= 2) return { kind: 'unresolved', reason: 'several genes listed' };
  const sides = slashSides(label);
  if (sides !== undefined) {
    // Every name must resolve by itself: then one record links and several are ambiguous.
    const each = sides.map((side) => resolveByLabel(side, table));
    if (each.every((r) => r.kind === 'linked')) {
      const records = sortRecords([...new Set(each.map((r) => (r as { record: HgncRecord }).record))]);
      if (records.length === 1) return { kind: 'linked', record: records[0]!, via: 'each side of a slash' };
      return { kind: 'ambiguous', candidates: records, via: 'each side of a slash', reason: 'several genes named' };
    }
  }
  const index = geneIndex(table);
  const resolve = (part: string): Resolution => resolveByLabel(part, table);
  const titleWord = TITLE_WORD.test(variants[0]!);
  for (const tier of TIERS) {
    if (titleWord && !tier.exactCase) continue;
    const found = new Set<HgncRecord>();
    const matched: string[] = [];
    for (const v of variants) {
      const hits = tier.find(v, index, resolve) ?? [];
      if (hits.length > 0) matched.push(v);
      for (const r of hits) found.add(r);
    }
    if (found.size === 0) continue;
    const candidates = sortRecords([...found]);
    // Previous symbols are HGNC's own record of what a symbol used to be (VEGF, TGFB): no family check there.
    if (tier.target === 'alias') {
      const family = familyOf(matched, index, found);
      if (family !== undefined) return { kind: 'ambiguous', candidates: family, via: tier.via, reason: 'family name' };
    }
    if (found.size > 1) return { kind: 'ambiguous', candidates, via: tier.via, reason: 'several records' };
    if ((tier.target === 'previous' || tier.target === 'alias') && matched.every((v) => SHORT.test(v))) {
      return { kind: 'ambiguous', candidates, via: tier.via, reason: 'short abbreviation' };
    }
    return { kind: 'linked', record: candidates[0]!, via: tier.via };
  }
  return { kind: 'unresolved', reason: 'no label match' };
}

/**
 * The family a label names when it is the stem of two or more genes' symbols or aliases (`PKC` →
 * PRKCA, PRKCB, …) and the gene whose alias it is lies outside that family: the candidates to report.
 */
function familyOf(variants: string[], index: GeneIndex, found: Set<HgncRecord>): HgncRecord[] | undefined {
  const members = new Set<HgncRecord>();
  for (const v of variants) {
    const stem = foldSymbol(v);
    if (stem.length >= 2 && /[A-Z]$/.test(stem)) for (const r of familyMembers(index, stem)) members.add(r);
  }
  // HGNC itself gives the stem to one member (AKT → AKT1, JNK → MAPK8): that is its alias, not a guess.
  // A stem held by a gene outside the family (PKC → PRRT2) is a collision.
  if (members.size < 2 || [...found].every((r) => members.has(r))) return undefined;
  return sortRecords([...new Set([...found, ...members])]);
}
