// Turtle for one pathway: n3's escapes, prefixed names and abbreviated literals, subjects grouped.
//
// For the same quads in the same order it gives the same text as n3's Writer, without n3's per-term costs
// (prefixed names are found there with one regular expression over all prefixes).

import type { Quad, Term } from 'n3';
import { groupBySubject } from './groupBySubject.js';
import { iriCache } from './iriCache.js';
import {
  blankText,
  languageSuffix,
  literalParts,
  RDF_TYPE,
  SHORT_ESCAPES,
  writableIri,
  XSD,
  XSD_STRING,
} from './termText.js';

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
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e
  );
}

// The text is handed on in pieces of about this many characters (see Utf8Scratch).
const CHUNK = 16_384;

/** Turtle with one prefix table; one per writer (it remembers the vocabulary IRIs it has written). */
export class TurtleWriter {
  /** The `@prefix` lines. */
  readonly header: string;
  private readonly iris: string[];
  private readonly names: string[];
  private readonly vocabulary = iriCache((raw) => this.iri(raw));
  /**
   * Other IRIs recur within a pathway (a node is the subject of its facts and the object of others): kept for one
   * pathway.
   */
  private local = new Map<string, string>();

  constructor(prefixes: Record<string, string>) {
    const list: Array<[iri: string, name: string]> = [];
    let header = '';
    for (const [name, value] of Object.entries(prefixes)) {
      const iri = typeof value === 'string' ? value : (value as Term).value;
      list.push([iri, `${name}:`]);
      header += `@prefix ${name}: <${iri}>.\n`;
    }
    if (list.length > 0) header += '\n';
    this.header = header;
    // n3 keeps one name per prefix IRI (the last one given) and tries the IRIs in the order first given.
    const byIri = new Map<string, string>();
    for (const [iri, name] of list) byIri.set(iri, name);
    this.iris = [...byIri.keys()];
    this.names = this.iris.map((i) => byIri.get(i)!);
  }

  /**
   * One pathway's quads (graph names dropped), grouped by subject, `first` subjects leading; handed to `emit` in
   * pieces.
   */
  write(quads: Quad[], first: Term[] | undefined, emit: (chunk: string) => void): void {
    this.local = new Map(); // the previous pathway's IRIs are not this one's
    let out = this.header;
    let subject: Term | undefined;
    let predicate: Term | undefined;
    for (const q of groupBySubject(quads, first)) {
      if (subject !== undefined && (q.subject === subject || sameTerm(q.subject, subject))) {
        if (q.predicate === predicate || sameTerm(q.predicate, predicate!))
          out += `, ${this.object(q.object, q.predicate)}`;
        else out += `;\n    ${this.predicate((predicate = q.predicate))} ${this.object(q.object, q.predicate)}`;
      } else {
        out += `${subject === undefined ? '' : '.\n'}${this.term((subject = q.subject), false)} ${this.predicate((predicate = q.predicate))} ${this.object(q.object, q.predicate)}`;
      }
      if (out.length >= CHUNK) {
        emit(out);
        out = '';
      }
    }
    if (subject !== undefined) out += '.\n';
    emit(out);
  }

  private predicate(t: Term): string {
    return t.termType === 'NamedNode' && t.value === RDF_TYPE ? 'a' : this.term(t, true);
  }

  /** An object, by its predicate: the objects of rdf:type are classes, remembered as vocabulary. */
  private object(t: Term, predicate: Term): string {
    return this.term(t, predicate.termType === 'NamedNode' && predicate.value === RDF_TYPE);
  }

  private term(t: Term, vocabularyTerm: boolean): string {
    switch (t.termType) {
      case 'NamedNode':
        return vocabularyTerm ? this.vocabulary(t.value) : this.localIri(t.value);
      case 'Literal':
        return this.literal(t);
      default:
        return blankText(t);
    }
  }

  private localIri(raw: string): string {
    let text = this.local.get(raw);
    if (text === undefined) this.local.set(raw, (text = this.iri(raw)));
    return text;
  }

  // A local part has no character outside [-_.a-zA-Z0-9], so a prefix IRI that fits runs at least up to
  // the IRI's last other character (a cheap test, made before comparing the texts).
  private iri(raw: string): string {
    const text = turtleEscape(writableIri(raw));
    let b = text.length;
    while (b > 0 && isLocalChar(text.charCodeAt(b - 1))) b--;
    for (let i = 0; i < this.iris.length; i++) {
      const p = this.iris[i]!;
      if (p.length >= b && p.length < text.length && text.startsWith(p) && LOCAL.test(text.substring(p.length)))
        return this.names[i]! + text.substring(p.length);
    }
    // (n3 writes an IRI that already reads as a prefixed name, `wp:x`, as it is, which reads back as
    // another IRI: it is written in full here.)
    return `<${text}>`;
  }

  private literal(t: Term): string {
    const l = literalParts(t);
    const value = turtleEscape(l.value);
    if (l.language !== '') return `"${value}"${languageSuffix(l)}`;
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
    return `"${value}"^^${this.vocabulary(l.datatype)}`;
  }
}

function sameTerm(a: Term, b: Term): boolean {
  return a.termType === b.termType && a.value === b.value;
}
