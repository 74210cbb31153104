// Quads to Turtle (one pathway, prefixed, grouped by subject) and to N-Quads / N-Triples text.
//
// A writer of our own rather than n3's Writer: for the same quads in the same order it gives the same
// text as n3's Writer does (canonical N-Triples escapes in N-Quads, n3's escapes and prefixed names in
// Turtle), without n3's per-term costs (an n3 Literal re-parses its id on every `value`, `language`
// and `datatype` read, and prefixed names are found with one regular expression over all prefixes).

import { Literal as N3Literal, type Quad, type Term } from 'n3';
import { PipelineError } from '../errors.js';
import { isPlainIri, isSafeIri } from '../transform/safeIri.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;

/** Turtle for one pathway's quads (graph names dropped), grouped by subject; `first` subjects lead. */
export function toTurtle(quads: Quad[], prefixes: Record<string, string>, first?: Term[]): string {
  return joined((emit) => writeTurtle(quads, prefixes, first, emit));
}

/** The same Turtle as toTurtle, as UTF-8 bytes. */
export function toTurtleBytes(quads: Quad[], prefixes: Record<string, string>, first?: Term[]): Buffer {
  writeTurtle(quads, prefixes, first, scratch.add);
  return scratch.take();
}

/** N-Quads text; the quads keep their graphs (canonical form, as n3's Writer writes it). */
export function toNQuads(quads: Quad[]): string {
  return joined((emit) => writeLines(quads, true, emit));
}

/** The same N-Quads as toNQuads, as UTF-8 bytes. */
export function toNQuadsBytes(quads: Quad[]): Buffer {
  writeLines(quads, true, scratch.add);
  return scratch.take();
}

/** N-Triples text (graphs dropped), for stores that take one graph per request. */
export function toNTriples(quads: Quad[]): string {
  return joined((emit) => writeLines(quads, false, emit));
}

/** The text a writer emits, as one string. */
function joined(write: (emit: (chunk: string) => void) => void): string {
  const parts: string[] = [];
  write((chunk) => parts.push(chunk));
  return parts.join('');
}

// The text is handed on in pieces of about CHUNK characters: a large pathway's text as one string
// would be born in V8's large-object space, which only a full collection frees.
const CHUNK = 16_384;
const LINES_PER_CHUNK = 128;

function writeTurtle(quads: Quad[], prefixes: Record<string, string>, first: Term[] | undefined, emit: (chunk: string) => void): void {
  const enc = turtleEncoder(prefixes);
  enc.begin();
  let out = enc.header;
  let subject: Term | undefined;
  let predicate: Term | undefined;
  for (const q of groupBySubject(quads, first)) {
    if (subject !== undefined && (q.subject === subject || sameTerm(q.subject, subject))) {
      if (q.predicate === predicate || sameTerm(q.predicate, predicate!)) out += `, ${enc.object(q.object, q.predicate)}`;
      else out += `;\n    ${enc.predicate((predicate = q.predicate))} ${enc.object(q.object, q.predicate)}`;
    } else {
      out += `${subject === undefined ? '' : '.\n'}${enc.subject((subject = q.subject))} ${enc.predicate((predicate = q.predicate))} ${enc.object(q.object, q.predicate)}`;
    }
    if (out.length >= CHUNK) {
      emit(out);
      out = '';
    }
  }
  if (subject !== undefined) out += '.\n';
  emit(out);
}

function writeLines(quads: Quad[], withGraph: boolean, emit: (chunk: string) => void): void {
  const parts: string[] = [];
  // Subjects and graphs repeat from one quad to the next: their text is reused.
  let lastSubject: Term | undefined;
  let subjectText = '';
  let lastGraph: Term | undefined;
  let graphText = ' .\n';
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i]!;
    if (q.subject !== lastSubject) subjectText = lineTerm((lastSubject = q.subject));
    if (withGraph && q.graph !== lastGraph) {
      lastGraph = q.graph;
      graphText = lastGraph === undefined || lastGraph === null || lastGraph.termType === 'DefaultGraph' ? ' .\n' : ` ${lineTerm(lastGraph)} .\n`;
    }
    parts.push(`${subjectText} ${linePredicate(q.predicate)} ${lineTerm(q.object)}${graphText}`);
    if (parts.length === LINES_PER_CHUNK) {
      emit(parts.join(''));
      parts.length = 0;
    }
  }
  emit(parts.join(''));
}

/**
 * One growing buffer that text is encoded into, then copied out of at its exact length. It is only
 * used synchronously (filled and emptied within one call), so one for the process is enough.
 */
class Utf8Scratch {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  readonly add = (text: string): void => {
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    const need = this.length + text.length * 3;
    if (need > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  };

  take(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.buffer.copy(out, 0, 0, this.length);
    this.length = 0;
    // One very large pathway does not keep its room for the rest of the run.
    if (this.buffer.length > Utf8Scratch.KEEP) this.buffer = Buffer.allocUnsafe(Utf8Scratch.KEEP);
    return out;
  }

  private static readonly KEEP = 4 << 20;
}

const scratch = new Utf8Scratch();

/**
 * The quads of each subject together: the `first` subjects in that order, then the others in the
 * order they first appear; within a subject rdf:type leads, then each predicate's quads together,
 * predicates in the order they first appear. Objects keep their order. The input order is
 * deterministic, so this one is.
 */
export function groupBySubject(quads: Quad[], first: Term[] = []): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const t of first) if (!groups.has(termKey(t))) groups.set(termKey(t), []);
  let lastSubject: Term | undefined;
  let group: Quad[] = [];
  for (const q of quads) {
    if (q.subject !== lastSubject) {
      lastSubject = q.subject;
      const k = termKey(q.subject);
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = []));
      group = g;
    }
    group.push(q);
  }
  const out: Quad[] = [];
  const rank = new Map<string, number>();
  for (const g of groups.values()) {
    if (g.length < 2 || isGrouped(g)) {
      for (const q of g) out.push(q);
      continue;
    }
    rank.clear();
    for (const q of g) {
      const p = q.predicate.value;
      if (!rank.has(p)) rank.set(p, p === RDF_TYPE ? -1 : rank.size);
    }
    // Array.prototype.sort is stable: objects keep their order within a predicate.
    const sorted = g.slice().sort((a, b) => rank.get(a.predicate.value)! - rank.get(b.predicate.value)!);
    for (const q of sorted) out.push(q);
  }
  return out;
}

/** True when the subject's quads already have rdf:type first and each predicate's quads together. */
function isGrouped(g: Quad[]): boolean {
  let seenOther = false;
  let previous = '';
  for (let i = 0; i < g.length; i++) {
    const p = g[i]!.predicate.value;
    if (p === RDF_TYPE) {
      if (seenOther) return false;
    } else seenOther = true;
    if (p !== previous) {
      // A predicate seen before, away from its run. Subjects have a few quads: a scan back is cheapest.
      for (let j = 0; j < i; j++) if (g[j]!.predicate.value === p) return false;
      previous = p;
    }
  }
  return true;
}

function termKey(t: Term): string {
  return t.termType === 'NamedNode' ? t.value : `${t.termType}:${t.value}`;
}

function sameTerm(a: Term, b: Term): boolean {
  return a.termType === b.termType && a.value === b.value;
}

// ---- Literal parts, read once ----

interface LiteralParts {
  value: string;
  language: string;
  direction: string;
  datatype: string;
}

/** An n3 Literal's parts from its id (`"v"`, `"v"@en`, `"v"^^dt`), else from the RDF/JS properties. */
function literalParts(t: Term): LiteralParts {
  if (t instanceof N3Literal) {
    const id = t.id;
    const end = id.lastIndexOf('"');
    const value = id.substring(1, end);
    const next = id.charCodeAt(end + 1);
    if (Number.isNaN(next)) return { value, language: '', direction: '', datatype: XSD_STRING };
    if (next === 0x5e /* ^ */) return { value, language: '', direction: '', datatype: id.substring(end + 3) };
    return { value, language: t.language, direction: (t as N3Literal & { direction?: string }).direction ?? '', datatype: t.datatypeString };
  }
  const l = t as Term & { language?: string; direction?: string; datatype?: Term };
  return { value: l.value, language: l.language ?? '', direction: l.direction ?? '', datatype: l.datatype?.value ?? XSD_STRING };
}

// ---- N-Triples / N-Quads: canonical escapes ----

const CANONICAL = /[^ !#-[\]-~\u0080-\uFFFD]/;
const CANONICAL_ALL = /[^ !#-[\]-~\u0080-\uFFFD]/g;
const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

function canonicalChar(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return short;
  const hex = c.charCodeAt(0).toString(16).toUpperCase();
  return '\\u0000'.substring(0, 6 - hex.length) + hex;
}

function canonical(text: string): string {
  return CANONICAL.test(text) ? text.replace(CANONICAL_ALL, canonicalChar) : text;
}

function lineIri(iri: string): string {
  // The common case: plain ASCII, valid and with nothing to escape.
  return isPlainIri(iri) ? `<${iri}>` : `<${canonical(writable(iri))}>`;
}

/**
 * The last line of defence: an IRI that is not valid would end its `<…>` early and break the file, so
 * it is refused here, whatever let it through (the transform drops such triples with IRI_INVALID).
 */
function writable(iri: string): string {
  if (!isSafeIri(iri)) throw new PipelineError('IRI_INVALID', `Refusing to write ${JSON.stringify(iri)}: not a valid IRI`, { details: { iri } });
  return iri;
}

/** Vocabulary caches stop growing here; other IRIs are cached per pathway only (and die young). */
const VOCABULARY_BOUND = 20_000;

/**
 * `encode`, remembering its answers for the run: for predicates, classes and datatypes, a few hundred
 * IRIs. Past VOCABULARY_BOUND entries new IRIs are encoded each time.
 */
function vocabularyCache(encode: (iri: string) => string): (iri: string) => string {
  const known = new Map<string, string>();
  return (iri) => {
    let text = known.get(iri);
    if (text === undefined) {
      text = encode(iri);
      if (known.size < VOCABULARY_BOUND) known.set(iri, text);
    }
    return text;
  };
}

const lineVocabulary = vocabularyCache(lineIri);

function linePredicate(t: Term): string {
  return t.termType === 'NamedNode' ? lineVocabulary(t.value) : lineTerm(t);
}

function lineTerm(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return lineIri(t.value);
    case 'Literal': {
      const l = literalParts(t);
      const value = canonical(l.value);
      if (l.language !== '') return `"${value}"@${l.language}${l.direction !== '' ? `--${l.direction}` : ''}`;
      if (l.datatype === XSD_STRING) return `"${value}"`;
      return `"${value}"^^${lineVocabulary(l.datatype)}`;
    }
    default:
      return blankOrOther(t);
  }
}

function blankOrOther(t: Term): string {
  if ((t.termType as string) === 'Quad') throw new Error('Quoted triples are not written');
  // n3 terms carry their own text (`_:b0`) as id.
  const id = (t as Term & { id?: unknown }).id;
  if (typeof id === 'string' && t.termType === 'BlankNode' && id.startsWith('_:')) return id;
  return t.termType === 'Variable' ? `?${t.value}` : `_:${t.value}`;
}

// ---- Turtle: n3's escapes, prefixed names, abbreviated literals ----

const TURTLE_ESCAPE = /["\\\t\n\r\b\f\u0000-\u0019\ud800-\udbff]/;
const TURTLE_ESCAPE_ALL = /["\\\t\n\r\b\f\u0000-\u0019]|[\ud800-\udbff][\udc00-\udfff]/g;

function turtleChar(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return short;
  if (c.length === 1) {
    const hex = c.charCodeAt(0).toString(16);
    return '\\u0000'.substring(0, 6 - hex.length) + hex;
  }
  const hex = ((c.charCodeAt(0) - 0xd800) * 0x400 + c.charCodeAt(1) + 0x2400).toString(16);
  return '\\U00000000'.substring(0, 10 - hex.length) + hex;
}

function turtleEscape(text: string): string {
  return TURTLE_ESCAPE.test(text) ? text.replace(TURTLE_ESCAPE_ALL, turtleChar) : text;
}

/** The local part n3 writes after a prefix: `[_a-zA-Z0-9](\.?[-_a-zA-Z0-9])*`. */
const LOCAL = /^[_a-zA-Z0-9](?:\.?[-_a-zA-Z0-9])*$/;

/** `-`, `.`, `_`, digits and ASCII letters: the only characters of a local part n3 writes. */
function isLocalChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e;
}

interface TurtleEncoder {
  header: string;
  /** Starts a pathway: forgets the previous one's IRIs. */
  begin(): void;
  subject(t: Term): string;
  predicate(t: Term): string;
  /** An object, by its predicate: the objects of rdf:type are classes, kept for the run. */
  object(t: Term, predicate: Term): string;
}

const encoders = new WeakMap<Record<string, string>, TurtleEncoder>();

/** One encoder per prefix table (one per run). */
function turtleEncoder(prefixes: Record<string, string>): TurtleEncoder {
  let enc = encoders.get(prefixes);
  if (enc !== undefined) return enc;
  const list: Array<[iri: string, name: string]> = [];
  let header = '';
  for (const [name, value] of Object.entries(prefixes)) {
    const iri = typeof value === 'string' ? value : (value as Term).value;
    list.push([iri, `${name}:`]);
    header += `@prefix ${name}: <${iri}>.\n`;
  }
  if (list.length > 0) header += '\n';
  // n3 keeps one name per prefix IRI (the last one given) and tries the IRIs in the order first given.
  const byIri = new Map<string, string>();
  for (const [iri, name] of list) byIri.set(iri, name);
  const iris = [...byIri.keys()];
  const names = iris.map((i) => byIri.get(i)!);

  // A local part has no character outside [-_.a-zA-Z0-9], so a prefix IRI that fits runs at least up to
  // the IRI's last other character (a cheap test, made before comparing the texts).
  const iri = (raw: string): string => {
    const text = turtleEscape(writable(raw));
    let b = text.length;
    while (b > 0 && isLocalChar(text.charCodeAt(b - 1))) b--;
    for (let i = 0; i < iris.length; i++) {
      const p = iris[i]!;
      if (p.length >= b && p.length < text.length && text.startsWith(p) && LOCAL.test(text.substring(p.length))) return names[i]! + text.substring(p.length);
    }
    // (n3 writes an IRI that already reads as a prefixed name, `wp:x`, as it is, which reads back as
    // another IRI: it is written in full here.)
    return `<${text}>`;
  };
  const cached = vocabularyCache(iri);
  // Other IRIs recur within a pathway (a node is the subject of its facts and the object of others).
  let local = new Map<string, string>();
  const localIri = (raw: string): string => {
    let text = local.get(raw);
    if (text === undefined) local.set(raw, (text = iri(raw)));
    return text;
  };
  const literal = (t: Term): string => {
    const l = literalParts(t);
    const value = turtleEscape(l.value);
    if (l.language !== '') return `"${value}"@${l.language}${l.direction !== '' ? `--${l.direction}` : ''}`;
    switch (l.datatype) {
      case XSD_STRING:
        return `"${value}"`;
      case `${XSD}boolean`:
        if (value === 'true' || value === 'false') return value;
        break;
      case `${XSD}integer`:
        if (/^[+-]?\d+$/.test(value)) return value;
        break;
      case `${XSD}decimal`:
        if (/^[+-]?\d*\.\d+$/.test(value)) return value;
        break;
      case `${XSD}double`:
        if (/^[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+$/.test(value)) return value;
        break;
    }
    return `"${value}"^^${cached(l.datatype)}`;
  };
  const term = (t: Term, vocabularyTerm: boolean): string => {
    switch (t.termType) {
      case 'NamedNode':
        return vocabularyTerm ? cached(t.value) : localIri(t.value);
      case 'Literal':
        return literal(t);
      default:
        return blankOrOther(t);
    }
  };
  enc = {
    header,
    begin: () => void (local = new Map()),
    subject: (t) => term(t, false),
    predicate: (t) => (t.termType === 'NamedNode' && t.value === RDF_TYPE ? 'a' : term(t, true)),
    object: (t, p) => term(t, p.termType === 'NamedNode' && p.value === RDF_TYPE),
  };
  encoders.set(prefixes, enc);
  return enc;
}
