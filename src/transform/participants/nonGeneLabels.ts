// Labels that name something other than one gene's product: a complex, a pathway, a set of several genes.
//
// A keyword has no type, and an id-less row's type is often the default GeneProduct: the label is all
// there is, and some labels say by their form that they are no one gene. The patterns are data
// (mappings/participants.json, `nonGeneLabels`): Reactome's complex notation (`SUMO1:C93-UBE2I`,
// `CCNA:p-T160-CDK2`), multimers (`PAK1 dimer`, `Dimeric TGFB1`), pathways and sets (`Signaling by
// ERBB2`, `ligands of SLC7A5`). A list of two or more approved symbols (`STAT1, STAT3`,
// `FOXO1,FOXO3,(FOXO4)`, `p-STAT5A, p-STAT5B`) names several genes: linking one of them is a guess.

import type { HgncTable } from '../../reference/hgnc.js';
import { isoformBase } from './labelForms.js';
import type { BlockReason } from './model.js';
import { stripDecorations } from './normalise.js';

/** A part of a list: a name, optionally after Reactome modification prefixes (`p-Y705-`), ending in a symbol. */
const LIST_PART = /^(?:[A-Za-z0-9]*-)*([A-Z][A-Za-z0-9]*[A-Z0-9])$/;

/**
 * The approved symbols a comma-separated list names, when every part is one (`STAT1, STAT3`), an
 * approved symbol after modifications (`p-STAT5A, p-STAT5B`) or one in parentheses (`(TYK2)`), a previous
 * symbol of one record, any of them with a residue range, Reactome's isoform number or a trailing `gene`
 * (`ID1, ID3 gene`, `CRHR1, CRHR2-1`, `RDH5(24-318), RDH11`).
 * Undefined for anything else: a part that starts with a digit continues the name before it
 * (`SUMO2,3-BRCA1`: SUMO2 and SUMO3 modify BRCA1), and residue lists sit inside a part (`p-T185,Y187-MAPK1`
 * splits into `p-T185` and `Y187-MAPK1`, and `p-T185` names no gene).
 */
export function listedSymbols(label: string, hgnc: HgncTable): string[] | undefined {
  if (!label.includes(',')) return undefined;
  const parts = label.split(',').map((p) =>
    stripDecorations(
      p
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim(),
    ),
  );
  const symbols: string[] = [];
  for (const part of parts) {
    if (!/^[A-Za-z]/.test(part)) return undefined;
    const m = LIST_PART.exec(isoformBase(part) ?? part);
    const symbol = m === null ? undefined : approvedOrPrevious(m[1]!, hgnc);
    if (symbol === undefined) return undefined;
    symbols.push(symbol);
  }
  return symbols;
}

/**
 * The approved symbol a list part names: itself, or the one record whose previous symbol it is (`DDX58, IFIH1`:
 * DDX58 is now RIGI).
 */
function approvedOrPrevious(part: string, hgnc: HgncTable): string | undefined {
  if (hgnc.bySymbol.has(part)) return part;
  const previous = hgnc.byPrevSymbol.get(part) ?? [];
  return previous.length === 1 ? previous[0]!.symbol : undefined;
}

/** A part ending in a modified protein: modifications, a hyphen, then the symbol (`S479-IRF7`, `p-Y-SHC1`). */
const MODIFIED_END = /-([A-Z][A-Za-z0-9]*[A-Z0-9])$/;

/**
 * The approved symbols a Reactome set of modified proteins names (`p-4S,T404-IRF3,p-S477,S479-IRF7`,
 * `p-S218,S222-MAP2K1,p-S257,T261-MAP2K4`), or a symbol with its family's further numbers (`MMP1,2`,
 * `CA1,2`: MMP1 and MMP2). The residue lists between the commas (`p-4S`, `p-S477`) name nothing. A
 * bare first part before a part that starts with a number and a hyphen modifies what follows
 * (`SUMO2,3-BRCA1`: SUMO2 and SUMO3 modify BRCA1) and is not counted. Unlike a plain list of
 * symbols this leaves the row to label usage (resolveByLabel): curators' tables elsewhere may say which
 * gene such a label stands for (`CYSLTR1,2` rows carry CYSLTR2's identifiers).
 */
export function modifiedSymbols(label: string, hgnc: HgncTable): string[] {
  if (!label.includes(',')) return [];
  const parts = label.split(',').map((p) => p.trim().replace(/^\(/, '').replace(/\)$/, '').trim());
  const modifier = parts.some((p) => /^[0-9]+-/.test(p));
  const symbols: string[] = [];
  let stem: string | undefined;
  parts.forEach((part, i) => {
    const numbered = /^[0-9]+$/.test(part) && stem !== undefined ? stem + part : undefined;
    const symbol = numbered ?? MODIFIED_END.exec(part)?.[1] ?? (i > 0 || !modifier ? part : undefined);
    if (symbol === undefined || !hgnc.bySymbol.has(symbol)) return;
    symbols.push(symbol);
    stem = /^(.*[A-Za-z])[0-9]+$/.exec(symbol)?.[1];
  });
  return symbols;
}

/** Why the label names no one gene (`patterns`: mappings' nonGeneLabels), or undefined when it may. */
export function nonGeneLabel(
  label: string,
  patterns: readonly RegExp[],
  hgnc: HgncTable,
): Extract<BlockReason, 'non-gene label' | 'several genes listed'> | undefined {
  if (patterns.some((p) => p.test(label))) return 'non-gene label';
  const listed = listedSymbols(label, hgnc);
  return listed !== undefined && new Set(listed).size >= 2 ? 'several genes listed' : undefined;
}
