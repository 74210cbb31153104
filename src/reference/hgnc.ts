// Loads the HGNC complete set (tab-separated, `|`-joined quoted multi-values) and indexes it by symbol and id.

import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.js';
import { readReferenceBytes } from './gzip.js';
import { ListMap } from './listMap.js';
import { none } from './strings.js';

export interface HgncRecord {
  /** Numeric part of `HGNC:1403`: `"1403"`. */
  id: string;
  symbol: string;
  name: string;
  locusGroup: string;
  locusType: string;
  prevSymbols: string[];
  aliasSymbols: string[];
  prevNames: string[];
  aliasNames: string[];
  /** Gene group ids (`gene_group_id`), used to tell family members apart. */
  geneGroups: string[];
  ensembl?: string;
  entrez?: string;
  uniprot: string[];
}

export interface HgncTable {
  file: string;
  /** Newest `date_modified` in the file (`2024-10-18`), else `sha256:` + 16 hex digits of the text. */
  version: string;
  /** sha256 of the text, first 16 hex digits: changes whenever any row does. */
  hash: string;
  records: HgncRecord[];
  byId: Map<string, HgncRecord>;
  bySymbol: Map<string, HgncRecord>;
  byPrevSymbol: Map<string, HgncRecord[]>;
  byAliasSymbol: Map<string, HgncRecord[]>;
  byEnsembl: Map<string, HgncRecord[]>;
  byEntrez: Map<string, HgncRecord[]>;
  byUniprot: Map<string, HgncRecord[]>;
}

const REQUIRED = [
  'hgnc_id',
  'symbol',
  'name',
  'locus_group',
  'locus_type',
  'alias_symbol',
  'prev_symbol',
  'entrez_id',
  'ensembl_gene_id',
  'uniprot_ids',
] as const;

export async function loadHgnc(file: string): Promise<HgncTable> {
  return parseHgncBytes(await readReferenceBytes(file), file);
}

/** Pure parser behind loadHgnc; `file` is only used in error locations. */
export function parseHgnc(text: string, file: string): HgncTable {
  return parseHgncBytes(Buffer.from(text, 'utf8'), file);
}

/**
 * Parses the table from its bytes. Only the cells in use are decoded, each straight from the bytes into
 * a string of its own: a cell cut out of a decoded line (or of the whole text) would keep that line
 * alive for as long as the record is, and the lines are mostly columns not in use (54 of them).
 */
export function parseHgncBytes(bytes: Buffer, file: string): HgncTable {
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const headerEnd = lineEnd(bytes, pos);
  const header = bytes.toString('utf8', pos, headerEnd).replace(/\r$/, '').split('\t');
  pos = headerEnd + 1;
  const col = new Map(header.map((name, i) => [name, i]));
  for (const name of REQUIRED) {
    if (!col.has(name))
      throw new PipelineError('REFERENCE_INVALID', `HGNC file has no "${name}" column`, { file, line: 1, key: name });
  }
  const at = (name: string): number => col.get(name) ?? -1;
  const c = {
    id: at('hgnc_id'),
    symbol: at('symbol'),
    name: at('name'),
    locusGroup: at('locus_group'),
    locusType: at('locus_type'),
    alias: at('alias_symbol'),
    aliasName: at('alias_name'),
    prev: at('prev_symbol'),
    prevName: at('prev_name'),
    groups: at('gene_group_id'),
    modified: at('date_modified'),
    entrez: at('entrez_id'),
    ensembl: at('ensembl_gene_id'),
    uniprot: at('uniprot_ids'),
  };
  const records: HgncRecord[] = [];
  let newest = '';
  const width = Math.max(...Object.values(c)) + 1;
  // Byte offsets of each cell of the current line, up to the last column in use.
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  // Locus groups and types, gene group ids: a few hundred values shared by thousands of records.
  const shared = new Map<string, string>();
  const intern = (value: string): string => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  for (let i = 1; pos < bytes.length; i++) {
    const end = lineEnd(bytes, pos);
    const lineStart = pos;
    const contentEnd = end > pos && bytes[end - 1] === 0x0d ? end - 1 : end;
    pos = end + 1;
    if (contentEnd === lineStart) continue;
    cutCells(bytes, lineStart, contentEnd, starts, ends);
    const get = (index: number): string =>
      index < 0 || starts[index]! >= ends[index]! ? '' : bytes.toString('utf8', starts[index], ends[index]).trim();
    const idMatch = /^HGNC:([0-9]+)$/.exec(get(c.id));
    const symbol = get(c.symbol);
    if (idMatch === null || symbol === '') {
      const line = bytes.toString('utf8', lineStart, contentEnd);
      throw new PipelineError(
        'REFERENCE_INVALID',
        `Expected an HGNC:<number> id and a symbol, got ${JSON.stringify(line.slice(0, 60))}`,
        { file, line: i + 1 },
      );
    }
    const fields: HgncRecord = {
      id: idMatch[1]!,
      symbol,
      name: get(c.name),
      locusGroup: intern(get(c.locusGroup)),
      locusType: intern(get(c.locusType)),
      prevSymbols: multiOrNone(get(c.prev)),
      aliasSymbols: multiOrNone(get(c.alias)),
      prevNames: multiOrNone(get(c.prevName)),
      aliasNames: multiOrNone(get(c.aliasName)),
      geneGroups: multiOrNone(get(c.groups), intern),
      uniprot: multiOrNone(get(c.uniprot)),
    };
    const record = withIds(fields, get(c.ensembl), get(c.entrez));
    const modified = get(c.modified);
    if (modified > newest && /^\d{4}-\d{2}-\d{2}$/.test(modified)) newest = modified;
    records.push(record);
  }
  if (records.length === 0)
    throw new PipelineError('REFERENCE_INVALID', 'HGNC file has a header but no rows', { file, line: 2 });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return hgncTable(file, newest !== '' ? newest : `sha256:${hash}`, hash, records);
}

/**
 * The table over its records, with its look-ups: what the parser makes of a file, and what a cached copy of the
 * records (src/reference/cache/) is made into again, in the same order.
 */
export function hgncTable(file: string, version: string, hash: string, records: HgncRecord[]): HgncTable {
  const table: HgncTable = {
    file,
    version,
    hash,
    records,
    byId: new Map(),
    bySymbol: new Map(),
    byPrevSymbol: new ListMap(),
    byAliasSymbol: new ListMap(),
    byEnsembl: new ListMap(),
    byEntrez: new ListMap(),
    byUniprot: new ListMap(),
  };
  for (const record of records) {
    table.byId.set(record.id, record);
    table.bySymbol.set(record.symbol, record);
  }
  const add = (map: Map<string, HgncRecord[]>, key: string, record: HgncRecord): void =>
    (map as ListMap<HgncRecord>).add(key, record);
  for (const record of records) {
    for (const s of record.prevSymbols) add(table.byPrevSymbol, s, record);
    for (const s of record.aliasSymbols) add(table.byAliasSymbol, s, record);
    if (record.ensembl !== undefined) add(table.byEnsembl, record.ensembl, record);
    if (record.entrez !== undefined) add(table.byEntrez, record.entrez, record);
    for (const u of record.uniprot) add(table.byUniprot, u, record);
  }
  return table;
}

/**
 * The record with its Ensembl and NCBI Gene ids when it has them. Most have both: those are built
 * with all their fields at once, which keeps each of the 44,000 objects in one piece of memory.
 */
export function withIds(r: HgncRecord, ensembl: string, entrez: string): HgncRecord {
  if (ensembl !== '' && entrez !== '') {
    return {
      id: r.id,
      symbol: r.symbol,
      name: r.name,
      locusGroup: r.locusGroup,
      locusType: r.locusType,
      prevSymbols: r.prevSymbols,
      aliasSymbols: r.aliasSymbols,
      prevNames: r.prevNames,
      aliasNames: r.aliasNames,
      geneGroups: r.geneGroups,
      ensembl,
      entrez,
      uniprot: r.uniprot,
    };
  }
  if (ensembl !== '') r.ensembl = ensembl;
  if (entrez !== '') r.entrez = entrez;
  return r;
}

/** Offset of the next newline at or after `pos`, else the end of the bytes. */
function lineEnd(bytes: Buffer, pos: number): number {
  const end = bytes.indexOf(10, pos);
  return end < 0 ? bytes.length : end;
}

/**
 * Byte ranges of the tab-separated cells of bytes[start, end), for as many columns as `starts` holds (empty past the
 * last).
 */
function cutCells(bytes: Buffer, start: number, end: number, starts: Int32Array, ends: Int32Array): void {
  let p = start;
  for (let col = 0; col < starts.length; col++) {
    if (p > end) {
      starts[col] = ends[col] = 0;
      continue;
    }
    let tab = bytes.indexOf(9, p);
    if (tab < 0 || tab > end) tab = end;
    starts[col] = p;
    ends[col] = tab;
    p = tab + 1;
  }
}

/**
 * The cell's values, or the shared empty list for the many records without previous symbols, aliases, names, groups or
 * UniProt ids.
 */
function multiOrNone(cell: string, intern?: (value: string) => string): string[] {
  const values = multi(cell);
  if (values.length === 0) return none();
  return intern === undefined ? values : values.map(intern);
}

/** `"A|B"` → [A, B]; `A` → [A]; empty → []. */
export function multi(cell: string): string[] {
  const inner = cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;
  if (inner === '') return [];
  // Arrays of exactly their length: `filter` would leave room for 16 more on each of thousands of records.
  const values = inner.split('|');
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!.trim();
    if (v !== '') values[kept++] = v;
  }
  return kept === values.length ? values : values.slice(0, kept);
}
