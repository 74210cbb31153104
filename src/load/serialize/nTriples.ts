// N-Triples and N-Quads lines in canonical form (the escapes n3's Writer uses for these formats): the one
// encoder of terms as line text, for all.nq and for what a SPARQL store is sent.

import type { Quad, Term } from 'n3';
import { isPlainIri } from '../../transform/safeIri.js';
import { iriCache } from './iriCache.js';
import { blankText, languageSuffix, literalParts, SHORT_ESCAPES, writableIri, XSD_STRING } from './termText.js';

const CANONICAL = /[^ !#-[\]-~\u0080-\uFFFD]/;
const CANONICAL_ALL = /[^ !#-[\]-~\u0080-\uFFFD]/g;

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
  return isPlainIri(iri) ? `<${iri}>` : `<${canonical(writableIri(iri))}>`;
}

// The text is handed on in pieces of about this many lines (see Utf8Scratch).
const LINES_PER_CHUNK = 128;

/** Terms as N-Triples text; one per writer (it remembers the vocabulary IRIs it has written). */
export class NTriplesEncoder {
  private readonly vocabulary = iriCache(lineIri);

  term(t: Term): string {
    switch (t.termType) {
      case 'NamedNode':
        return lineIri(t.value);
      case 'Literal': {
        const l = literalParts(t);
        const value = canonical(l.value);
        if (l.language !== '') return `"${value}"${languageSuffix(l)}`;
        if (l.datatype === XSD_STRING) return `"${value}"`;
        return `"${value}"^^${this.vocabulary(l.datatype)}`;
      }
      default:
        return blankText(t);
    }
  }

  /** A predicate: one of a few hundred IRIs, remembered. */
  predicate(t: Term): string {
    return t.termType === 'NamedNode' ? this.vocabulary(t.value) : this.term(t);
  }

  /** One N-Triples line, with its newline. */
  triple(subject: Term, predicate: Term, object: Term): string {
    return `${this.term(subject)} ${this.predicate(predicate)} ${this.term(object)} .\n`;
  }

  /** N-Quads lines (`withGraph`) or N-Triples lines (graphs dropped), handed to `emit` in pieces. */
  lines(quads: readonly Quad[], withGraph: boolean, emit: (chunk: string) => void): void {
    const parts: string[] = [];
    // Subjects and graphs repeat from one quad to the next: their text is reused.
    let lastSubject: Term | undefined;
    let subjectText = '';
    let lastGraph: Term | undefined;
    let graphText = ' .\n';
    for (let i = 0; i < quads.length; i++) {
      const q = quads[i]!;
      if (q.subject !== lastSubject) subjectText = this.term((lastSubject = q.subject));
      if (withGraph && q.graph !== lastGraph) {
        lastGraph = q.graph;
        graphText =
          lastGraph === undefined || lastGraph === null || lastGraph.termType === 'DefaultGraph'
            ? ' .\n'
            : ` ${this.term(lastGraph)} .\n`;
      }
      parts.push(`${subjectText} ${this.predicate(q.predicate)} ${this.term(q.object)}${graphText}`);
      if (parts.length === LINES_PER_CHUNK) {
        emit(parts.join(''));
        parts.length = 0;
      }
    }
    emit(parts.join(''));
  }
}
