// Label normalisation for gene lookup: residue ranges, compartments, Greek letters, punctuation, case.

const GREEK_LETTERS: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota', κ: 'kappa',
  λ: 'lambda', μ: 'mu', µ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ρ: 'rho', σ: 'sigma', ς: 'sigma', τ: 'tau', φ: 'phi', χ: 'chi',
  ψ: 'psi', ω: 'omega', Α: 'alpha', Β: 'beta', Γ: 'gamma', Δ: 'delta', Ε: 'epsilon', Κ: 'kappa', Λ: 'lambda', Ω: 'omega',
};

/** The letter HGNC symbols use for a Greek letter (PRKCA for PKC-alpha, PRKCQ for theta, PRKCH for eta). */
const GREEK_SYMBOL_LETTER: Record<string, string> = {
  alpha: 'A', beta: 'B', gamma: 'G', delta: 'D', epsilon: 'E', zeta: 'Z', eta: 'H', theta: 'Q', iota: 'I', kappa: 'K',
  lambda: 'L', mu: 'M', nu: 'N', xi: 'X', pi: 'P', rho: 'R', sigma: 'S', tau: 'T', phi: 'F', chi: 'C', psi: 'Y', omega: 'W',
};
// Long letter names are read in any case (`Alpha`, `BETA`); the short ones (`pi`, `mu`, `tau`, …) only in
// lower case after a space, hyphen or digit, so that `PI3K` or `TAU` are left alone.
const LONG_NAMES = 'alpha|beta|gamma|delta|epsilon|zeta|theta|iota|kappa|lambda|sigma|omega';
const GREEK_LONG = new RegExp(`(?<![a-z])(?:${LONG_NAMES})(?![a-z])|(?<![A-Za-z])(?:${LONG_NAMES.replace(/\b([a-z])/g, (c) => c.toUpperCase())}|${LONG_NAMES.toUpperCase()})(?![a-z])`, 'g');
const GREEK_SHORT = /(?<=[\s0-9-])(eta|mu|nu|xi|pi|rho|tau|phi|chi|psi)(?![A-Za-z])/g;
const GREEK_CHAR = new RegExp(`[${Object.keys(GREEK_LETTERS).join('')}]`, 'g');

const SCRIPTS: Record<string, string> = {
  '⁺': '+', '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
  '₊': '+', '₋': '-', '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9',
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
 * a trailing ` gene` / ` protein` / ` mRNA`.
 */
export function stripDecorations(label: string): string {
  let out = label.trim();
  for (let i = 0; i < 3; i++) {
    const before = out;
    out = out
      .replace(/\s*\((?:[0-9]+|\?)\s*-\s*(?:[0-9]+|\?)\)\s*$/, '')
      .replace(/\s*\[[^\]]*\]\s*$/, '')
      .replace(/^p-(?:[STYHK][0-9]+(?:,\s*)?)+-/, '')
      .replace(/\s+(?:gene|protein|mRNA|transcript)$/i, '')
      .trim();
    if (out === before) break;
  }
  return out;
}

// Reactome writes a modified protein as its modifications, then the gene: `p-S15,S20-TP53`, `MyrG-p-Y419-SRC`,
// `K63polyUb-TRAF6`, `S-Farn-Me PalmS NRAS`, `SUMO1-C93-UBE2I` (SUMO1 bound at C93 of UBE2I).
const RESIDUES = /^(?:[0-9]*[A-Z]?[0-9]*|Ac|Me|p)(?:,\s*(?:[0-9]*[A-Z]?[0-9]*|Ac|Me|p))*$/;
const PTM_WORD = /^[0-9]*x?(?:K[0-9]+)?(?:poly)?(?:Palm|Myr|Farn|Me|Ac|Ub|HC|GalNAc|GlcNAc|GPIN|GPI|SUMO|NEDD|ADPr|Hyp|Cit|Lipo|Pho|Ger|Glyco)[A-Z]?[0-9]*$/;

/** The gene part of a label written as modifications then gene, or undefined when the label is not of that form. */
export function stripModifications(label: string): string | undefined {
  const tokens = label.split(/(?<=[-\s])/);
  let i = 0;
  while (i < tokens.length - 1) {
    const token = tokens[i]!.replace(/[-\s]$/, '');
    if (token === '' || !(token === 'p' || RESIDUES.test(token) || PTM_WORD.test(token))) break;
    i++;
  }
  if (i === 0) return undefined;
  const rest = tokens.slice(i).join('').trim();
  return rest.length >= 2 ? rest : undefined;
}

/** A label drawn vertically (`P D G F A`, one letter a line) read as one word. */
export function joinSpelledOut(label: string): string | undefined {
  const parts = label.split(/\s+/);
  return parts.length > 1 && parts.every((p) => p.length === 1) ? parts.join('') : undefined;
}

/** Symbol key: upper case, Greek letters as their HGNC letter, every character other than A–Z and 0–9 dropped. */
export function foldSymbol(text: string): string {
  return spellOut(text)
    .replace(GREEK_LONG, (word) => GREEK_SYMBOL_LETTER[word.toLowerCase()] ?? word)
    .replace(GREEK_SHORT, (word) => GREEK_SYMBOL_LETTER[word] ?? word)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** Name key: lower case, Greek letters spelled out, punctuation as spaces, runs of spaces folded. */
export function foldName(text: string): string {
  return spellOut(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
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
  // `ZEB1 / TCF8`: a symbol and its alias side by side; each side is tried (they must agree).
  if (/\s\/\s/.test(trimmed)) for (const part of trimmed.split(/\s\/\s/)) add(stripDecorations(part));
  return out;
}

/**
 * Naming conventions that turn a written-out name into a symbol-like key:
 * `RANK ligand` → RANKL, `EGF receptor` → EGFR, `miR-21` / `hsa-mir-21-5p` → MIR21.
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
  return out;
}
