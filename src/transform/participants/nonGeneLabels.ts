// Labels that name something other than one gene's product: a complex, a pathway, a set of several genes.
//
// A keyword has no type, and an id-less row's type is often the default GeneProduct: the label is all
// there is, and some labels say by their form that they are no one gene. The patterns are data
// (mappings/participants.json, `nonGeneLabels`): Reactome's complex notation (`SUMO1:C93-UBE2I`,
// `CCNA:p-T160-CDK2`), multimers (`PAK1 dimer`, `Dimeric TGFB1`), pathways and sets (`Signaling by
// ERBB2`, `ligands of SLC7A5`). A list of two or more approved symbols (`STAT1, STAT3`,
// `FOXO1,FOXO3,(FOXO4)`, `p-STAT5A, p-STAT5B`) names several genes: linking one of them is a guess.

import type { HgncTable } from '../../reference/hgnc.js';
import type { BlockReason } from './model.js';

/** A part of a list: a name, optionally after Reactome modification prefixes (`p-Y705-`), ending in a symbol. */
const LIST_PART = /^(?:[A-Za-z0-9]*-)*([A-Z][A-Za-z0-9]*[A-Z0-9])$/;

/**
 * The approved symbols a comma-separated list names, when every part is one (`STAT1, STAT3`), an
 * approved symbol after modifications (`p-STAT5A, p-STAT5B`) or one in parentheses (`(TYK2)`).
 * Undefined for anything else: a part that starts with a digit continues the name before it
 * (`SUMO2,3-BRCA1`: SUMO2 and SUMO3 modify BRCA1), and residue lists sit inside a part (`p-T185,Y187-MAPK1`
 * splits into `p-T185` and `Y187-MAPK1`, and `p-T185` names no gene).
 */
export function listedSymbols(label: string, hgnc: HgncTable): string[] | undefined {
  if (!label.includes(',')) return undefined;
  const parts = label.split(',').map((p) => p.trim().replace(/^\((.*)\)$/, '$1').trim());
  const symbols: string[] = [];
  for (const part of parts) {
    if (!/^[A-Za-z]/.test(part)) return undefined;
    const m = LIST_PART.exec(part);
    if (m === null || !hgnc.bySymbol.has(m[1]!)) return undefined;
    symbols.push(m[1]!);
  }
  return symbols;
}

/** Why the label names no one gene (`patterns`: mappings' nonGeneLabels), or undefined when it may. */
export function nonGeneLabel(label: string, patterns: readonly RegExp[], hgnc: HgncTable): Extract<BlockReason, 'non-gene label' | 'several genes listed'> | undefined {
  if (patterns.some((p) => p.test(label))) return 'non-gene label';
  const listed = listedSymbols(label, hgnc);
  return listed !== undefined && new Set(listed).size >= 2 ? 'several genes listed' : undefined;
}
