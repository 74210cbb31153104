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

  /** Folded symbols and alias symbols, sorted, with their records: for family look-ups by prefix. */
  sortedKeys: string[];
  sortedRecords: HgncRecord[];
}

// A member suffix: a number (`AKT1`, `MAPK14`), a letter (`PKCA`), a letter and a number (`AMPKA1`), a number and a letter (`CAMK2A`).
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
    if (MEMBER_SUFFIX.test(keys[i]!.slice(stem.length)) && !out.includes(index.sortedRecords[i]!)) out.push(index.sortedRecords[i]!);
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

function buildGeneIndex(table: HgncTable): GeneIndex {
  const index: GeneIndex = {
    table, upperSymbol: new Map(), upperPrev: new Map(), upperAlias: new Map(), foldedSymbol: new Map(),
    foldedPrev: new Map(), foldedAlias: new Map(), names: new Map(), otherNames: new Map(), sortedKeys: [], sortedRecords: [],
  };
  const keyed: [string, HgncRecord][] = [];
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
    for (const s of [record.symbol, ...record.aliasSymbols]) keyed.push([foldSymbol(s), record]);
    if (record.name !== '') add(index.names, foldName(record.name), record);
    for (const n of [...record.aliasNames, ...record.prevNames]) add(index.otherNames, foldName(n), record);
  }
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  index.sortedKeys = keyed.map(([k]) => k);
  index.sortedRecords = keyed.map(([, r]) => r);
  return index;
}

/** Records are indexed one after the other, so a repeat of the same record is always the last one in its list. */
function add(map: Map<string, HgncRecord[]>, key: string, record: HgncRecord): void {
  if (key === '') return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [record]);
  else if (list[list.length - 1] !== record) list.push(record);
}
