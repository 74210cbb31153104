// What every RDF text format reads from a term the same way: a literal's parts, a blank node's label,
// and the check that an IRI can be written between `<` and `>` at all.

import { Literal as N3Literal, type Term } from 'n3';
import { PipelineError } from '../../errors.js';
import { isSafeIri } from '../../transform/safeIri.js';

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const XSD_STRING = `${XSD}string`;

export interface LiteralParts {
  value: string;
  language: string;
  direction: string;
  datatype: string;
}

/**
 * An n3 Literal's parts from its id (`"v"`, `"v"@en`, `"v"^^dt`), else from the RDF/JS properties: an n3
 * Literal re-parses its id on every `value`, `language` and `datatype` read, so they are read once here.
 */
export function literalParts(t: Term): LiteralParts {
  if (t instanceof N3Literal) {
    const id = t.id;
    const end = id.lastIndexOf('"');
    const value = id.substring(1, end);
    const next = id.charCodeAt(end + 1);
    if (Number.isNaN(next)) return { value, language: '', direction: '', datatype: XSD_STRING };
    if (next === 0x5e /* ^ */) return { value, language: '', direction: '', datatype: id.substring(end + 3) };
    return {
      value,
      language: t.language,
      direction: (t as N3Literal & { direction?: string }).direction ?? '',
      datatype: t.datatypeString,
    };
  }
  const l = t as Term & { language?: string; direction?: string; datatype?: Term };
  return {
    value: l.value,
    language: l.language ?? '',
    direction: l.direction ?? '',
    datatype: l.datatype?.value ?? XSD_STRING,
  };
}

/** A language-tagged literal's suffix: `@en`, or `@ar--rtl` with a base direction. */
export function languageSuffix(l: LiteralParts): string {
  return `@${l.language}${l.direction !== '' ? `--${l.direction}` : ''}`;
}

/** A blank node (or variable) as written in every format; quoted triples are not written. */
export function blankText(t: Term): string {
  if ((t.termType as string) === 'Quad') throw new Error('Quoted triples are not written');
  // n3 terms carry their own text (`_:b0`) as id.
  const id = (t as Term & { id?: unknown }).id;
  if (typeof id === 'string' && t.termType === 'BlankNode' && id.startsWith('_:')) return id;
  return t.termType === 'Variable' ? `?${t.value}` : `_:${t.value}`;
}

/**
 * The last line of defence: an IRI that is not valid would end its `<…>` early and break the file, so
 * it is refused here, whatever let it through (the transform drops such triples with IRI_INVALID).
 */
export function writableIri(iri: string): string {
  if (!isSafeIri(iri))
    throw new PipelineError('IRI_INVALID', `Refusing to write ${JSON.stringify(iri)}: not a valid IRI`, {
      details: { iri },
    });
  return iri;
}

/** The escapes N-Triples and Turtle share. */
export const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
};
