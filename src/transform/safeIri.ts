// Every IRI made from page or table text passes here: what RFC 3987 forbids is percent-encoded, the rest refused.
//
// A written IRI must stay one term in every output: `<`, `>`, a space or a quote inside it would end
// `<…>` early and let page text write triples of its own. Non-ASCII letters are valid IRI characters
// (RFC 3987 `ucschar`) and are kept as they are, so IRIs stay readable.

import { DataFactory, Literal as N3Literal, type Literal, type NamedNode, type Quad, type Term } from 'n3';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ErrorLocation } from '../errors.js';

const { quad, namedNode, literal } = DataFactory;

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The common case, valid as it is: ASCII that RFC 3986 allows anywhere, no `%`, no brackets, at most one `#`. */
const PLAIN = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?$/;

/** ASCII allowed as it is in any part of an IRI (unreserved, sub-delims, `:`, `@`, `/`, `?`). */
const ASCII_OK = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

const HEX2 = /^[0-9A-Fa-f]{2}$/;

/**
 * The IRI `text` names, as a valid RFC 3987 IRI: characters it forbids (space, `<`, `>`, `"`, `{`, `}`,
 * `|`, `\`, `^`, `` ` ``, controls, a `%` that starts no escape, a second `#`, brackets outside the
 * host, non-characters) are percent-encoded as UTF-8; valid escapes and non-ASCII letters are kept.
 * Undefined when no IRI can be made: no scheme (a relative reference), or a lone surrogate.
 */
export function safeIri(text: string): string | undefined {
  if (PLAIN.test(text)) return text;
  const scheme = SCHEME.exec(text);
  if (scheme === null) return undefined;
  const start = scheme[0].length;
  // Brackets are allowed in the host only (an IPv6 literal): find where the authority ends.
  let hostEnd = start;
  if (text.startsWith('//', start)) {
    hostEnd = start + 2;
    while (hostEnd < text.length && !'/?#'.includes(text[hostEnd]!)) hostEnd++;
  }
  let out = text.slice(0, start);
  let query = false;
  let fragment = false;
  for (let i = start; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (cp >= 0xd800 && cp <= 0xdfff) return undefined; // a lone surrogate has no UTF-8 form
    if (ch === '%') out += HEX2.test(text.substring(i, i + 2)) ? '%' : '%25';
    else if (ch === '#') {
      out += fragment ? '%23' : '#';
      fragment = true;
    } else if (ch === '?') {
      out += '?';
      query ||= !fragment;
    } else if (ch === '[' || ch === ']') out += i <= hostEnd ? ch : encodeURIComponent(ch);
    else if (cp < 0x80) out += ASCII_OK.test(ch) ? ch : encodeURIComponent(ch);
    else out += isUcschar(cp) || (query && !fragment && isIprivate(cp)) ? ch : encodeURIComponent(ch);
  }
  return out;
}

/** True when `text` is a valid absolute IRI that safeIri keeps as it is. */
export function isSafeIri(text: string): boolean {
  return PLAIN.test(text) || safeIri(text) === text;
}

/** The cheap common case of isSafeIri: printable ASCII only, nothing to escape in any syntax. */
export function isPlainIri(text: string): boolean {
  return PLAIN.test(text);
}

/** A named node for `text` repaired by safeIri, or undefined when it cannot be. */
export function safeNamedNode(text: string): NamedNode | undefined {
  const iri = safeIri(text);
  return iri === undefined ? undefined : namedNode(iri);
}

/** RFC 3987 `ucschar`: letters and symbols beyond ASCII, without controls, private use and non-characters. */
function isUcschar(cp: number): boolean {
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if (cp >= 0xf900 && cp <= 0xfdcf) return true;
  if (cp >= 0xfdf0 && cp <= 0xffef) return true;
  if (cp < 0x10000 || (cp & 0xffff) > 0xfffd) return false;
  return cp <= 0xdfffd || (cp >= 0xe1000 && cp <= 0xefffd);
}

/** RFC 3987 `iprivate`, allowed in the query part only. */
function isIprivate(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0xffffd) || (cp >= 0x100000 && cp <= 0x10fffd);
}

/**
 * The last check before quads leave the transform: every IRI (subjects, predicates, objects, graphs,
 * datatypes) must already be valid. A quad with an IRI that is not is dropped and reported as
 * IRI_INVALID at `where`, never written: one bad value costs its own triple, not the output's syntax.
 */
export function keepValidIris(quads: Quad[], where: ErrorLocation): { quads: Quad[]; warnings: Diagnostic[] } {
  // Subjects, predicates and graphs are mostly the same term objects from one quad to the next.
  let lastSubject: Term | undefined;
  let lastPredicate: Term | undefined;
  let lastGraph: Term | undefined;
  let out: Quad[] | undefined;
  const warnings: Diagnostic[] = [];
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i]!;
    let bad = invalidIn(q.object);
    if (bad === undefined && q.subject !== lastSubject) {
      bad = invalidIn(q.subject);
      if (bad === undefined) lastSubject = q.subject;
    }
    if (bad === undefined && q.predicate !== lastPredicate) {
      bad = invalidIn(q.predicate);
      if (bad === undefined) lastPredicate = q.predicate;
    }
    if (bad === undefined && q.graph !== lastGraph) {
      bad = invalidIn(q.graph);
      if (bad === undefined) lastGraph = q.graph;
    }
    if (bad === undefined) {
      out?.push(q);
      continue;
    }
    out ??= quads.slice(0, i);
    const iri = bad.termType === 'Literal' ? datatypeIri(bad as Literal)! : bad.value;
    warnings.push(
      diagnostic('IRI_INVALID', `Dropped a triple whose IRI ${JSON.stringify(iri)} is not a valid IRI`, {
        ...where,
        details: { iri },
      }),
    );
  }
  return { quads: out ?? quads, warnings };
}

/** `t` when it is (or its datatype is) an IRI that is not valid. */
function invalidIn(t: Term): Term | undefined {
  if (t.termType === 'NamedNode') return isSafeIri(t.value) ? undefined : t;
  if (t.termType === 'Literal') {
    const datatype = datatypeIri(t as Literal);
    return datatype === undefined || isSafeIri(datatype) ? undefined : t;
  }
  return undefined;
}

/**
 * A typed literal's datatype IRI, read from an n3 Literal's id (its `datatype` getter parses the id and builds a term).
 */
function datatypeIri(t: Literal): string | undefined {
  if (t instanceof N3Literal) {
    const id = t.id;
    const end = id.lastIndexOf('"');
    return id.charCodeAt(end + 1) === 0x5e /* ^ */ ? id.substring(end + 3) : undefined;
  }
  const other = t as { language: string; datatype?: { value: string } };
  return other.language === '' ? other.datatype?.value : undefined;
}

/**
 * `q` with every IRI repaired by safeIri, or undefined when one cannot be repaired. Terms that need
 * no repair are kept as they are (the same objects).
 */
export function repairQuad(q: Quad): Quad | undefined {
  const s = repairTerm(q.subject);
  const p = repairTerm(q.predicate);
  const o = repairTerm(q.object);
  const g = repairTerm(q.graph);
  if (s === undefined || p === undefined || o === undefined || g === undefined) return undefined;
  if (s === q.subject && p === q.predicate && o === q.object && g === q.graph) return q;
  return quad(s as Quad['subject'], p as Quad['predicate'], o as Quad['object'], g as Quad['graph']);
}

function repairTerm(t: Term): Term | undefined {
  if (t.termType === 'NamedNode') {
    const iri = safeIri(t.value);
    return iri === undefined ? undefined : iri === t.value ? t : namedNode(iri);
  }
  if (t.termType === 'Literal') {
    const l = t as Literal;
    if (l.language !== '') return t;
    const iri = safeIri(l.datatype.value);
    return iri === undefined ? undefined : iri === l.datatype.value ? t : literal(l.value, namedNode(iri));
  }
  return t;
}
