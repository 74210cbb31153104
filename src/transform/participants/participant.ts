// The participant record and the participant mappings (mappings/participants.json), loaded once and checked.

import path from 'node:path';
import { PipelineError } from '../../errors.js';
import { parsedMappingFile, type Mappings } from '../../mappings.js';
import { parseLabelUsage, type LabelUsage } from './labelUsage.js';

/** Identifier systems are the keys of mappings/iris.json (`ensembl`, `ncbigene`, `chebi`, …). */
export type IdSystem = string;

export type ParticipantOrigin = { kind: 'table'; line: number } | { kind: 'keyword'; index: number };

/** One data node of a pathway, from a participant-table row or a keyword. */
export interface Participant {
  /** As written, cleaned (controls removed, whitespace runs folded to one space, trimmed). */
  label: string;
  /** The Type column as written (`GeneProduct`, `Metabolite`, …); '' for keywords and empty cells. */
  type: string;
  /** Every identifier the row carries, by system, in row order, without duplicates. */
  ids: Partial<Record<IdSystem, string[]>>;
  /** The row's own identifier (2022: ID + Database; current: Identifier), when it has one with a known system. */
  primary?: { system: IdSystem; id: string };
  origin: ParticipantOrigin;
}

export interface TypeRule {
  /** Local name of the wp: class, or null when rows of this type make no node. */
  class: string | null;
  /** Further wp: classes the node also gets (none in the shipped mappings: GPML2RDF types a node by its row's type only). */
  also: string[];
  geneLike: boolean;
}

export interface ParticipantMappings {
  types: Map<string, TypeRule>;
  /** Current-format column → system. */
  currentColumns: Map<string, IdSystem>;
  /** Compact-URI prefix → system (null: a known prefix with no IRI form here). */
  prefixes: Map<string, IdSystem | null>;
  /** 2022 Database column → system (null: a known database with no IRI form here). */
  databases2022: Map<string, IdSystem | null>;
  /** System → local name of the wp: property. */
  predicates: Map<IdSystem, string>;
  /** System → the node's dc:source: the data source name GPML2RDF writes. */
  sources: Map<IdSystem, string>;
  /** System → the system whose IRI form its wp:bdb links take, when not the node's own form. */
  linkIris: Map<IdSystem, IdSystem>;
  /** The property from a node resolved to one HGNC record to its numeric HGNC IRI. */
  hgncLink: { prefix: string; local: string };
  /** Systems of an own identifier that still let the row's label link it to a human gene. */
  labelLinkableSystems: Set<IdSystem>;
  /** Systems whose ids can name a human gene, each with the pattern of its ids that name another organism's (Ensembl ENSMUSG…), if any. */
  humanGeneSystems: Map<IdSystem, RegExp | undefined>;
  /** System → the pattern of its valid ids (mappings/iris.json): an own id that fails it is no identifier. */
  idPatterns: Map<IdSystem, RegExp>;
  /** Labels that name nothing (default box texts), upper-cased: never linked by label. */
  placeholderLabels: Set<string>;
  nodeIdOrder: IdSystem[];
  /** mappings/label-usage.tsv: what curators' tables make of a label (empty when the file is absent). */
  labelUsage: LabelUsage;
}

const cache = new WeakMap<Mappings, ParticipantMappings>();

/** The participant mappings beside the other mapping files, read once per Mappings object. */
export function participantMappings(mappings: Mappings): ParticipantMappings {
  return parsedMappingFile(cache, mappings, 'participants.json', (text, file) => {
    const found = parseParticipantMappings(text, file, mappings);
    // label-usage.tsv is optional, and was read with the other mapping files too.
    const usage = mappings.texts.get('label-usage.tsv');
    if (usage !== undefined) found.labelUsage = parseLabelUsage(usage, path.join(mappings.dir, 'label-usage.tsv'));
    return found;
  });
}

/** Checks participants.json: every system it names must have an IRI rule in mappings/iris.json. */
export function parseParticipantMappings(text: string, file: string, mappings: Mappings): ParticipantMappings {
  const fail = (message: string, key?: string): PipelineError => new PipelineError('MAPPING_INVALID', message, key === undefined ? { file } : { file, key });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, { file, cause });
  }
  const object = (key: string): Record<string, unknown> => {
    const value = raw[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`Expected "${key}" to be an object`, key);
    return value as Record<string, unknown>;
  };
  const system = (value: unknown, key: string, nullable: boolean): IdSystem | null => {
    if (value === null && nullable) return null;
    if (typeof value !== 'string' || mappings.iris[value] === undefined) throw fail(`Expected "${key}" to name a system of mappings/iris.json${nullable ? ' or null' : ''}, got ${JSON.stringify(value)}`, key);
    return value;
  };
  const types = new Map<string, TypeRule>();
  for (const [name, rule] of Object.entries(object('types'))) {
    const r = rule as { class?: unknown; also?: unknown; geneLike?: unknown } | null;
    const also = r?.also ?? [];
    if (r === null || (r.class !== null && typeof r.class !== 'string') || typeof r.geneLike !== 'boolean' || !Array.isArray(also) || !also.every((c) => typeof c === 'string')) {
      throw fail(`Expected type "${name}" to be { "class": string | null, "also"?: string[], "geneLike": boolean }`, name);
    }
    types.set(name, { class: r.class as string | null, also: also as string[], geneLike: r.geneLike });
  }
  const toMap = (key: string, nullable: boolean): Map<string, IdSystem | null> =>
    new Map(Object.entries(object(key)).map(([name, value]) => [name, system(value, `${key}.${name}`, nullable)]));
  const predicates = new Map<IdSystem, string>();
  for (const [name, local] of Object.entries(object('predicates'))) {
    system(name, `predicates.${name}`, false);
    if (typeof local !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(local)) throw fail(`Expected predicate of "${name}" to be a wp: local name, got ${JSON.stringify(local)}`, name);
    predicates.set(name, local);
  }
  const sources = new Map<IdSystem, string>();
  for (const [name, source] of Object.entries(object('sources'))) {
    system(name, `sources.${name}`, false);
    if (typeof source !== 'string' || source.trim() === '') throw fail(`Expected the source of "${name}" to be a non-empty string`, `sources.${name}`);
    sources.set(name, source);
  }
  const linkIris = new Map([...toMap('linkIris', false)].map(([name, to]) => [system(name, `linkIris.${name}`, false) as IdSystem, to as IdSystem]));
  const hgncLink = typeof raw.hgncLink === 'string' ? /^([a-z]+):([A-Za-z][A-Za-z0-9]*)$/.exec(raw.hgncLink) : null;
  if (hgncLink === null || mappings.prefixes[hgncLink[1]!] === undefined) throw fail(`Expected "hgncLink" to be a prefixed name of mappings/prefixes.json, got ${JSON.stringify(raw.hgncLink)}`, 'hgncLink');
  const list = (key: string): string[] => {
    const value = raw[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail(`Expected "${key}" to be a list of strings`, key);
    return value as string[];
  };
  const order = raw.nodeIdOrder;
  if (!Array.isArray(order)) throw fail('Expected "nodeIdOrder" to be a list of systems', 'nodeIdOrder');
  return {
    types,
    currentColumns: toMap('currentColumns', false) as Map<string, IdSystem>,
    prefixes: toMap('prefixes', true),
    databases2022: toMap('databases2022', true),
    predicates,
    sources,
    linkIris,
    hgncLink: { prefix: hgncLink[1]!, local: hgncLink[2]! },
    labelLinkableSystems: new Set(list('labelLinkableSystems').map((s, i) => system(s, `labelLinkableSystems[${i}]`, false) as IdSystem)),
    humanGeneSystems: new Map(Object.entries(object('humanGeneSystems')).map(([name, pattern]) => {
      if (typeof pattern !== 'string') throw fail(`Expected the pattern of "${name}" to be a string`, `humanGeneSystems.${name}`);
      let re: RegExp | undefined;
      try {
        re = pattern === '' ? undefined : new RegExp(pattern);
      } catch (cause) {
        throw new PipelineError('MAPPING_INVALID', `Invalid pattern for "${name}": ${(cause as Error).message}`, { file, key: `humanGeneSystems.${name}`, cause });
      }
      return [system(name, `humanGeneSystems.${name}`, false) as IdSystem, re];
    })),
    idPatterns: new Map(Object.entries(mappings.iris).map(([name, rule]) => [name, rule.pattern])),
    placeholderLabels: new Set(list('placeholderLabels').map((l) => l.toUpperCase())),
    nodeIdOrder: order.map((s, i) => system(s, `nodeIdOrder[${i}]`, false) as IdSystem),
    labelUsage: new Map(),
  };
}

/** The rule for a Type cell: exact name first, then case-insensitively (`RNA` → Rna). */
export function typeRule(pm: ParticipantMappings, type: string): TypeRule | undefined {
  const exact = pm.types.get(type);
  if (exact !== undefined) return exact;
  const lower = type.toLowerCase();
  for (const [name, rule] of pm.types) if (name.toLowerCase() === lower) return rule;
  return undefined;
}

/** Adds an id to a participant's ids, keeping row order and dropping repeats. */
export function addId(ids: Partial<Record<IdSystem, string[]>>, system: IdSystem, id: string): void {
  const list = ids[system];
  if (list === undefined) ids[system] = [id];
  else if (!list.includes(id)) list.push(id);
}
