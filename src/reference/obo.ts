// Parses an OBO 1.2/1.4 file into the terms of one ontology (ids, names, synonyms, obsoletion, is_a).

import { createHash } from 'node:crypto';
import { PipelineError } from '../errors.js';
import type { OntologyKind } from '../types.js';
import { readReferenceBytes } from './gzip.js';
import type { NewerLabels } from './newerLabels.js';
import { byteLineReader, compact, lineReader, ownCopy, textDigest, type LineReader } from './strings.js';

export type SynonymScope = 'EXACT' | 'RELATED' | 'BROAD' | 'NARROW';

export interface OboSynonym {
  text: string;
  scope: SynonymScope;
}

export interface OboTerm {
  id: string;
  name?: string;
  synonyms: OboSynonym[];
  obsolete: boolean;
  replacedBy: string[];
  consider: string[];
  /** Direct `is_a` parents, in file order. */
  parents: string[];
  altIds: string[];
  /** 1-based line of the `[Term]` header. */
  line: number;
}

export interface Ontology {
  kind: OntologyKind;
  /** The id prefix of the ontology's own terms (`PW`, `DOID`, `CL`). */
  prefix: string;
  file: string;
  /** The header's `data-version`, else `sha256:` and the first 16 hex digits of the text. */
  version: string;
  /** Terms with the ontology's own prefix, by id. */
  terms: Map<string, OboTerm>;
  /** Terms of other prefixes found in the file (CL imports UBERON, GO, …): kept for is_a chains only. */
  foreign: Map<string, OboTerm>;
  /** `alt_id` → the primary id that carries it. */
  altIds: Map<string, string>;
  /** Labels from a newer release of the same ontology (set by loadReference when the file is there). */
  newerLabels?: NewerLabels;
}

// Each scope as one shared string (not one cut out of every synonym line).
const SCOPES = new Map<string, SynonymScope>((['EXACT', 'RELATED', 'BROAD', 'NARROW'] as const).map((s) => [s, s]));

export async function loadObo(file: string, kind: OntologyKind): Promise<Ontology> {
  const bytes = await readReferenceBytes(file);
  return parseLines(byteLineReader(bytes), () => textDigest(bytes), file, kind);
}

/** Pure parser behind loadObo; `file` is only used in versions and error locations. */
export function parseObo(text: string, file: string, kind: OntologyKind): Ontology {
  return parseLines(lineReader(text), () => createHash('sha256').update(text).digest('hex'), file, kind);
}

/**
 * The parser, over lines read one at a time (not split all at once: each is garbage as soon as it
 * is read); `digest` gives the sha256 of the whole text, for a file without a data-version.
 */
function parseLines(lines: LineReader, digest: () => string, file: string, kind: OntologyKind): Ontology {
  const prefix = kind;
  const ontology: Ontology = {
    kind,
    prefix,
    file,
    version: '',
    terms: new Map(),
    foreign: new Map(),
    altIds: new Map(),
  };
  let stanza: 'header' | 'term' | 'other' = 'header';
  let current: OboTerm | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    if (current.id === '') throw invalid(file, current.line, 'Expected an id: line in this [Term] stanza');
    const own = current.id.startsWith(`${prefix}:`);
    const target = own ? ontology.terms : ontology.foreign;
    if (target.has(current.id)) throw invalid(file, current.line, `Duplicate term ${current.id}`);
    // The values are cut out of the whole text: kept as strings of their own, in arrays without spare room.
    const t = current;
    t.id = ownCopy(t.id);
    if (t.name !== undefined) t.name = ownCopy(t.name);
    t.synonyms = compact(t.synonyms);
    t.replacedBy = compact(t.replacedBy.map(ownCopy));
    t.consider = compact(t.consider.map(ownCopy));
    t.parents = compact(t.parents.map(ownCopy));
    t.altIds = compact(t.altIds.map(ownCopy));
    target.set(t.id, t);
    if (own) for (const alt of t.altIds) ontology.altIds.set(alt, t.id);
    current = undefined;
  };
  for (let raw = lines.next(); raw !== undefined; raw = lines.next()) {
    const lineNo = lines.count;
    const line = raw.trim();
    if (line === '' || line.startsWith('!')) continue;
    if (line.startsWith('[')) {
      finish();
      if (line === '[Term]') {
        stanza = 'term';
        current = {
          id: '',
          synonyms: [],
          obsolete: false,
          replacedBy: [],
          consider: [],
          parents: [],
          altIds: [],
          line: lineNo,
        };
      } else if (/^\[[A-Za-z]+\]$/.test(line)) {
        stanza = 'other';
      } else {
        throw invalid(file, lineNo, `Expected a stanza header like [Term], got ${JSON.stringify(line)}`);
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid(file, lineNo, `Expected "tag: value", got ${JSON.stringify(line)}`);
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (stanza === 'header') {
      if (tag === 'data-version') ontology.version = ownCopy(unescape(stripComment(value)));
      continue;
    }
    if (stanza !== 'term' || current === undefined) continue;
    switch (tag) {
      case 'id':
        current.id = idValue(value, file, lineNo);
        break;
      case 'name':
        current.name = unescape(stripComment(value));
        break;
      case 'synonym':
        current.synonyms.push(parseSynonym(value, file, lineNo));
        break;
      case 'is_obsolete':
        current.obsolete = stripComment(value) === 'true';
        break;
      case 'replaced_by':
        current.replacedBy.push(idValue(value, file, lineNo));
        break;
      case 'consider':
        current.consider.push(idValue(value, file, lineNo));
        break;
      case 'is_a':
        current.parents.push(idValue(value, file, lineNo));
        break;
      case 'alt_id':
        current.altIds.push(idValue(value, file, lineNo));
        break;
      default:
        break;
    }
  }
  finish();
  if (ontology.terms.size === 0) throw invalid(file, lines.count, `No [Term] stanza with a ${prefix}: id`);
  if (ontology.version === '') ontology.version = `sha256:${digest().slice(0, 16)}`;
  return ontology;
}

/** An identifier value: trailing `{qualifiers}` and `! comment` removed, must be one token. */
function idValue(value: string, file: string, line: number): string {
  const id = stripQualifiers(stripComment(value));
  if (!/^\S+$/.test(id)) throw invalid(file, line, `Expected an identifier, got ${JSON.stringify(value)}`);
  return id;
}

/** `"text" SCOPE [TYPE] [xrefs]` → text and scope. */
function parseSynonym(value: string, file: string, line: number): OboSynonym {
  const match = /^"((?:[^"\\]|\\.)*)"\s+([A-Z]+)\b/.exec(value);
  const scope = SCOPES.get(match?.[2] as string);
  if (match === null || scope === undefined) {
    throw invalid(
      file,
      line,
      `Expected synonym: "text" EXACT|RELATED|BROAD|NARROW [...], got ${JSON.stringify(value)}`,
    );
  }
  return { text: ownCopy(unescape(match[1] as string)), scope };
}

/** Cuts a trailing `! comment`: the first `!` outside quotes that is not escaped. */
export function stripComment(value: string): string {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === '!' && !quoted) {
      return value.slice(0, i).trimEnd();
    }
  }
  return value.trimEnd();
}

function stripQualifiers(value: string): string {
  return value.replace(/\s*\{[^{}]*\}$/, '');
}

/** OBO escapes: `\n`, `\t`, `\W` (space) and a backslash before any other character. */
export function unescape(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'W' ? ' ' : c));
}

function invalid(file: string, line: number, message: string): PipelineError {
  return new PipelineError('REFERENCE_INVALID', message, { file, line, key: '--reference' });
}
