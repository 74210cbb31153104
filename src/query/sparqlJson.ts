// The W3C SPARQL 1.1 Query Results JSON shape, and RDF terms from it written the way a query writes them.

/** An RDF term in the W3C SPARQL 1.1 Query Results JSON format. */
export type JsonTerm =
  | { type: 'uri'; value: string }
  | { type: 'bnode'; value: string }
  | { type: 'literal'; value: string; datatype?: string; 'xml:lang'?: string; 'its:dir'?: string }
  | { type: 'triple'; value: { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm } };

export interface JsonResults {
  head: { vars?: string[]; link?: string[] };
  results?: { bindings: Record<string, JsonTerm>[] };
  boolean?: boolean;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const LOCAL = /^(?:[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_-])?)?$/u;

/** Numbers and booleans that Turtle and SPARQL write without quotes, by datatype. */
const BARE: Record<string, RegExp> = {
  [`${XSD}integer`]: /^[+-]?[0-9]+$/,
  [`${XSD}decimal`]: /^[+-]?[0-9]*\.[0-9]+$/,
  [`${XSD}double`]: /^[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+$/,
  [`${XSD}boolean`]: /^(?:true|false)$/,
};

/** `wp:Pathway` when a prefix covers the IRI with a plain local name, else `<iri>`. */
export function compactIri(iri: string, prefixes: Record<string, string>): string {
  let best: string | undefined;
  let bestLength = 0;
  for (const [name, ns] of Object.entries(prefixes)) {
    if (ns.length > bestLength && iri.startsWith(ns) && LOCAL.test(iri.slice(ns.length))) {
      best = `${name}:${iri.slice(ns.length)}`;
      bestLength = ns.length;
    }
  }
  return best ?? `<${iri}>`;
}

/** A string in double quotes with Turtle's escapes, so that one value stays on one line. */
export function quoteString(value: string): string {
  const escaped = value.replace(/["\\\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}

/** The term as it would be written in a SPARQL query or Turtle, IRIs compacted with `prefixes`. */
export function termText(term: JsonTerm, prefixes: Record<string, string>): string {
  switch (term.type) {
    case 'uri':
      return compactIri(term.value, prefixes);
    case 'bnode':
      return `_:${term.value}`;
    case 'triple': {
      const { subject, predicate, object } = term.value;
      return `<< ${termText(subject, prefixes)} ${termText(predicate, prefixes)} ${termText(object, prefixes)} >>`;
    }
    case 'literal': {
      const lang = term['xml:lang'];
      if (lang !== undefined)
        return `${quoteString(term.value)}@${lang}${term['its:dir'] === undefined ? '' : `--${term['its:dir']}`}`;
      const datatype = term.datatype;
      if (datatype === undefined || datatype === `${XSD}string`) return quoteString(term.value);
      if (BARE[datatype]?.test(term.value)) return term.value;
      return `${quoteString(term.value)}^^${compactIri(datatype, prefixes)}`;
    }
  }
}
