// Loads mappings/ (prefixes, IRI templates, organisms, licences, pathway IRI forms, …) once and checks them:
// the one place that reads mapping files.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, type NamedNode } from 'n3';
import { PipelineError } from './errors.js';
import { parseLicenses, parsePathwayMappings, type IriRule, type Licenses, type PathwayMappings } from './mappingFiles.js';
import { PACKAGE_ROOT } from './packageRoot.js';
import { safeNamedNode } from './transform/safeIri.js';

export type { IriRule } from './mappingFiles.js';

const { namedNode } = DataFactory;

/** mappings/ of this package. */
export const DEFAULT_MAPPINGS_DIR = path.join(PACKAGE_ROOT, 'mappings');

export interface Mappings {
  dir: string;
  prefixes: Record<string, string>;
  iris: Record<string, IriRule>;
  /** genus + ' ' + species -> NCBI taxon id, from mappings/organisms.tsv. */
  organisms: Map<string, string>;
  /** Hash of every mapping file's text, part of each pathway's input hash. */
  version: string;
  /** licenses.json: short licence name -> licence IRI. */
  licenses: Licenses;
  /** pathway.json: the IRI forms of authors, curation tags and revision pages, and the community -> tag table. */
  pathway: PathwayMappings;
  /** The other mapping files found (participants.json, label-usage.tsv, …) by name, as read for `version`. */
  texts: ReadonlyMap<string, string>;
  /** The vocabulary terms term() made so far (a few hundred: predicates and classes), shared by every quad of this Mappings' runs. */
  readonly vocabulary: Map<string, NamedNode>;
}

export function loadMappings(dir: string = DEFAULT_MAPPINGS_DIR): Mappings {
  const prefixes = readJson(dir, 'prefixes.json') as Record<string, unknown>;
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (typeof ns !== 'string' || !/^https?:\/\/\S+[#/]$/.test(ns)) {
      throw new PipelineError('MAPPING_INVALID', `Expected prefix "${prefix}" to map to an http(s) namespace ending in / or #, got ${JSON.stringify(ns)}`, { file: path.join(dir, 'prefixes.json'), key: prefix });
    }
  }
  const rawIris = readJson(dir, 'iris.json') as Record<string, unknown>;
  const iris: Record<string, IriRule> = {};
  for (const [system, rule] of Object.entries(rawIris)) {
    if (system.startsWith('$')) continue;
    const r = rule as { template?: unknown; pattern?: unknown };
    if (typeof r?.template !== 'string' || typeof r.pattern !== 'string') {
      throw new PipelineError('MAPPING_INVALID', `Expected "${system}" to have a string template and pattern`, { file: path.join(dir, 'iris.json'), key: system });
    }
    iris[system] = { template: r.template, pattern: new RegExp(r.pattern) };
  }
  const organismsText = readText(dir, 'organisms.tsv');
  const organisms = new Map<string, string>();
  organismsText.split('\n').forEach((line, i) => {
    if (line.startsWith('#') || line.trim() === '' || line.startsWith('genus\t')) return;
    const [genus, species, ncbi] = line.split('\t').map((c) => c.trim());
    if (!genus || !species || !ncbi || !/^[0-9]+$/.test(ncbi)) {
      throw new PipelineError('MAPPING_INVALID', `Expected "genus<TAB>species<TAB>taxon id", got ${JSON.stringify(line)}`, { file: path.join(dir, 'organisms.tsv'), line: i + 1 });
    }
    organisms.set(`${genus} ${species}`, ncbi);
  });
  const texts = extraMappingTexts(dir);
  const version = hashText([JSON.stringify(prefixes), JSON.stringify(rawIris), organismsText, ...texts.values()].join('\n'));
  const licenses = parseLicenses(texts.get('licenses.json')!, path.join(dir, 'licenses.json'));
  const pathway = parsePathwayMappings(texts.get('pathway.json')!, path.join(dir, 'pathway.json'));
  return { dir, prefixes: prefixes as Record<string, string>, iris, organisms, licenses, pathway, version, texts, vocabulary: new Map() };
}

/**
 * The other mapping files, read once: they count toward the mapping version too (in this order, which the
 * version hash depends on). label-usage.tsv and query-prefixes.json are optional.
 */
function extraMappingTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, required] of [['participants.json', false], ['pathway.json', true], ['licenses.json', true], ['label-usage.tsv', false], ['query-prefixes.json', false]] as const) {
    if (required) out.set(name, readText(dir, name));
    else {
      try {
        out.set(name, readFileSync(path.join(dir, name), 'utf8'));
      } catch {
        // optional, or said where it is needed (participants.json: parsedMappingFile)
      }
    }
  }
  return out;
}

/**
 * The IRI for an identifier of a system, or undefined when the identifier does not match the
 * system's pattern: an IRI is never built from unvalidated text. A pattern may allow what an IRI may
 * not hold (a DOI's `<` and `>`): those characters are percent-encoded (safeIri).
 */
export function makeIri(mappings: Mappings, system: string, id: string): NamedNode | undefined {
  const rule = mappings.iris[system];
  if (rule === undefined) throw new PipelineError('MAPPING_INVALID', `No IRI template for system "${system}" in mappings/iris.json`, { key: system });
  if (!rule.pattern.test(id)) return undefined;
  let value = rule.template.replace('{id}', id);
  if (value.includes('{prefix}')) {
    const colon = id.indexOf(':');
    value = value.replace('{prefix}', id.slice(0, colon)).replace('{local}', id.slice(colon + 1));
  }
  return safeNamedNode(value);
}

/** A term in one of the mapped vocabularies: `term(m, 'wp', 'Pathway')`. */
export function term(mappings: Mappings, prefix: string, local: string): NamedNode {
  const terms = mappings.vocabulary;
  const key = `${prefix}:${local}`;
  let t = terms.get(key);
  if (t === undefined) {
    const ns = mappings.prefixes[prefix];
    if (ns === undefined) throw new PipelineError('MAPPING_INVALID', `Unknown prefix "${prefix}" (add it to mappings/prefixes.json)`, { key: prefix });
    terms.set(key, (t = namedNode(ns + local)));
  }
  return t;
}

/**
 * A mapping file's parsed form, made once per Mappings object from the text loadMappings read with the
 * other files (so it counts toward their version and is never read again). `cache` belongs to the caller.
 */
export function parsedMappingFile<T>(cache: WeakMap<Mappings, T>, mappings: Mappings, name: string, parse: (text: string, file: string) => T): T {
  let found = cache.get(mappings);
  if (found === undefined) {
    const file = path.join(mappings.dir, name);
    const text = mappings.texts.get(name);
    if (text === undefined) throw new PipelineError('MAPPING_INVALID', `Cannot read mapping file ${file}`, { file });
    cache.set(mappings, (found = parse(text, file)));
  }
  return found;
}

function readText(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Cannot read mapping file ${file}`, { file, cause });
  }
}

function readJson(dir: string, name: string): unknown {
  const text = readText(dir, name);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, { file: path.join(dir, name), cause });
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
