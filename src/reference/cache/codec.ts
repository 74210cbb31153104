// The parsed reference in a form that reads back fast. HGNC's records and its look-up maps (the table's and the gene
// index's: most of the cache) are packed bytes that a run decodes only where it looks (packed.ts): a run converting one
// page asks for a few hundred keys of ~900,000. The ontologies are small beside them and read as JSON: each look-up map
// as its keys and the terms they name, terms as they are. What is slow to make from the files (decompressing, parsing,
// folding and normalising every key) is not done again.
//
// Maps are written as they are stored, key order and value order included, so that a map read back iterates exactly
// as the one built from the files: the output cannot tell a cached run from another.
import type { HgncRecord, HgncTable } from '../hgnc.js';
import { ListMap } from '../listMap.js';
import type { NewerLabels } from '../newerLabels.js';
import type { OboTerm, Ontology } from '../obo.js';
import { none } from '../strings.js';
import {
  lazyRecordList,
  PackedMap,
  PackedRecords,
  Packer,
  packMap,
  packRecords,
  UnknownShape,
  type PackedMapPlace,
} from './packed.js';
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

/** A map as stored: `list` for a ListMap (a lone value kept bare), values as stored (bare or a list). */
interface EncodedMap<V> {
  list: boolean;
  /** The keys not found among their value's own strings, in order (see KeySource). */
  keys: string[];
  /** Per entry: where its key is found in its value (KeySource), -1 for the next of `keys`. */
  from: number[];
  values: (V | V[])[];
}

type EncodedField = { table: true } | { map: PackedMapPlace } | { strings: string[] } | { records: number[] };

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

/**
 * The sections of the cache file, in order: `packed` is bytes (HGNC's records and look-up maps, see packed.ts), the
 * others one JSON text each; `hgnc` and `geneIndex` say where in `packed` their records and maps are.
 */
export const SECTIONS = ['hgnc', 'geneIndex', 'packed', 'ontologies', 'labelIndexes'] as const;
const PACKED = SECTIONS.indexOf('packed');

interface EncodedHgnc {
  file: string;
  version: string;
  hash: string;
  count: number;
  /** Where the records' line starts are in `packed`. */
  records: number;
  /** The table's look-ups (byId, bySymbol, …), in the table's field order. */
  maps: [string, EncodedField][];
}

export { UnknownShape };

/**
 * One function per section (in SECTIONS order) that encodes it: a caller that writes each before encoding the next
 * holds one section's text at a time, not the whole cache's.
 */
export function sectionEncoders(parsed: ParsedReference): (() => Buffer)[] {
  const { hgnc } = parsed;
  let position: Map<HgncRecord, number> | undefined;
  const at = (r: HgncRecord): number => {
    position ??= new Map<HgncRecord, number>(hgnc.records.map((record, i) => [record, i]));
    const i = position.get(r);
    if (i === undefined) throw new UnknownShape('an index entry is not a record of the table');
    return i;
  };
  const packer = new Packer();
  const { file, version, hash, records, ...maps } = hgnc;
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
  return [
    () =>
      json({
        file,
        version,
        hash,
        count: records.length,
        records: packRecords(packer, records),
        maps: Object.entries(maps).map(([field, value]) => [field, encodeField(field, value, hgnc, at, packer)]),
      } satisfies EncodedHgnc),
    () =>
      json(
        Object.entries(parsed.geneIndex).map(([field, value]) => [
          field,
          encodeField(field, value, hgnc, at, packer),
        ]) satisfies [string, EncodedField][],
      ),
    () => packer.bytes(),
    () => json(ONTOLOGY_KINDS.map((kind) => encodeOntology(parsed.ontologies[kind])) satisfies EncodedOntology[]),
    () =>
      json(
        ONTOLOGY_KINDS.map((kind) => {
          const index = parsed.labelIndexes[kind];
          return {
            tiers: Object.entries(index.tiers).map(([tier, map]): [string, EncodedMap<string>] => [
              tier,
              encodeMap(map as Map<string, string[]>, (s) => s, termText(parsed.ontologies[kind])),
            ]),
            phrases: index.phrases,
          };
        }) satisfies EncodedLabelIndex[],
      ),
  ];
}

/**
 * The tables and indexes from their sections; `section(i)` gives section i's bytes (each asked for once). HGNC's
 * records and maps are read from the packed bytes when asked for (packed.ts).
 */
export function decodeReference(section: (i: number) => Buffer): ParsedReference {
  const json = (i: number): unknown => JSON.parse(section(i).toString('utf8'));
  const data = section(PACKED);
  const encodedHgnc = json(0) as EncodedHgnc;
  const records = new PackedRecords(data, encodedHgnc.records, encodedHgnc.count);
  // The fields in the order hgncTable gives them; every record made only when something reads `records`.
  const hgnc = { file: encodedHgnc.file, version: encodedHgnc.version, hash: encodedHgnc.hash } as HgncTable;
  Object.defineProperty(hgnc, 'records', {
    enumerable: true,
    configurable: true,
    get: () => {
      const all = records.all();
      Object.defineProperty(hgnc, 'records', { value: all, enumerable: true, configurable: true, writable: true });
      return all;
    },
  });
  for (const [field, value] of encodedHgnc.maps)
    (hgnc as unknown as Record<string, unknown>)[field] = decodeField(value, hgnc, data, records);
  const geneIndex = Object.fromEntries(
    (json(1) as [string, EncodedField][]).map(([field, value]) => [field, decodeField(value, hgnc, data, records)]),
  ) as unknown as GeneIndex;
  const encodedOntologies = json(3) as EncodedOntology[];
  const encodedLabels = json(4) as EncodedLabelIndex[];
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

function encodeField(
  field: string,
  value: unknown,
  table: HgncTable,
  at: (r: HgncRecord) => number,
  packer: Packer,
): EncodedField {
  if (value === table) return { table: true };
  if (value instanceof Map) return { map: packMap(packer, value as Map<string, unknown>, at) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return { strings: value as string[] };
    if (value.every((v) => typeof v === 'object' && v !== null)) return { records: (value as HgncRecord[]).map(at) };
  }
  throw new UnknownShape(`gene index field ${field} has a shape the cache does not know`);
}

function decodeField(value: EncodedField, table: HgncTable, data: Buffer, records: PackedRecords): unknown {
  if ('table' in value) return table;
  if ('map' in value) return new PackedMap(data, value.map, records);
  if ('strings' in value) return value.strings;
  if ('records' in value) return lazyRecordList(value.records, records);
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
