// Precomputes a JSON-LD context's term table (IRI and type coercion per term); the caller keeps it
// (JsonldContext.compiled).

import { ABSOLUTE_IRI, isPlainObject } from './jsonldPrepare.js';

/** How a term's string values become RDF: an IRI (`@id`, `@vocab`) or a typed literal (datatype IRI). */
export type Coercion = { kind: 'none' } | { kind: '@id' } | { kind: '@vocab' } | { kind: 'datatype'; iri: string };

export type TermDef =
  | { kind: 'property'; iri: string; coercion: Coercion }
  /** A keyword alias such as schema.org's `id` -> `@id`; the fast path does not accept aliases in a block. */
  | { kind: 'alias'; keyword: string };

export interface CompiledContext {
  vocab?: string;
  terms: Map<string, TermDef>;
  /** Terms usable as compact-IRI prefixes (JSON-LD 1.1: simple definitions ending in a gen-delim). */
  prefixes: Map<string, string>;
  /**
   * Set when the context uses something this compiler does not model ("with \"@language\""): the fast path then
   * refuses.
   */
  unsupported?: string;
}

const KEYWORD = /^@[a-zA-Z]+$/;
const GEN_DELIM_END = /[:/?#[\]@]$/;

/** The term table of a context document `{ "@context": { … } }`. */
export function compileContext(document: object): CompiledContext {
  const result: CompiledContext = { terms: new Map(), prefixes: new Map() };
  const refuse = (reason: string): CompiledContext => ({ terms: new Map(), prefixes: new Map(), unsupported: reason });
  const local = (document as Record<string, unknown>)['@context'];
  if (!isPlainObject(local)) return refuse('without a "@context" object');
  for (const key of Object.keys(local)) {
    if (KEYWORD.test(key) && key !== '@vocab') return refuse(`with "${key}"`);
  }
  const vocab = local['@vocab'];
  if (vocab !== undefined) {
    if (typeof vocab !== 'string' || !ABSOLUTE_IRI.test(vocab) || vocab.startsWith('_:'))
      return refuse('with a "@vocab" that is not an absolute IRI');
    result.vocab = vocab;
  }

  // Terms may depend on each other (`schema:license` needs `schema`), so each is resolved on demand.
  const ids = new Map<string, string | null>(); // term -> expanded @id (a keyword for aliases); null while in progress
  const failures: string[] = [];
  const termId = (term: string): string | undefined => {
    if (ids.has(term)) {
      const id = ids.get(term);
      if (id === null) failures.push(`with the term "${term}" defined in a cycle`);
      return id ?? undefined;
    }
    const def = local[term];
    const raw = typeof def === 'string' ? def : isPlainObject(def) ? def['@id'] : undefined;
    if (typeof raw !== 'string' || raw === term) {
      failures.push(`with the term "${term}" lacking a usable "@id"`);
      return undefined;
    }
    ids.set(term, null);
    const id = KEYWORD.test(raw) ? raw : expandInContext(raw);
    if (id === undefined || (!KEYWORD.test(id) && (!ABSOLUTE_IRI.test(id) || id.startsWith('_:')))) {
      failures.push(`with the term "${term}" not expanding to an absolute IRI`);
      ids.delete(term);
      return undefined;
    }
    ids.set(term, id);
    return id;
  };
  // jsonld.js's IRI expansion during context processing: vocab-relative, no base.
  const expandInContext = (value: string): string | undefined => {
    if (Object.hasOwn(local, value)) return termId(value);
    const colon = value.indexOf(':');
    if (colon > 0) {
      const prefix = value.slice(0, colon);
      const suffix = value.slice(colon + 1);
      if (prefix === '_' || suffix.startsWith('//')) return value;
      if (Object.hasOwn(local, prefix) && typeof local[prefix] === 'string') {
        const ns = termId(prefix);
        if (ns !== undefined && isPrefix(prefix, ns)) return ns + suffix;
      }
      if (ABSOLUTE_IRI.test(value)) return value;
    }
    return result.vocab === undefined ? undefined : result.vocab + value;
  };
  // JSON-LD 1.1: only a simple (string) definition whose IRI ends in a gen-delim serves as a prefix.
  const isPrefix = (term: string, id: string): boolean =>
    typeof local[term] === 'string' && !term.includes(':') && !KEYWORD.test(id) && GEN_DELIM_END.test(id);

  for (const [term, def] of Object.entries(local)) {
    if (term === '@vocab') continue;
    if (term === '' || term.includes(':') || term.includes('/')) {
      failures.push(`with the term "${term}" in the form of an IRI`);
      continue;
    }
    if (isPlainObject(def)) {
      const extra = Object.keys(def).find((k) => k !== '@id' && k !== '@type');
      if (extra !== undefined) {
        failures.push(`with the term "${term}" using "${extra}"`);
        continue;
      }
    } else if (typeof def !== 'string') {
      failures.push(`with the term "${term}" defined as ${def === null ? 'null' : 'neither a string nor an object'}`);
      continue;
    }
    const id = termId(term);
    if (id === undefined) continue;
    if (KEYWORD.test(id)) {
      if (isPlainObject(def) && '@type' in def) failures.push(`with the alias "${term}" having a "@type"`);
      else result.terms.set(term, { kind: 'alias', keyword: id });
      continue;
    }
    const coercion = coercionOf(term, def, expandInContext, failures);
    if (coercion === undefined) continue;
    result.terms.set(term, { kind: 'property', iri: id, coercion });
    if (isPrefix(term, id)) result.prefixes.set(term, id);
  }
  if (failures.length > 0) return refuse(failures[0]!);
  return result;
}

function coercionOf(
  term: string,
  def: unknown,
  expand: (v: string) => string | undefined,
  failures: string[],
): Coercion | undefined {
  if (!isPlainObject(def) || !('@type' in def)) return { kind: 'none' };
  const type = def['@type'];
  if (type === '@id' || type === '@vocab') return { kind: type };
  if (typeof type !== 'string' || KEYWORD.test(type)) {
    failures.push(`with the term "${term}" typed ${JSON.stringify(type)}`);
    return undefined;
  }
  const iri = expand(type);
  if (iri === undefined || !ABSOLUTE_IRI.test(iri) || iri.startsWith('_:')) {
    failures.push(`with the term "${term}" typed with a non-absolute IRI`);
    return undefined;
  }
  if (iri === 'http://www.w3.org/2001/XMLSchema#double') {
    // jsonld.js parses strings typed xsd:double as numbers; not modelled here.
    failures.push(`with the term "${term}" typed xsd:double`);
    return undefined;
  }
  return { kind: 'datatype', iri };
}
