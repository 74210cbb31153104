// Label normalisation for gene lookup: residue ranges, compartments, Greek letters, punctuation, case.

const GREEK_LETTERS: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  µ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  ς: 'sigma',
  τ: 'tau',
  φ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
  Α: 'alpha',
  Β: 'beta',
  Γ: 'gamma',
  Δ: 'delta',
  Ε: 'epsilon',
  Κ: 'kappa',
  Λ: 'lambda',
  Ω: 'omega',
};

/** The letter HGNC symbols use for a Greek letter (PRKCA for PKC-alpha, PRKCQ for theta, PRKCH for eta). */
const GREEK_SYMBOL_LETTER: Record<string, string> = {
  alpha: 'A',
  beta: 'B',
  gamma: 'G',
  delta: 'D',
  epsilon: 'E',
  zeta: 'Z',
  eta: 'H',
  theta: 'Q',
  iota: 'I',
  kappa: 'K',
  lambda: 'L',
  mu: 'M',
  nu: 'N',
  xi: 'X',
  pi: 'P',
  rho: 'R',
  sigma: 'S',
  tau: 'T',
  phi: 'F',
  chi: 'C',
  psi: 'Y',
  omega: 'W',
};
// Long letter names are read in any case (`Alpha`, `BETA`); the short ones (`pi`, `mu`, `tau`, …) only in
// lower case after a space, hyphen or digit, so that `PI3K` or `TAU` are left alone.
const LONG_NAMES = 'alpha|beta|gamma|delta|epsilon|zeta|theta|iota|kappa|lambda|sigma|omega';
const GREEK_LONG = new RegExp(
  `(?<![a-z])(?:${LONG_NAMES})(?![a-z])|(?<![A-Za-z])(?:${LONG_NAMES.replace(/\b([a-z])/g, (c) => c.toUpperCase())}|${LONG_NAMES.toUpperCase()})(?![a-z])`,
  'g',
);
const GREEK_SHORT = /(?<=[\s0-9-])(eta|mu|nu|xi|pi|rho|tau|phi|chi|psi)(?![A-Za-z])/g;
const GREEK_CHAR = new RegExp(`[${Object.keys(GREEK_LETTERS).join('')}]`, 'g');

const SCRIPTS: Record<string, string> = {
  '⁺': '+',
  '⁻': '-',
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '₊': '+',
  '₋': '-',
  '₀': '0',
  '₁': '1',
  '₂': '2',
  '₃': '3',
  '₄': '4',
  '₅': '5',
  '₆': '6',
  '₇': '7',
  '₈': '8',
  '₉': '9',
};

/** Greek letters written out (`β` → `beta`), super- and subscripts as plain characters, typographic dashes as `-`. */
export function spellOut(text: string): string {
  return text
    .replace(GREEK_CHAR, (ch) => GREEK_LETTERS[ch] ?? ch)
    .replace(/[⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹₊₋₀₁₂₃₄₅₆₇₈₉]/g, (ch) => SCRIPTS[ch] ?? ch)
    .replace(/[‐-―−]/g, '-');
}

/**
 * Decorations that name a form of a gene product rather than another gene: a residue range
 * `(1-?)` / `(19-1150)`, a Reactome compartment `[cytosol]`, a phosphosite prefix `p-S15,S20-`,
 * a trailing ` gene` / ` protein` / ` mRNA` / ` precursor` (UniProt's word for the unprocessed chain).
 */
export function stripDecorations(label: string): string {
  let out = label.trim();
  for (let i = 0; i < 3; i++) {
    const before = out;
    out = out
      .replace(/\s*\((?:[0-9]+|\?)\s*-\s*(?:[0-9]+|\?)\)\s*$/, '')
      .replace(/\s*\[[^\]]*\]\s*$/, '')
      .replace(/\s*\(?\s*EC\s*[0-9]+(?:\.(?:[0-9]+|-)){1,3}\s*\)?$/, '')
      .replace(/^p-(?:[STYHK][0-9]+(?:,\s*)?)+-/, '')
      .replace(/\s+(?:gene|protein|mRNA|transcript|precursor)$/i, '')
      .trim();
    if (out === before) break;
  }
  return out;
}

// Reactome writes a modified protein as its modifications, then the gene: `p-S15,S20-TP53`, `MyrG-p-Y419-SRC`,
// `K63polyUb-TRAF6`, `S-Farn-Me PalmS NRAS`, `SUMO1-C93-UBE2I` (SUMO1 bound at C93 of UBE2I).
const RESIDUE = '(?:[0-9]+[A-Z]|[A-Z][0-9]+|[STYKCRGHDE]|Ac|Me|p)';
const RESIDUES = new RegExp(`^(?:[0-9]+[A-Z]|[A-Z][0-9]+|${RESIDUE}(?:,\\s*(?:${RESIDUE}|[A-Z]?-?[A-Z][0-9]+))+)$`);
const PTM_WORD =
  /^[0-9]*x?(?:K[0-9]+)?(?:poly)?(?:Palm|Myr|Farn|Me|Ac|Ub|HC|GalNAc|GlcNAc|GPIN|GPI|SUMO|NEDD|ADPr|Hyp|Hyl|GalHyl|GlcGalHyl|XylS|RibC|Cit|Lipo|Ger|Glyco|N4GlycoAsn)[A-Z]?[0-9]*$/;

/** The gene part of a label written as modifications then gene, or undefined when the label is not of that form. */
export function stripModifications(label: string): string | undefined {
  const tokens = label.split(/(?<=[-\s])/);
  const word = (i: number): string => (tokens[i] ?? '').replace(/[-\s]$/, '');
  const strong = (t: string): boolean => t === 'p' || RESIDUES.test(t) || PTM_WORD.test(t);
  // A bare residue letter (`Y` in `p-Y-GAB2`, `S` in `S-Farn-Me`) counts only beside another modification,
  // so that `A-Raf` or `B-catenin` keep their first letter.
  const weak = (t: string): boolean => /^[A-Z]$/.test(t);
  let i = 0;
  while (i < tokens.length - 1) {
    const t = word(i);
    if (strong(t) || (weak(t) && (i > 0 || strong(word(i + 1))))) i++;
    else break;
  }
  if (i === 0) return undefined;
  const rest = tokens.slice(i).join('').trim();
  return rest.length >= 2 ? rest : undefined;
}

/** Words for a gene product's state before its symbol (`Active BTK`, `misfolded CFTR`, `Pro-EGF`). */
const LEADING_FORM = /^(?:active|activated|inactive|misfolded|unfolded|cleaved|mature|truncated|soluble|nascent|pro)$/i;

/**
 * The approved-symbol-like last part of a qualified label: `Unfolded TP53`, `cleaved CASP3`,
 * `3x4Hyp-5Hyl-COL1A1`, `UBE2I-G97-SUMO1`, `XylS-GPC5(25-?)`. Whatever comes before must read as
 * a qualifier: words with lower-case letters, or Reactome modification tokens (a residue with its
 * position, or a token with lower-case letters). Given `isGene`, upper-case codes that name no gene
 * (`GGC-RAB4A` geranylgeranyl, `PXLP-AGXT2` pyridoxal phosphate) also vouch for a symbol with a digit
 * or of five letters or more, when no token before it names a gene. Undefined for any other label.
 */
export function qualifiedSymbol(label: string, isGene?: (token: string) => boolean): string | undefined {
  const text = stripDecorations(label);
  const m = /^(.+)[-\s]([A-Z][A-Z0-9]*[0-9A-Z])$/.exec(text);
  if (m === null) return undefined;
  const symbol = m[2]!;
  const qualifiers = m[1]!.split(/[-\s]+/).filter((t) => t !== '');
  // Reactome's modification tokens: `p`, residues (`G97`, `4Y`), PTM words, camel-case codes (`CbxE`,
  // `MetC`, `GlcA`), counted glycans (`chondroitin(2)`).
  const modification = (t: string): boolean =>
    t === 'p' || RESIDUES.test(t) || PTM_WORD.test(t) || /[a-z][A-Z]/.test(t) || /\([0-9]+\)/.test(t);
  const qualifier = (t: string): boolean => /[a-z]/.test(t) || modification(t);
  // A short all-letter symbol (PC, LPA, PALM, AR) is also a metabolite or word abbreviation: only a
  // modification in Reactome's notation (`XylS-BCAN`, `p-Y-SRC`) or a word for a protein's state
  // (`Active BTK`, `misfolded CFTR`, `Pro-EGF`) vouches for it.
  const short = symbol.length < 5 && !/[0-9]/.test(symbol);
  // `GPAM or GPAT2`, `TLR7 and TLR8`: a choice or a list of genes, not a qualified one.
  if (symbol.length < 3 || qualifiers.length === 0 || qualifiers.some((t) => /^(?:or|and)$/i.test(t))) return undefined;
  if (qualifiers.some(short ? (t) => modification(t) || LEADING_FORM.test(t) : qualifier)) return symbol;
  if (!short && isGene !== undefined && qualifiers.every((t) => !isGene(t))) return symbol;
  return undefined;
}

/** A label drawn vertically (`P D G F A`, one letter a line) read as one word. */
export function joinSpelledOut(label: string): string | undefined {
  const parts = label.split(/\s+/);
  return parts.length > 1 && parts.every((p) => p.length === 1) ? parts.join('') : undefined;
}

/** Symbol key: upper case, Greek letters as their HGNC letter, every character other than A–Z and 0–9 dropped. */
export function foldSymbol(text: string): string {
  if (/^[A-Z0-9]*$/.test(text)) return text; // most symbols: nothing to fold
  return spellOut(text)
    .replace(GREEK_LONG, (word) => GREEK_SYMBOL_LETTER[word.toLowerCase()] ?? word)
    .replace(GREEK_SHORT, (word) => GREEK_SYMBOL_LETTER[word] ?? word)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** Name key: lower case, Greek letters spelled out, only letters and digits kept (`Beclin1` = `beclin 1`). */
export function foldName(text: string): string {
  return spellOut(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * Words a UniProt-style name has and HGNC's name for the same gene often lacks, or the reverse. Never
 * `like` (`X-like` is another gene) nor `family` (`Interleukin-6 family` is not IL6).
 */
const FILLER_WORDS = new Set(['protein', 'proteins', 'the', 'of', 'and', 'domain', 'containing', 'type', 'homolog']);
const GREEK_WORD_LETTER: Record<string, string> = {
  alpha: 'a',
  beta: 'b',
  gamma: 'g',
  delta: 'd',
  epsilon: 'e',
  zeta: 'z',
  kappa: 'k',
};

/**
 * A name as the words it is made of, in order of the alphabet, then its numbers in the order written:
 * lower case, Greek letters as their Latin letter, runs of letters and of digits apart (`SH3` → `sh 3`),
 * a trailing `, mitochondrial` and filler words dropped. `LIM and SH3 domain protein 1` and HGNC's
 * `LIM and SH3 protein 1` both read `1 3 lim sh | 3 1`; `Histone H3.1` and `histone H1.3` differ.
 * Undefined when fewer than two words remain.
 */
export function nameWords(text: string): string | undefined {
  let lower = (/^[\x00-\x7f]*$/.test(text) ? text : spellOut(text)).toLowerCase();
  if (lower.endsWith(', mitochondrial')) lower = lower.slice(0, -', mitochondrial'.length);
  const words: string[] = [];
  for (const w of lower.match(/[a-z]+|[0-9]+/g) ?? []) if (!FILLER_WORDS.has(w)) words.push(GREEK_WORD_LETTER[w] ?? w);
  if (words.length < 2) return undefined;
  const numbers = words.filter((w) => /^[0-9]/.test(w));
  return `${words.sort().join(' ')} | ${numbers.join(' ')}`;
}

/** The label forms tried in order: as written (trimmed), without decorations, letters of a vertical label joined. */
export function labelVariants(label: string): string[] {
  const out: string[] = [];
  const add = (v: string | undefined): void => {
    if (v !== undefined && v !== '' && !out.includes(v)) out.push(v);
  };
  const trimmed = label.replace(/\s+/g, ' ').trim();
  add(trimmed);
  add(stripDecorations(trimmed));
  const unmodified = stripModifications(stripDecorations(trimmed));
  if (unmodified !== undefined) add(stripDecorations(unmodified));
  add(joinSpelledOut(trimmed));
  // `ZEB1 / TCF8`, `COX2 (PTGS2)`, `GYS2 (liver)`: a symbol beside an alias or a note; each side is
  // tried, and sides naming different genes make the label ambiguous.
  if (/\s\/\s/.test(trimmed)) for (const part of trimmed.split(/\s\/\s/)) add(stripDecorations(part));
  const aside = /^(.+?)\s*\(([^()]+)\)$/.exec(stripDecorations(trimmed));
  if (aside !== null) {
    add(stripDecorations(aside[1]!));
    add(aside[2]!.trim().replace(/^(?:aka|a\.k\.a\.)\s+/i, ''));
  }
  add(withoutProteinWords(stripDecorations(trimmed)));
  return out;
}

/**
 * A UniProt-style protein name without its filler words, as HGNC writes names: `Probable G-protein
 * coupled receptor 179` → `G-protein coupled receptor 179`, `Notchless protein homolog 1` → `Notchless
 * homolog 1`, `Protein AF-17` → `AF-17`. Undefined when there is nothing to drop or under three characters remain.
 */
export function withoutProteinWords(label: string): string | undefined {
  const out = label
    .replace(/^(?:Probable|Putative|Uncharacterized)\s+/i, '')
    .replace(/(^|\s)protein(?=\s|$)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return out !== label && out.length >= 3 ? out : undefined;
}

/** Chemokine classes by their cysteine motif, as HGNC symbols spell them (XCL for the C class). */
const CHEMOKINE_CLASS: Record<string, string> = { C: 'XC', 'X-C': 'XC', 'C-C': 'CC', 'C-X-C': 'CXC', 'C-X3-C': 'CX3C' };

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };

/** A Roman numeral of I, V and X (`XIII` → 13). */
export function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN[numeral[i]!]!;
    total += value < (ROMAN[numeral[i + 1] ?? ''] ?? 0) ? -value : value;
  }
  return total;
}

/**
 * Naming conventions that turn a written-out name into a symbol-like key:
 * `RANK ligand` → RANKL, `EGF receptor` → EGFR, `miR-21` / `hsa-mir-21-5p` → MIR21,
 * `Factor VIIa` / `FXIa` (clotting factors by Roman numeral, `a` for the activated form) → F7 / F11,
 * UniProt's chemokine names `C-C motif chemokine 2` / `C-X-C motif chemokine 10` → CCL2 / CXCL10.
 */
export function conventionalSymbols(label: string): string[] {
  const out: string[] = [];
  const text = spellOut(label).trim();
  const ligand = /^(.+?)[\s-]+ligand$/i.exec(text);
  if (ligand) out.push(foldSymbol(ligand[1]!) + 'L');
  const receptor = /^(.+?)[\s-]+receptor$/i.exec(text);
  if (receptor) out.push(foldSymbol(receptor[1]!) + 'R');
  const mir = /^(?:[a-z]{3}-)?mi(?:r|R|RNA)-?([0-9]+[a-z]?)(?:-([0-9]))?(?:-[35]p)?$/.exec(text);
  if (mir) out.push(`MIR${mir[1]!.toUpperCase()}${mir[2] ?? ''}`);
  const letMir = /^(?:[a-z]{3}-)?let-?([0-9]+[a-z]?)(?:-([0-9]))?(?:-[35]p)?$/i.exec(text);
  if (letMir) out.push(`MIRLET${letMir[1]!.toUpperCase()}${letMir[2] ?? ''}`);
  const factor = /^(?:(?:[Cc]oagulation\s+)?[Ff]actor\s+|F)([IVX]+)a?$/.exec(text);
  if (factor) out.push(`F${romanValue(factor[1]!)}`);
  const chemokine = /^(C|C-C|C-X-C|C-X3-C|X-C) motif chemokine ([0-9]+)$/i.exec(text);
  if (chemokine) out.push(`${CHEMOKINE_CLASS[chemokine[1]!.toUpperCase()]!}L${chemokine[2]!}`);
  return out;
}
