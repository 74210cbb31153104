// The parsed reference in a form that reads back fast. The big look-up maps (HGNC's records and the maps over them, the
// ontologies' terms and label tiers: nearly all of the cache) are packed bytes that a run decodes only where it looks
// (packed.ts): a run converting one page asks for a few hundred keys of ~1,000,000. What is slow to make from the files
// (decompressing, parsing, folding and normalising every key) is not done again.
//
// Maps are written as they are stored, key order and value order included, so that a map read back iterates exactly
// as the one built from the files: the output cannot tell a cached run from another.
import type { HgncRecord, HgncTable } from '../hgnc.js';
import type { NewerLabels } from '../newerLabels.js';
import type { OboTerm, Ontology } from '../obo.js';
import { none } from '../strings.js';
import {
  lazyJson,
  lazyRecordList,
  PackedMap,
  PackedRecords,
  Packer,
  packJson,
  packMap,
  packRecords,
  recordDecoder,
  recordValue,
  UnknownShape,
  type BlobPlace,
  type PackedMapPlace,
} from './packed.js';
import type { GeneIndex } from '../../transform/participants/geneIndex.js';
import type { LabelIndex } from '../../transform/labelIndex.js';
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
 * A field of the table or of the gene index: the table itself, a packed map, or a list kept as JSON in `packed` and
 * parsed when first read (the gene index's sorted keys and records: only a family look-up reads them, and a run
 * converting a few pages seldom makes one; parsing them with the rest was a fifth of reading the cache).
 */
type EncodedField = { table: true } | { map: PackedMapPlace } | { strings: BlobPlace } | { records: BlobPlace };

interface EncodedOntology {
  kind: OntologyKind;
  prefix: string;
  file: string;
  version: string;
  /** The terms by id; `foreign` (terms of other ontologies, a few) as they are. */
  terms: PackedMapPlace;
  foreign: OboTerm[];
  altIds: [string, string][];
  /** The list's entries are read when first used (only to build a label index, which the cache already holds). */
  newerLabels?: Omit<NewerLabels, 'entries'> & { entries: BlobPlace };
}

interface EncodedLabelIndex {
  tiers: [string, PackedMapPlace][];
  /** Read when first used (a prefix search over every name, for labels no tier knows). */
  phrases: BlobPlace;
}

/**
 * The sections of the cache file, in order: `packed` is bytes (the maps, records and lazily read lists, see
 * packed.ts), the others one JSON text each, saying where in `packed` their parts are.
 */
export const SECTIONS = ['hgnc', 'geneIndex', 'ontologies', 'labelIndexes', 'packed'] as const;
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
 * One function per section (in SECTIONS order) that encodes it, to be called in that order: each JSON section's text
 * is written before the next is made. The packed bytes, filled meanwhile, are handed to `packedSink` as they are made
 * (Packer); the last function hands over the rest of them and gives no bytes itself.
 */
export function sectionEncoders(
  parsed: ParsedReference,
  packedSink: (chunk: Buffer) => void,
): (() => Buffer | Buffer[])[] {
  const { hgnc } = parsed;
  let position: Map<HgncRecord, number> | undefined;
  const at = (r: HgncRecord): number => {
    position ??= new Map<HgncRecord, number>(hgnc.records.map((record, i) => [record, i]));
    const i = position.get(r);
    if (i === undefined) throw new UnknownShape('an index entry is not a record of the table');
    return i;
  };
  const packer = new Packer(packedSink);
  const { file, version, hash, records, ...maps } = hgnc;
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
  const field = ([name, value]: [string, unknown]): [string, EncodedField] => [
    name,
    encodeField(name, value, hgnc, at, packer),
  ];
  return [
    () =>
      json({
        file,
        version,
        hash,
        count: records.length,
        records: packRecords(packer, records),
        maps: Object.entries(maps).map(field),
      } satisfies EncodedHgnc),
    () => json(Object.entries(parsed.geneIndex).map(field) satisfies [string, EncodedField][]),
    () =>
      json(ONTOLOGY_KINDS.map((kind) => encodeOntology(parsed.ontologies[kind], packer)) satisfies EncodedOntology[]),
    () =>
      json(
        ONTOLOGY_KINDS.map((kind) => {
          const index = parsed.labelIndexes[kind];
          return {
            tiers: Object.entries(index.tiers).map(([tier, map]): [string, PackedMapPlace] => [
              tier,
              packMap(packer, map, (stored) => JSON.stringify(stored)),
            ]),
            phrases: packJson(packer, index.phrases),
          };
        }) satisfies EncodedLabelIndex[],
      ),
    () => packer.chunks(),
  ];
}

/**
 * The tables and indexes from their sections; `section(i)` gives section i's bytes (each asked for once). The packed
 * parts are decoded when asked for (packed.ts).
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
  for (const [field, value] of encodedHgnc.maps) decodeField(hgnc, field, value, data, records);
  const geneIndex = {} as GeneIndex;
  for (const [field, value] of json(1) as [string, EncodedField][])
    decodeField(geneIndex, field, value, data, records, hgnc);
  const encodedOntologies = json(2) as EncodedOntology[];
  const encodedLabels = json(3) as EncodedLabelIndex[];
  const ontologies = {} as Record<OntologyKind, Ontology>;
  const labelIndexes = {} as Record<OntologyKind, LabelIndex>;
  const parseJson = (text: string): unknown => JSON.parse(text);
  ONTOLOGY_KINDS.forEach((kind, i) => {
    const o = encodedOntologies[i];
    const l = encodedLabels[i];
    if (o === undefined || o.kind !== kind || l === undefined) throw new UnknownShape(`no ${kind} ontology`);
    ontologies[kind] = decodeOntology(o, data);
    const index = {
      tiers: Object.fromEntries(l.tiers.map(([tier, place]) => [tier, new PackedMap(data, place, parseJson)])),
    } as unknown as LabelIndex;
    lazyJson(index, 'phrases', data, l.phrases);
    labelIndexes[kind] = index;
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
  if (value instanceof Map) return { map: packMap(packer, value as Map<string, unknown>, recordValue(at)) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return { strings: packJson(packer, value) };
    if (value.every((v) => typeof v === 'object' && v !== null))
      return { records: packJson(packer, (value as HgncRecord[]).map(at)) };
  }
  throw new UnknownShape(`gene index field ${field} has a shape the cache does not know`);
}

/** Sets `object[field]` (`table`: the table a field refers to, when not `object`); lists are read when first used. */
function decodeField(
  object: object,
  field: string,
  value: EncodedField,
  data: Buffer,
  records: PackedRecords,
  table: object = object,
): void {
  const set = (v: unknown): void => void ((object as Record<string, unknown>)[field] = v);
  if ('table' in value) set(table);
  else if ('map' in value) set(new PackedMap(data, value.map, recordDecoder(records)));
  else if ('strings' in value) lazyJson(object, field, data, value.strings);
  else if ('records' in value)
    lazyJson(object, field, data, value.records, (positions) => lazyRecordList(positions as number[], records));
  else throw new UnknownShape('a gene index field of unknown kind');
}

function encodeOntology(o: Ontology, packer: Packer): EncodedOntology {
  const encoded: EncodedOntology = {
    kind: o.kind,
    prefix: o.prefix,
    file: o.file,
    version: o.version,
    terms: packMap(packer, o.terms, (term) => JSON.stringify(term)),
    foreign: [...o.foreign.values()],
    altIds: [...o.altIds],
  };
  if (o.newerLabels !== undefined) {
    const { entries, ...rest } = o.newerLabels;
    encoded.newerLabels = { ...rest, entries: packJson(packer, entries) };
  }
  return encoded;
}

function decodeOntology(e: EncodedOntology, data: Buffer): Ontology {
  const o: Ontology = {
    kind: e.kind,
    prefix: e.prefix,
    file: e.file,
    version: e.version,
    terms: new PackedMap(data, e.terms, (text) => withSharedEmpties(JSON.parse(text) as OboTerm)) as Map<
      string,
      OboTerm
    >,
    foreign: new Map(e.foreign.map((t) => [t.id, withSharedEmpties(t)])),
    altIds: new Map(e.altIds),
  };
  if (e.newerLabels !== undefined) {
    const { entries, ...rest } = e.newerLabels;
    const newer = { ...rest } as NewerLabels;
    lazyJson(newer, 'entries', data, entries);
    o.newerLabels = newer;
  }
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
