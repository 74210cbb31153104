// The parsed reference as plain JSON that reads back fast: HGNC records as columns, each look-up map as its keys and
// the positions of the records (or terms) they name (a record is written once and shared again on reading), ontology
// terms as they are. What is slow to make from the files (decompressing, parsing, folding and normalising every key)
// is not done again; only the maps are filled again, from keys already made.
//
// Maps are written as they are stored, key order and value order included, so that a map read back iterates exactly
// as the one built from the files: the output cannot tell a cached run from another.
import { withIds, type HgncRecord, type HgncTable } from '../hgnc.js';
import { ListMap } from '../listMap.js';
import type { NewerLabels } from '../newerLabels.js';
import type { OboTerm, Ontology } from '../obo.js';
import { none } from '../strings.js';
import type { GeneIndex } from '../../transform/participants/geneIndex.js';
import type { LabelIndex, Phrase } from '../../transform/labelIndex.js';
import type { OntologyKind } from '../../types.js';

export const ONTOLOGY_KINDS = ['PW', 'DOID', 'CL'] as const satisfies readonly OntologyKind[];

/** What the cache holds: the tables that take seconds to parse and the indexes built over them. */
export interface ParsedReference {
  hgnc: HgncTable;
  geneIndex: GeneIndex;
  ontologies: Record<OntologyKind, Ontology>;
  labelIndexes: Record<OntologyKind, LabelIndex>;
}

/**
 * The records' fields, one column each, its cells joined by tabs (a cell of a tab-separated table holds none); a list
 * cell as its values joined by `|` (the parser split them there, so none holds one), empty for none. One long string
 * per column is read many times faster than an array per record, and cut by split().
 */
const COLUMNS = [
  'id',
  'symbol',
  'name',
  'locusGroup',
  'locusType',
  'prevSymbols',
  'aliasSymbols',
  'prevNames',
  'aliasNames',
  'geneGroups',
  'ensembl',
  'entrez',
  'uniprot',
] as const;

/** A map as stored: `list` for a ListMap (a lone value kept bare), values as stored (bare or a list). */
interface EncodedMap<V> {
  list: boolean;
  /** The keys not found among their value's own strings, in order (see KeySource). */
  keys: string[];
  /** Per entry: where its key is found in its value (KeySource), -1 for the next of `keys`. */
  from: number[];
  values: (V | V[])[];
}

type EncodedField = { table: true } | { recordMap: EncodedMap<number> } | { strings: string[] } | { records: number[] };

interface EncodedOntology {
  kind: OntologyKind;
  prefix: string;
  file: string;
  version: string;
  terms: OboTerm[];
  foreign: OboTerm[];
  altIds: [string, string][];
  newerLabels?: NewerLabels;
}

interface EncodedLabelIndex {
  tiers: [string, EncodedMap<string>][];
  phrases: Phrase[];
}

/** The sections of the cache file, in order: each is written and read as one JSON text of its own. */
export const SECTIONS = ['hgnc', 'geneIndex', 'ontologies', 'labelIndexes'] as const;

interface EncodedHgnc {
  file: string;
  version: string;
  hash: string;
  count: number;
  columns: string[];
  /** The table's look-ups (byId, bySymbol, …) as stored: set again as they are, faster than made again. */
  maps: [string, EncodedField][];
}

/** Thrown for a shape this codec does not know (a field added to an index): the cache is then not written. */
export class UnknownShape extends Error {}

/**
 * One function per section (in SECTIONS order) that encodes it: a caller that writes each before encoding the next
 * holds one section's text at a time, not the whole cache's.
 */
export function sectionEncoders(parsed: ParsedReference): (() => unknown)[] {
  const { hgnc } = parsed;
  let position: Map<HgncRecord, number> | undefined;
  const at = (r: HgncRecord): number => {
    position ??= new Map<HgncRecord, number>(hgnc.records.map((record, i) => [record, i]));
    const i = position.get(r);
    if (i === undefined) throw new UnknownShape('an index entry is not a record of the table');
    return i;
  };
  const { file, version, hash, records, ...maps } = hgnc;
  return [
    (): EncodedHgnc => ({
      file,
      version,
      hash,
      count: records.length,
      columns: encodeColumns(records),
      maps: Object.entries(maps).map(([field, value]) => [field, encodeField(field, value, hgnc, at)]),
    }),
    (): [string, EncodedField][] =>
      Object.entries(parsed.geneIndex).map(([field, value]) => [field, encodeField(field, value, hgnc, at)]),
    (): EncodedOntology[] => ONTOLOGY_KINDS.map((kind) => encodeOntology(parsed.ontologies[kind])),
    (): EncodedLabelIndex[] =>
      ONTOLOGY_KINDS.map((kind) => {
        const index = parsed.labelIndexes[kind];
        return {
          tiers: Object.entries(index.tiers).map(([tier, map]): [string, EncodedMap<string>] => [
            tier,
            encodeMap(map as Map<string, string[]>, (s) => s, termText(parsed.ontologies[kind])),
          ]),
          phrases: index.phrases,
        };
      }),
  ];
}

/** The tables and indexes from their sections; `section(i)` parses section i (each asked for once, in order). */
export function decodeReference(section: (i: number) => unknown): ParsedReference {
  const intern = interner();
  const encodedHgnc = section(0) as EncodedHgnc;
  const records = decodeColumns(encodedHgnc.columns, encodedHgnc.count, intern);
  const record = (i: number): HgncRecord => {
    const r = records[i];
    if (r === undefined) throw new UnknownShape(`record ${i} is not in the table`);
    return r;
  };
  // The fields in the order hgncTable gives them.
  const hgnc = { file: encodedHgnc.file, version: encodedHgnc.version, hash: encodedHgnc.hash, records } as HgncTable;
  for (const [field, value] of encodedHgnc.maps)
    (hgnc as unknown as Record<string, unknown>)[field] = decodeField(value, hgnc, record);
  const geneIndex = Object.fromEntries(
    (section(1) as [string, EncodedField][]).map(([field, value]) => [field, decodeField(value, hgnc, record)]),
  ) as unknown as GeneIndex;
  const encodedOntologies = section(2) as EncodedOntology[];
  const encodedLabels = section(3) as EncodedLabelIndex[];
  const ontologies = {} as Record<OntologyKind, Ontology>;
  const labelIndexes = {} as Record<OntologyKind, LabelIndex>;
  ONTOLOGY_KINDS.forEach((kind, i) => {
    const o = encodedOntologies[i];
    const l = encodedLabels[i];
    if (o === undefined || o.kind !== kind || l === undefined) throw new UnknownShape(`no ${kind} ontology`);
    ontologies[kind] = decodeOntology(o);
    labelIndexes[kind] = {
      tiers: Object.fromEntries(
        l.tiers.map(([tier, map]) => [tier, decodeMap(map, (s) => s, termText(ontologies[kind]))]),
      ),
      phrases: l.phrases,
    } as LabelIndex;
  });
  return { hgnc, geneIndex, ontologies, labelIndexes };
}

function encodeColumns(records: HgncRecord[]): string[] {
  return COLUMNS.map((column) =>
    records
      .map((r) => {
        const value = r[column];
        const cell = Array.isArray(value) ? value.map((v) => listValue(v, column)).join('|') : (value ?? '');
        if (cell.includes('\t')) throw new UnknownShape(`an HGNC ${column} holds a tab`);
        return cell;
      })
      .join('\t'),
  );
}

function listValue(value: string, column: string): string {
  if (value === '' || value.includes('|')) throw new UnknownShape(`an HGNC ${column} value is empty or holds a |`);
  return value;
}

/** One list of cells per column, as a tuple of COLUMNS' length. */
type ColumnsOf<T extends readonly string[]> = { -readonly [K in keyof T]: string[] };

/** As the parser makes them: the shared empty list for an empty one, shared strings for the few repeated values. */
function decodeColumns(columns: string[], count: number, intern: (s: string) => string): HgncRecord[] {
  if (columns.length !== COLUMNS.length) throw new UnknownShape('HGNC columns missing');
  const cells = columns.map((column) => column.split('\t'));
  if (cells.some((c) => c.length !== count)) throw new UnknownShape('an HGNC column of another length');
  const [ids, symbols, names, groups, types, prev, alias, prevNames, aliasNames, geneGroups, ensembl, entrez, uni] =
    cells as ColumnsOf<typeof COLUMNS>;
  const list = (cell: string): string[] => (cell === '' ? none() : cell.split('|'));
  const records: HgncRecord[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const fields: HgncRecord = {
      id: ids[i]!,
      symbol: symbols[i]!,
      name: names[i]!,
      locusGroup: intern(groups[i]!),
      locusType: intern(types[i]!),
      prevSymbols: list(prev[i]!),
      aliasSymbols: list(alias[i]!),
      prevNames: list(prevNames[i]!),
      aliasNames: list(aliasNames[i]!),
      geneGroups: geneGroups[i] === '' ? none() : geneGroups[i]!.split('|').map(intern),
      uniprot: list(uni[i]!),
    };
    records[i] = withIds(fields, ensembl[i]!, entrez[i]!);
  }
  return records;
}

function encodeField(field: string, value: unknown, table: HgncTable, at: (r: HgncRecord) => number): EncodedField {
  if (value === table) return { table: true };
  if (value instanceof Map) return { recordMap: encodeMap(value as Map<string, HgncRecord[]>, at, RECORD_TEXT) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return { strings: value as string[] };
    if (value.every((v) => typeof v === 'object' && v !== null)) return { records: (value as HgncRecord[]).map(at) };
  }
  throw new UnknownShape(`gene index field ${field} has a shape the cache does not know`);
}

function decodeField(value: EncodedField, table: HgncTable, record: (i: number) => HgncRecord): unknown {
  if ('table' in value) return table;
  if ('recordMap' in value) return decodeMap(value.recordMap, record, RECORD_TEXT);
  if ('strings' in value) return value.strings;
  if ('records' in value) return value.records.map(record);
  throw new UnknownShape('a gene index field of unknown kind');
}

/**
 * Where a key's text is found in its first value: `locate` gives a small number for a key that reads as one of the
 * value's own strings (-1 for none), `text` that string back. The indexes store such a key as that very string, not as
 * a copy; so does the cache, and it writes the number instead of the key.
 */
interface KeySource<T> {
  locate(key: string, first: T): number;
  text(code: number, first: T): string | undefined;
}

/** Entries as stored (Map's own iteration: a ListMap's would hand out a list for a lone value). */
function encodeMap<T, V>(map: Map<string, T[]>, encode: (value: T) => V, source: KeySource<T>): EncodedMap<V> {
  const keys: string[] = [];
  const from: number[] = [];
  const values: (V | V[])[] = [];
  for (const [key, stored] of Map.prototype.entries.call(map) as MapIterator<[string, T | T[]]>) {
    const first = Array.isArray(stored) ? (stored as T[])[0] : stored;
    const code = first === undefined ? -1 : source.locate(key, first);
    from.push(code);
    if (code < 0) keys.push(key);
    values.push(Array.isArray(stored) ? (stored as T[]).map(encode) : encode(stored));
  }
  return { list: map instanceof ListMap, keys, from, values };
}

function decodeMap<T, V>(encoded: EncodedMap<V>, decode: (value: V) => T, source: KeySource<T>): Map<string, T[]> {
  const map: Map<string, T[]> = encoded.list ? new ListMap<T>() : new Map<string, T[]>();
  const { keys, from, values } = encoded;
  if (from.length !== values.length) throw new UnknownShape('a map with more keys than values');
  let own = 0;
  for (let i = 0; i < values.length; i++) {
    const stored = values[i] as V | V[];
    const value = Array.isArray(stored) ? (stored as V[]).map(decode) : decode(stored);
    const code = from[i]!;
    const key = code < 0 ? keys[own++] : source.text(code, Array.isArray(value) ? (value[0] as T) : value);
    if (key === undefined) throw new UnknownShape('a key that is not where the cache says');
    // Stored as it was: past ListMap's set, which would turn a one-element list into a bare value.
    Map.prototype.set.call(map, key, value);
  }
  if (own !== keys.length) throw new UnknownShape('a map with more keys than entries');
  return map;
}

const SINGLE = ['id', 'symbol', 'name', 'ensembl', 'entrez'] as const;
const LISTS = ['prevSymbols', 'aliasSymbols', 'uniprot', 'prevNames', 'aliasNames'] as const;

/** A record's strings: code < 8 a field of SINGLE, else list (code & 7) of LISTS at position code >> 3. */
const RECORD_TEXT: KeySource<HgncRecord> = {
  locate(key, r) {
    for (let f = 0; f < SINGLE.length; f++) if (r[SINGLE[f]!] === key) return f;
    for (let l = 0; l < LISTS.length; l++) {
      const i = r[LISTS[l]!].indexOf(key);
      if (i >= 0) return 8 * (i + 1) + l;
    }
    return -1;
  },
  text(code, r) {
    return code < 8 ? r[SINGLE[code]!] : r[LISTS[code & 7]!]?.[(code >> 3) - 1];
  },
};

/** A term's name (0) or synonym k (k + 1), the term found by the id the key names. */
function termText(ontology: Ontology): KeySource<string> {
  return {
    locate(key, id) {
      const term = ontology.terms.get(id);
      if (term === undefined) return -1;
      if (term.name === key) return 0;
      const i = term.synonyms.findIndex((synonym) => synonym.text === key);
      return i < 0 ? -1 : i + 1;
    },
    text(code, id) {
      const term = ontology.terms.get(id);
      return code === 0 ? term?.name : term?.synonyms[code - 1]?.text;
    },
  };
}

function encodeOntology(o: Ontology): EncodedOntology {
  const encoded: EncodedOntology = {
    kind: o.kind,
    prefix: o.prefix,
    file: o.file,
    version: o.version,
    terms: [...o.terms.values()],
    foreign: [...o.foreign.values()],
    altIds: [...o.altIds],
  };
  if (o.newerLabels !== undefined) encoded.newerLabels = o.newerLabels;
  return encoded;
}

function decodeOntology(e: EncodedOntology): Ontology {
  const termMap = (terms: OboTerm[]): Map<string, OboTerm> => new Map(terms.map((t) => [t.id, withSharedEmpties(t)]));
  const o: Ontology = {
    kind: e.kind,
    prefix: e.prefix,
    file: e.file,
    version: e.version,
    terms: termMap(e.terms),
    foreign: termMap(e.foreign),
    altIds: new Map(e.altIds),
  };
  if (e.newerLabels !== undefined) o.newerLabels = e.newerLabels;
  return o;
}

/** The parser keeps one shared, frozen empty list for every empty list of a term. */
function withSharedEmpties(t: OboTerm): OboTerm {
  t.synonyms = orNone(t.synonyms);
  t.replacedBy = orNone(t.replacedBy);
  t.consider = orNone(t.consider);
  t.parents = orNone(t.parents);
  t.altIds = orNone(t.altIds);
  return t;
}

function orNone<T>(list: T[]): T[] {
  return list.length === 0 ? none<T>() : list;
}

function interner(): (s: string) => string {
  const shared = new Map<string, string>();
  return (s) => {
    const known = shared.get(s);
    if (known !== undefined) return known;
    shared.set(s, s);
    return s;
  };
}
