// The label tiers of gene resolution, strictest first: symbols as written, in any case, folded, names, then label
// forms.

import type { HgncRecord } from '../../reference/hgnc.js';
import { familyMembers, type GeneIndex } from './geneIndex.js';
import { describedSymbol, entryNameCode, formPrefixed, greekIsoformBase, isoformBase } from './labelForms.js';
import { conventionalSymbols, foldName, foldSymbol, nameWords, qualifiedSymbol } from './normalise.js';
import type { Linked, Resolution, TierVia } from './model.js';

export interface Tier {
  via: TierVia;
  /** What the tier matches: the approved symbol, a previous or alias symbol, or a name. */
  target: 'symbol' | 'previous' | 'alias' | 'name';
  /** The tier compares letters in their case as written. */
  exactCase: boolean;
  /** `resolve` resolves another label (a part of this one) from scratch. */
  find: (variant: string, index: GeneIndex, resolve: (label: string) => Resolution) => HgncRecord[] | undefined;
}

const one = (r: HgncRecord | undefined): HgncRecord[] | undefined => (r === undefined ? undefined : [r]);

/** Label tiers, strictest first: the first tier that finds anything decides. */
export const TIERS: readonly Tier[] = [
  { via: 'symbol', target: 'symbol', exactCase: true, find: (v, ix) => one(ix.table.bySymbol.get(v)) },
  { via: 'previous symbol', target: 'previous', exactCase: true, find: (v, ix) => ix.table.byPrevSymbol.get(v) },
  { via: 'alias symbol', target: 'alias', exactCase: true, find: (v, ix) => ix.table.byAliasSymbol.get(v) },
  { via: 'symbol, any case', target: 'symbol', exactCase: false, find: (v, ix) => ix.upperSymbol.get(v.toUpperCase()) },
  {
    via: 'previous symbol, any case',
    target: 'previous',
    exactCase: false,
    find: (v, ix) => ix.upperPrev.get(v.toUpperCase()),
  },
  {
    via: 'alias symbol, any case',
    target: 'alias',
    exactCase: false,
    find: (v, ix) => ix.upperAlias.get(v.toUpperCase()),
  },
  // Before folding, which would glue the two numbers of `PTPN2-1` into PTPN21.
  { via: 'isoform', target: 'symbol', exactCase: true, find: (v, ix) => isoformFind(v, ix, true) },
  { via: 'symbol, folded', target: 'symbol', exactCase: false, find: (v, ix) => foldedFind(ix.foldedSymbol, v) },
  {
    via: 'previous symbol, folded',
    target: 'previous',
    exactCase: false,
    find: (v, ix) => foldedFind(ix.foldedPrev, v),
  },
  { via: 'alias symbol, folded', target: 'alias', exactCase: false, find: (v, ix) => foldedFind(ix.foldedAlias, v) },
  { via: 'name', target: 'name', exactCase: false, find: (v, ix) => ix.names.get(foldName(v)) },
  { via: 'alias or previous name', target: 'name', exactCase: false, find: (v, ix) => ix.otherNames.get(foldName(v)) },
  { via: 'naming convention', target: 'alias', exactCase: false, find: (v, ix) => conventionFind(v, ix) },
  { via: 'qualified symbol', target: 'symbol', exactCase: true, find: (v, ix) => qualifiedFind(v, ix) },
  { via: 'described symbol', target: 'symbol', exactCase: true, find: (v, ix) => describedFind(v, ix) },
  { via: 'form prefix', target: 'symbol', exactCase: true, find: (v, ix, resolve) => formPrefixFind(v, resolve) },
  {
    via: 'two names of one gene',
    target: 'symbol',
    exactCase: true,
    find: (v, ix, resolve) => namePairFind(v, resolve),
  },
  { via: 'isoform', target: 'symbol', exactCase: true, find: (v, ix) => isoformFind(v, ix, false) },
  { via: 'name words', target: 'name', exactCase: false, find: (v, ix) => nameWordsFind(v, ix) },
  { via: 'UniProt entry name', target: 'symbol', exactCase: false, find: (v, ix) => entryNameFind(v, ix) },
];

/** By the folded label, when folding leaves two characters or more: a lone `β` is no symbol `B`. */
function foldedFind(map: Map<string, HgncRecord[]>, variant: string): HgncRecord[] | undefined {
  const key = foldSymbol(variant);
  return key.length >= 2 ? map.get(key) : undefined;
}

/** A name of two or more words that HGNC writes with the same words (`LIM and SH3 domain protein 1` → LASP1). */
function nameWordsFind(variant: string, ix: GeneIndex): HgncRecord[] | undefined {
  if (!/[\s-]/.test(variant)) return undefined;
  const words = nameWords(variant);
  return words === undefined ? undefined : ix.nameWords.get(words);
}

/**
 * A UniProt entry name's protein code (`PK3CA` of PK3CA_HUMAN, `CTNB1`, `TF2H1`): five characters that
 * are a six-character approved symbol with one character left out. Only when exactly one symbol fits,
 * and never for a family stem (`AKR1B` is AKR1B1, AKR1B10, AKR1B15: not a code for the one of six characters).
 */
function entryNameFind(variant: string, ix: GeneIndex): HgncRecord[] | undefined {
  const code = entryNameCode(variant);
  if (code === undefined || familyMembers(ix, code).length >= 2) return undefined;
  const found = new Set<HgncRecord>();
  for (let at = 0; at <= code.length; at++) {
    for (const ch of SYMBOL_CHARACTERS) {
      const r = ix.table.bySymbol.get(code.slice(0, at) + ch + code.slice(at));
      if (r !== undefined) found.add(r);
    }
  }
  return found.size === 1 ? [...found] : undefined;
}

const SYMBOL_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-';

function describedFind(variant: string, ix: GeneIndex): HgncRecord[] | undefined {
  const symbol = describedSymbol(variant);
  return symbol === undefined ? undefined : one(ix.table.bySymbol.get(symbol));
}

/** `sICAM-1` → ICAM1: the rest linked by a symbol, previous or alias tier (not by a name). */
function formPrefixFind(variant: string, resolve: (label: string) => Resolution): HgncRecord[] | undefined {
  const rest = formPrefixed(variant);
  if (rest === undefined) return undefined;
  const r = resolve(rest);
  return r.kind === 'linked' && !NAME_VIAS.has(r.via) ? [r.record] : undefined;
}

/**
 * Two names side by side, perhaps joined by `or` (`ABCD3 or PMP70`, `NFKB1 p105`): one links a record by a symbol,
 * previous or alias tier on its own, and the other names that record too, alone or among the candidates it is
 * ambiguous between (`p105`: NFKB1 or NFKB2): one gene written twice. Two genes, a word naming none (`EGF
 * receptor`) or a name tier's reading leave the label to the other tiers.
 */
function namePairFind(variant: string, resolve: (label: string) => Resolution): HgncRecord[] | undefined {
  const m = /^(\S+)\s+(?:or\s+)?(\S+)$/.exec(variant);
  if (m === null) return undefined;
  const sides = [resolve(m[1]!), resolve(m[2]!)];
  const names = (r: Resolution, record: HgncRecord): boolean =>
    (r.kind === 'linked' && r.record === record) || (r.kind === 'ambiguous' && r.candidates.includes(record));
  for (const [one, other] of [sides, [...sides].reverse()] as const) {
    if (
      one!.kind === 'linked' &&
      !NAME_VIAS.has(one!.via) &&
      other!.kind !== 'unresolved' &&
      !NAME_VIAS.has(other!.via)
    )
      return names(other!, one!.record) ? [one!.record] : undefined;
  }
  return undefined;
}

/** Links made from a name (a UniProt entry name too), which a form prefix may not lead to. */
const NAME_VIAS: ReadonlySet<Linked['via']> = new Set<Linked['via']>([
  'name',
  'alias or previous name',
  'name words',
  'UniProt entry name',
]);

/**
 * `GRB2-1` → GRB2. Only a symbol ending in a digit (`SHC1-2`) when `digitEnding`: `ACE-2` is ACE2 by
 * folding. The last tier also reads a Greek isoform letter (`TP73alpha`).
 */
function isoformFind(variant: string, ix: GeneIndex, digitEnding: boolean): HgncRecord[] | undefined {
  const base = digitEnding ? isoformBase(variant) : (isoformBase(variant) ?? greekIsoformBase(variant));
  if (base === undefined || (digitEnding && !/[0-9]$/.test(base))) return undefined;
  return one(ix.table.bySymbol.get(base));
}

function qualifiedFind(variant: string, ix: GeneIndex): HgncRecord[] | undefined {
  const t = ix.table;
  const isGene = (token: string): boolean =>
    t.bySymbol.has(token) || t.byPrevSymbol.has(token) || t.byAliasSymbol.has(token);
  // `PXLP-K258-NFS1-2`: a qualified isoform.
  const unnumbered = /^(.+[A-Z0-9])-[0-9]{1,2}$/.exec(variant)?.[1];
  const symbol =
    qualifiedSymbol(variant, isGene) ?? (unnumbered === undefined ? undefined : qualifiedSymbol(unnumbered, isGene));
  return symbol === undefined ? undefined : one(t.bySymbol.get(symbol));
}

function conventionFind(variant: string, ix: GeneIndex): HgncRecord[] | undefined {
  for (const maps of [ix.foldedSymbol, ix.foldedPrev, ix.foldedAlias]) {
    const found = new Set<HgncRecord>();
    for (const key of conventionalSymbols(variant)) for (const r of maps.get(key) ?? []) found.add(r);
    if (found.size > 0) return [...found];
  }
  return undefined;
}
