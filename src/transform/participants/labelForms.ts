// Label forms that name a gene's product in other words: Reactome isoforms (`GRB2-1`), parts and variants
// (`C3 beta chain`), one-letter form prefixes (`sICAM-1`), names joined by a slash (`SMAC/DIABLO`).

import { spellOut, stripDecorations } from './normalise.js';

/**
 * Words for a part, form or state of a gene product after its symbol (`C3 beta chain`, `C1R C-terminal fragment`, `GHR
 * activated`).
 */
const TRAILING_FORM = new Set([
  'chain',
  'chains',
  'fragment',
  'precursor',
  'activated',
  'active',
  'inactive',
  'cleaved',
  'mutant',
  'variant',
  'form',
  'c-terminal',
  'n-terminal',
  'peptide',
  'polypeptide',
  'light',
  'heavy',
  'mature',
  'truncated',
  'soluble',
  'monomer',
  'dimer',
  // Reactome's folding states and the parts of a cleaved receptor (`TUBB3 folding intermediate`, `NOTCH1
  // L1574P Extracellular Fragment`, `NOTCH1 V1676D S2 cleavage fragment`, `PIGV anchor`).
  'unfolded',
  'folding',
  'intermediate',
  'extracellular',
  'transmembrane',
  'intracellular',
  'cleavage',
  'anchor',
]);

/**
 * A protein change in HGVS notation, one or several joined by `;` (`T790M`, `L858R;T790M`, `Q2440*`, `P2474Afs*4`,
 * `E746_A750del`, `L747_P753delinsS`, `D770_N771insNPH`, `599dupT`, `p.R703C`), or a cleavage site (`S2`).
 */
const CHANGE =
  /^(?:p\.)?(?:[A-Z][0-9]+(?:[A-Z]|\*|[A-Z]?fs\*?[0-9]*)|[A-Z][0-9]+(?:_[A-Z][0-9]+)?(?:del|dup|ins[A-Z]+|delins[A-Z]+)|[0-9]+dup[ACGT]+)$/;

function proteinChange(word: string): boolean {
  return word.split(';').every((w) => CHANGE.test(w)) || /^S[1-4]$/.test(word);
}

/**
 * The leading symbol of a label that goes on to describe a part, form or variant of its product:
 * `C3 beta chain`, `C1R C-terminal fragment`, `GHR activated`, `F12 T328R` (an amino-acid change),
 * `PEX5 isoform L`, `ERBB4 JM-A CYT-2 isoform` (anything naming an isoform), `EGFR L747_S752del`,
 * `NOTCH1 V1676D S2 cleavage fragment` (protein changes, parts), `TUBB3 folding intermediate`. Undefined for other
 * labels: `EGF receptor` or `IL6 binding protein` name another gene.
 */
export function describedSymbol(label: string): string | undefined {
  const m = /^([A-Z][A-Z0-9-]*[A-Z0-9])(?:\([0-9?]+-[0-9?]+\))?\s+(.+)$/.exec(stripDecorations(label));
  if (m === null) return undefined;
  const words = m[2]!.split(/\s+/);
  if (words.some((w) => /^isoforms?$/i.test(w))) return m[1];
  const form = (w: string, next: string | undefined): boolean =>
    TRAILING_FORM.has(w.toLowerCase()) ||
    proteinChange(w) ||
    (/^(?:alpha|beta|gamma|delta)'?$/i.test(w) && /^chains?$/i.test(next ?? ''));
  return words.every((w, i) => form(w, words[i + 1])) ? m[1] : undefined;
}

/**
 * Reactome's isoform notation, an approved symbol then a hyphen and the isoform number (`GRB2-1`,
 * `NUP98-5`, `SHC1-2`): the symbol, or undefined for any other label.
 */
export function isoformBase(label: string): string | undefined {
  return /^([A-Z][A-Za-z0-9]*)-[0-9]{1,2}$/.exec(label)?.[1];
}

/**
 * The names of a label that joins them with a bare slash (`SMAC/DIABLO`, `KDR/FLK1`, `ERK1/2` → ERK1,
 * ERK2, a trailing number or letter standing for the first name with its ending replaced). Undefined
 * for a label without one, with a spaced ` / ` (see labelVariants), or with a one-letter part (`C/EBPB`).
 */
export function slashSides(label: string): string[] | undefined {
  const text = label.trim();
  if (!/[^\s]\/[^\s]/.test(text) || /\s\/\s/.test(text)) return undefined;
  const parts = text.split('/').map((p) => p.trim());
  const first = parts[0]!;
  const sides = parts.map((p, i) => {
    const ending = /^(?:[0-9]{1,2}|[A-Za-z])$/.test(p) ? (/[0-9]/.test(p) ? /[0-9]+$/ : /[A-Za-z]$/).exec(first) : null;
    return i > 0 && ending !== null ? first.slice(0, ending.index) + p : p;
  });
  return sides.every((s) => s.length >= 2) ? sides : undefined;
}

/**
 * An isoform named by a Greek letter after a symbol that ends in a digit (`TP73alpha`, `FBXW7 gamma`,
 * `TP73-δ`): the symbol. Folding would read `TP73alpha` as TP73A, which is not the same gene.
 */
export function greekIsoformBase(label: string): string | undefined {
  return /^([A-Z][A-Z0-9]*[0-9])[\s-]?(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa)$/i.exec(
    spellOut(label),
  )?.[1];
}

/**
 * The gene part of a label with a form prefix: s(oluble), t(runcated), h(uman), n(uclear),
 * i(nactivated), or pro (the precursor: `proBDNF`, `proKLK5`, `pro-CELA2A`) before a capitalised name
 * of three or more characters (`sICAM-1`, `tBID`, `nSREBP2`, `iC3b`). Other letters are left alone:
 * m, p and c also begin names (mTOR, p53, c-Myc).
 */
export function formPrefixed(label: string): string | undefined {
  return /^(?:[sthni]|pro-?)([A-Z][A-Za-z0-9-]{2,}.*)$/.exec(label)?.[1];
}

/**
 * The shape of a UniProt entry name's protein code for a human protein (`PK3CA`, `CP1A1`, `S10A6`; the
 * `_HUMAN` suffix may be written): five letters and digits with at least one digit and three letters,
 * upper-cased. Undefined for other labels.
 */
export function entryNameCode(label: string): string | undefined {
  const code = label.replace(/_HUMAN$/, '');
  if (!/^[A-Za-z0-9]{5}$/.test(code) || !/[0-9]/.test(code) || (code.match(/[A-Za-z]/g)?.length ?? 0) < 3)
    return undefined;
  return code.toUpperCase();
}
