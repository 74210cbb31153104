// Lookup keys over the HGNC table for label resolution (upper-case, folded, names), built once per table.

import type { HgncRecord, HgncTable } from '../../reference/hgnc.js';
import { foldName, foldSymbol } from './normalise.js';

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

  /**
   * Family stems: `AKT` → the records whose symbol or alias is AKT1, AKT2, AKT3; `PKC` → PKCA, PKCB, ….
   * A stem with two or more records names a family, not a gene.
   */
  stems: Map<string, HgncRecord[]>;
}

// A member suffix: a number (`AKT1`, `MAPK14`), a letter (`PKCA`), a letter and a number (`AMPKA1`), a number and a letter (`CAMK2A`).
const MEMBER_SUFFIXES = [/[0-9]{1,2}$/, /[A-Z]$/, /[A-Z][0-9]{1,2}$/, /[0-9]{1,2}[A-Z]$/];

const cache = new WeakMap<HgncTable, GeneIndex>();

export function geneIndex(table: HgncTable): GeneIndex {
  let index = cache.get(table);
  if (index === undefined) {
    index = buildGeneIndex(table);
    cache.set(table, index);
  }
  return index;
}

function buildGeneIndex(table: HgncTable): GeneIndex {
  const index: GeneIndex = {
    table, upperSymbol: new Map(), upperPrev: new Map(), upperAlias: new Map(), foldedSymbol: new Map(),
    foldedPrev: new Map(), foldedAlias: new Map(), names: new Map(), otherNames: new Map(), stems: new Map(),
  };
  for (const record of table.records) {
    add(index.upperSymbol, record.symbol.toUpperCase(), record);
    add(index.foldedSymbol, foldSymbol(record.symbol), record);
    for (const s of record.prevSymbols) {
      add(index.upperPrev, s.toUpperCase(), record);
      add(index.foldedPrev, foldSymbol(s), record);
    }
    for (const s of record.aliasSymbols) {
      add(index.upperAlias, s.toUpperCase(), record);
      add(index.foldedAlias, foldSymbol(s), record);
    }
    for (const s of [record.symbol, ...record.aliasSymbols]) {
      const folded = foldSymbol(s);
      for (const suffix of MEMBER_SUFFIXES) {
        const stem = folded.replace(suffix, '');
        if (stem !== folded && stem.length >= 2 && /[A-Z]$/.test(stem)) add(index.stems, stem, record);
      }
    }
    if (record.name !== '') add(index.names, foldName(record.name), record);
    for (const n of [...record.aliasNames, ...record.prevNames]) add(index.otherNames, foldName(n), record);
  }
  return index;
}

function add(map: Map<string, HgncRecord[]>, key: string, record: HgncRecord): void {
  if (key === '') return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [record]);
  else if (!list.includes(record)) list.push(record);
}
