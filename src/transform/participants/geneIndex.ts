// Lookup keys over the HGNC table for label resolution (upper-case, folded, names), built once per table.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { ListMap } from '../../reference/listMap.js';
import { storedKey } from '../../reference/strings.js';
import { foldName, foldSymbol, nameWords } from './normalise.js';

export interface GeneIndex {
  table: HgncTable;
  upperSymbol: Map<string, HgncRecord[]>;
  upperPrev: Map<string, HgncRecord[]>;
  upperAlias: Map<string, HgncRecord[]>;
  foldedSymbol: Map<string, HgncRecord[]>;
  foldedPrev: Map<string, HgncRecord[]>;
  foldedAlias: Map<string, HgncRecord[]>;
  /** Approved names (`cathepsin K`), folded. */
  names: Map<string, HgncRecord[]>;
  /** Alias and previous names, folded. */
  otherNames: Map<string, HgncRecord[]>;
  /** Approved and previous names of protein-coding genes as their words (nameWords). */
  nameWords: Map<string, HgncRecord[]>;

  /** Folded symbols and alias symbols, sorted, with their records: for family look-ups by prefix. */
  sortedKeys: string[];
  sortedRecords: HgncRecord[];
}

// A member suffix: a number (`AKT1`, `MAPK14`), a letter (`PKCA`), a letter and a number (`AMPKA1`), a number and a
// letter (`CAMK2A`).
const MEMBER_SUFFIX = /^(?:[0-9]{1,2}|[A-Z]|[A-Z][0-9]{1,2}|[0-9]{1,2}[A-Z])$/;

/**
 * The records whose symbol or alias is `stem` plus a member suffix: `AKT` → AKT1, AKT2, AKT3;
 * `PKC` → PRKCA (PKCA), PRKCB (PKCB). A stem with two or more names a family, not a gene.
 */
export function familyMembers(index: GeneIndex, stem: string): HgncRecord[] {
  const keys = index.sortedKeys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < stem) lo = mid + 1;
    else hi = mid;
  }
  const out: HgncRecord[] = [];
  for (let i = lo; i < keys.length && keys[i]!.startsWith(stem); i++) {
    if (MEMBER_SUFFIX.test(keys[i]!.slice(stem.length)) && !out.includes(index.sortedRecords[i]!))
      out.push(index.sortedRecords[i]!);
  }
  return out;
}

const cache = new WeakMap<HgncTable, GeneIndex>();

export function geneIndex(table: HgncTable): GeneIndex {
  let index = cache.get(table);
  if (index === undefined) {
    index = buildGeneIndex(table);
    cache.set(table, index);
  }
  return index;
}

/** Hands over an index read back from the parsed-reference cache (src/reference/cache/), so it is not built again. */
export function primeGeneIndex(table: HgncTable, index: GeneIndex): void {
  cache.set(table, index);
}

function buildGeneIndex(table: HgncTable): GeneIndex {
  // Most keys name one record: ListMap stores those without an array of their own (it reads as a Map of arrays).
  const index: GeneIndex = {
    table,
    upperSymbol: new ListMap(),
    upperPrev: new ListMap(),
    upperAlias: new ListMap(),
    foldedSymbol: new ListMap(),
    foldedPrev: new ListMap(),
    foldedAlias: new ListMap(),
    names: new ListMap(),
    otherNames: new ListMap(),
    nameWords: new ListMap(),
    sortedKeys: [],
    sortedRecords: [],
  };
  const keys: string[] = [];
  const records: HgncRecord[] = [];
  for (const record of table.records) {
    add(index.upperSymbol, storedKey(record.symbol.toUpperCase(), record.symbol), record);
    const folded = storedKey(foldSymbol(record.symbol), record.symbol);
    add(index.foldedSymbol, folded, record);
    keys.push(folded);
    records.push(record);
    for (const s of record.prevSymbols) {
      if (caseBound(s)) continue;
      add(index.upperPrev, storedKey(s.toUpperCase(), s), record);
      add(index.foldedPrev, storedKey(foldSymbol(s), s), record);
    }
    for (const s of record.aliasSymbols) {
      if (caseBound(s)) continue;
      add(index.upperAlias, storedKey(s.toUpperCase(), s), record);
      const f = storedKey(foldSymbol(s), s);
      add(index.foldedAlias, f, record);
      keys.push(f);
      records.push(record);
    }
    if (record.name !== '') add(index.names, storedKey(foldName(record.name), record.name), record);
    for (const n of record.aliasNames) add(index.otherNames, storedKey(foldName(n), n), record);
    for (const n of record.prevNames) add(index.otherNames, storedKey(foldName(n), n), record);
    // UniProt-style names name proteins: only protein-coding genes' names are read word by word.
    if (record.locusGroup === 'protein-coding gene') addNameWords(index.nameWords, record);
  }
  // A stable sort of positions by key: records with the same key stay in table order.
  const order = Array.from(keys, (_, i) => i).sort((a, b) =>
    keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b,
  );
  index.sortedKeys = order.map((i) => keys[i]!);
  index.sortedRecords = order.map((i) => records[i]!);
  return index;
}

/**
 * A symbol whose case is part of it: a lower-case letter, a capital, a number (`uL11`, `eS24`, `mS22`: the
 * ribosomal proteins' names, the first letter saying universal, eukaryotic or mitochondrial; `aP2`, `pS2`). Written in
 * capitals it is another name (`UL11`, `US3`: herpesvirus genes; `PS2`: presenilin 2), so only the tiers that
 * compare as written read it.
 */
export function caseBound(symbol: string): boolean {
  return /^[a-z][A-Z][0-9]+$/.test(symbol);
}

/**
 * A record's approved and previous names (add keeps a record once per key). Not its alias names: many
 * are descriptions of a class (`BH3-only protein`, `ubiquitin ligase`) that one record happens to hold.
 */
function addNameWords(map: Map<string, HgncRecord[]>, record: HgncRecord): void {
  for (const n of [record.name, ...record.prevNames]) {
    const words = nameWords(n);
    if (words !== undefined) add(map, storedKey(words, n), record);
  }
}

/** A record is added once per key, in table order. */
function add(map: Map<string, HgncRecord[]>, key: string, record: HgncRecord): void {
  if (key !== '') (map as ListMap<HgncRecord>).add(key, record);
}

/** Records in HGNC id order, so candidates are listed the same way every run. */
export function sortRecords(records: HgncRecord[]): HgncRecord[] {
  return [...records].sort((a, b) => Number(a.id) - Number(b.id));
}
