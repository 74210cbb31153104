// Loads the HGNC complete set (tab-separated, `|`-joined quoted multi-values) and indexes it by symbol and id.

import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.js';
import { readReferenceBytes } from './gzip.js';

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

const REQUIRED = ['hgnc_id', 'symbol', 'name', 'locus_group', 'locus_type', 'alias_symbol', 'prev_symbol', 'entrez_id', 'ensembl_gene_id', 'uniprot_ids'] as const;

export async function loadHgnc(file: string): Promise<HgncTable> {
  return parseHgncBytes(await readReferenceBytes(file), file);
}

/** Pure parser behind loadHgnc; `file` is only used in error locations. */
export function parseHgnc(text: string, file: string): HgncTable {
  return parseHgncBytes(Buffer.from(text, 'utf8'), file);
}

/**
 * Parses the table from its bytes. Only the cells in use are decoded, each into a string of its own:
 * cutting them out of one big decoded text would keep that whole text (32 MB as UTF-16) alive for
 * as long as any record is.
 */
export function parseHgncBytes(bytes: Buffer, file: string): HgncTable {
  const lines = new ByteLines(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  const header = (lines.next() ?? '').replace(/\r$/, '').split('\t');
  const col = new Map(header.map((name, i) => [name, i]));
  for (const name of REQUIRED) {
    if (!col.has(name)) throw new PipelineError('REFERENCE_INVALID', `HGNC file has no "${name}" column`, { file, line: 1, key: name });
  }
  const at = (name: string): number => col.get(name) ?? -1;
  const c = {
    id: at('hgnc_id'), symbol: at('symbol'), name: at('name'), locusGroup: at('locus_group'), locusType: at('locus_type'),
    alias: at('alias_symbol'), aliasName: at('alias_name'), prev: at('prev_symbol'), prevName: at('prev_name'),
    groups: at('gene_group_id'), modified: at('date_modified'), entrez: at('entrez_id'), ensembl: at('ensembl_gene_id'), uniprot: at('uniprot_ids'),
  };
  const table: HgncTable = {
    file, version: '', hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16), records: [],
    byId: new Map(), bySymbol: new Map(), byPrevSymbol: new Map(), byAliasSymbol: new Map(),
    byEnsembl: new Map(), byEntrez: new Map(), byUniprot: new Map(),
  };
  let newest = '';
  // Only the columns in use are cut out of each line (the file has 54; copying them all doubles the load time).
  const wanted = Object.values(c).filter((i) => i >= 0);
  const width = Math.max(...wanted) + 1;
  const keep = new Array<boolean>(width).fill(false);
  for (const i of wanted) keep[i] = true;
  const cells = new Array<string>(width);
  for (let line = lines.next(), i = 1; line !== undefined; line = lines.next(), i++) {
    if (line === '' || line === '\r') continue;
    cutCells(line, keep, cells);
    const get = (index: number): string => (index < 0 ? '' : cells[index]!.trim());
    const idMatch = /^HGNC:([0-9]+)$/.exec(get(c.id));
    const symbol = get(c.symbol);
    if (idMatch === null || symbol === '') {
      throw new PipelineError('REFERENCE_INVALID', `Expected an HGNC:<number> id and a symbol, got ${JSON.stringify(line.slice(0, 60))}`, { file, line: i + 1 });
    }
    const record: HgncRecord = {
      id: idMatch[1]!, symbol, name: get(c.name), locusGroup: get(c.locusGroup), locusType: get(c.locusType),
      prevSymbols: multi(get(c.prev)), aliasSymbols: multi(get(c.alias)), prevNames: multi(get(c.prevName)), aliasNames: multi(get(c.aliasName)),
      geneGroups: multi(get(c.groups)), uniprot: multi(get(c.uniprot)),
    };
    const ensembl = get(c.ensembl);
    if (ensembl !== '') record.ensembl = ensembl;
    const entrez = get(c.entrez);
    if (entrez !== '') record.entrez = entrez;
    const modified = get(c.modified);
    if (modified > newest && /^\d{4}-\d{2}-\d{2}$/.test(modified)) newest = modified;
    table.records.push(record);
    table.byId.set(record.id, record);
    table.bySymbol.set(symbol, record);
  }
  for (const record of table.records) {
    for (const s of record.prevSymbols) push(table.byPrevSymbol, s, record);
    for (const s of record.aliasSymbols) push(table.byAliasSymbol, s, record);
    if (record.ensembl !== undefined) push(table.byEnsembl, record.ensembl, record);
    if (record.entrez !== undefined) push(table.byEntrez, record.entrez, record);
    for (const u of record.uniprot) push(table.byUniprot, u, record);
  }
  if (table.records.length === 0) throw new PipelineError('REFERENCE_INVALID', 'HGNC file has a header but no rows', { file, line: 2 });
  table.version = newest !== '' ? newest : `sha256:${table.hash}`;
  return table;
}

/** The lines of a UTF-8 buffer, each decoded on its own (an independent string, not a slice of the whole). */
class ByteLines {
  private pos = 0;
  constructor(private readonly bytes: Buffer) {}

  next(): string | undefined {
    if (this.pos >= this.bytes.length) return undefined;
    let end = this.bytes.indexOf(10, this.pos);
    if (end < 0) end = this.bytes.length;
    const line = this.bytes.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return line;
  }
}

/** Fills `cells` with the tab-separated cells of `line` whose index is kept ('' for the others and missing ones). */
function cutCells(line: string, keep: boolean[], cells: string[]): void {
  let start = 0;
  for (let col = 0; col < keep.length; col++) {
    if (start > line.length) {
      cells[col] = '';
      continue;
    }
    let end = line.indexOf('\t', start);
    if (end < 0) end = line.endsWith('\r') ? line.length - 1 : line.length;
    cells[col] = keep[col] ? line.slice(start, end) : '';
    start = end + 1;
  }
}

/** `"A|B"` → [A, B]; `A` → [A]; empty → []. */
export function multi(cell: string): string[] {
  const inner = cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;
  if (inner === '') return [];
  return inner.split('|').map((v) => v.trim()).filter((v) => v !== '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
