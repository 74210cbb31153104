// Loads mappings/ (prefixes, IRI templates, organisms, licences, pathway IRI forms, …) once and checks them:
// the one place that reads mapping files.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, type NamedNode } from 'n3';
import { PipelineError } from './errors.js';
import {
  parseLicenses,
  parsePathwayMappings,
  parseQueryPrefixes,
  type IriRule,
  type Licenses,
  type PathwayMappings,
} from './mappingFiles.js';
import { parseLabelUsage } from './transform/participants/labelUsageFile.js';
import type { ParticipantMappings } from './transform/participants/model.js';
import { parseParticipantMappings } from './transform/participants/parseParticipantMappings.js';
import { safeNamedNode } from './transform/safeIri.js';

export type { IriRule } from './mappingFiles.js';

const { namedNode } = DataFactory;

import { DEFAULT_MAPPINGS_DIR } from './mappingsDir.js';

export { DEFAULT_MAPPINGS_DIR };

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
  /**
   * participants.json, with label-usage.tsv's verdicts when that file is present: how table rows and keywords become
   * nodes.
   */
  participants: ParticipantMappings;
  /** prefixes.json and query-prefixes.json (when present) together: what a query may use undeclared. */
  queryPrefixes: Readonly<Record<string, string>>;
  /**
   * The vocabulary terms term() made so far (a few hundred: predicates and classes), shared by every quad of this
   * Mappings' runs; by prefix, then local name.
   */
  readonly vocabulary: Map<string, Map<string, NamedNode>>;
}

export function loadMappings(dir: string = DEFAULT_MAPPINGS_DIR): Mappings {
  const prefixes = readJson(dir, 'prefixes.json') as Record<string, unknown>;
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (typeof ns !== 'string' || !/^https?:\/\/\S+[#/]$/.test(ns)) {
      throw new PipelineError(
        'MAPPING_INVALID',
        `Expected prefix "${prefix}" to map to an http(s) namespace ending in / or #, got ${JSON.stringify(ns)}`,
        { file: path.join(dir, 'prefixes.json'), key: prefix },
      );
    }
  }
  const rawIris = readJson(dir, 'iris.json') as Record<string, unknown>;
  const iris: Record<string, IriRule> = {};
  for (const [system, rule] of Object.entries(rawIris)) {
    if (system.startsWith('$')) continue;
    const r = rule as { template?: unknown; pattern?: unknown };
    if (typeof r?.template !== 'string' || typeof r.pattern !== 'string') {
      throw new PipelineError('MAPPING_INVALID', `Expected "${system}" to have a string template and pattern`, {
        file: path.join(dir, 'iris.json'),
        key: system,
      });
    }
    iris[system] = { template: r.template, pattern: new RegExp(r.pattern) };
  }
  const organismsText = readText(dir, 'organisms.tsv');
  const organisms = new Map<string, string>();
  organismsText.split('\n').forEach((line, i) => {
    if (line.startsWith('#') || line.trim() === '' || line.startsWith('genus\t')) return;
    const [genus, species, ncbi] = line.split('\t').map((c) => c.trim());
    if (!genus || !species || !ncbi || !/^[0-9]+$/.test(ncbi)) {
      throw new PipelineError(
        'MAPPING_INVALID',
        `Expected "genus<TAB>species<TAB>taxon id", got ${JSON.stringify(line)}`,
        { file: path.join(dir, 'organisms.tsv'), line: i + 1 },
      );
    }
    organisms.set(`${genus} ${species}`, ncbi);
  });
  const texts = extraMappingTexts(dir);
  const version = hashText(
    [JSON.stringify(prefixes), JSON.stringify(rawIris), organismsText, ...texts.values()].join('\n'),
  );
  const licenses = parseLicenses(texts.get('licenses.json')!, path.join(dir, 'licenses.json'));
  const pathway = parsePathwayMappings(texts.get('pathway.json')!, path.join(dir, 'pathway.json'));
  const namespaces = prefixes as Record<string, string>;
  const participants = parseParticipantMappings(texts.get('participants.json')!, path.join(dir, 'participants.json'), {
    iris,
    prefixes: namespaces,
  });
  const usage = texts.get('label-usage.tsv');
  if (usage !== undefined) participants.labelUsage = parseLabelUsage(usage, path.join(dir, 'label-usage.tsv'));
  const query = texts.get('query-prefixes.json');
  const queryPrefixes =
    query === undefined ? namespaces : parseQueryPrefixes(query, path.join(dir, 'query-prefixes.json'), namespaces);
  return {
    dir,
    prefixes: namespaces,
    iris,
    organisms,
    licenses,
    pathway,
    participants,
    queryPrefixes,
    version,
    vocabulary: new Map(),
  };
}

/**
 * The other mapping files, read once: they count toward the mapping version too (in this order, which the
 * version hash depends on). label-usage.tsv and query-prefixes.json are optional: without them no label has a
 * usage verdict, and a query may use the prefixes of prefixes.json only.
 */
function extraMappingTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, required] of [
    ['participants.json', true],
    ['pathway.json', true],
    ['licenses.json', true],
    ['label-usage.tsv', false],
    ['query-prefixes.json', false],
  ] as const) {
    if (required) out.set(name, readText(dir, name));
    else {
      try {
        out.set(name, readFileSync(path.join(dir, name), 'utf8'));
      } catch {
        // optional
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
  if (rule === undefined)
    throw new PipelineError('MAPPING_INVALID', `No IRI template for system "${system}" in mappings/iris.json`, {
      key: system,
    });
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
  // Looked up by prefix, then local name, both mostly literals of the code (their hashes kept): a `prefix:local` key
  // made per call was a new string to hash each time (0.3 s of a 2022 run, called for nearly every quad).
  let terms = mappings.vocabulary.get(prefix);
  if (terms === undefined) {
    const ns = mappings.prefixes[prefix];
    if (ns === undefined)
      throw new PipelineError('MAPPING_INVALID', `Unknown prefix "${prefix}" (add it to mappings/prefixes.json)`, {
        key: prefix,
      });
    mappings.vocabulary.set(prefix, (terms = new Map()));
  }
  let t = terms.get(local);
  if (t === undefined) terms.set(local, (t = namedNode(mappings.prefixes[prefix] + local)));
  return t;
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
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, {
      file: path.join(dir, name),
      cause,
    });
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
