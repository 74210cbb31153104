// schema-jsonld -> quads without jsonld.js: JSON-LD expansion, node map and toRDF, for the subset pages use.
//
// Each step mirrors jsonld.js 9 (expand.js, nodeMap.js, toRdf.js) so that the quads, their blank node
// labels and their order are the same; anything outside the subset throws an "unsupported" error
// instead of guessing. test/unit/transform/jsonldEquivalence.test.ts checks the result against jsonld.toRDF.

import { DataFactory, type NamedNode, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { isSchemaOrgContextUrl } from './documentLoader.js';
import {
  ABSOLUTE_IRI,
  jsonldError,
  RDF_TYPE,
  scalarLiteral,
  type JsonldLocation,
  isPlainObject,
} from './jsonldPrepare.js';
import type { CompiledContext, Coercion } from './jsonldTerms.js';

const { quad, namedNode, blankNode } = DataFactory;

type Scalar = string | number | boolean;
type Value = { literal: Scalar; datatype?: string } | { node: ExpandedNode };
interface ExpandedNode {
  id?: string;
  types: string[];
  props: Map<string, Value[]>;
}

const KEYWORD_LIKE = /^@[a-zA-Z]+$/;

export function fastQuads(
  block: Record<string, unknown>,
  graph: NamedNode,
  ctx: CompiledContext,
  blankPrefix: string,
  loc: JsonldLocation,
): Quad[] {
  const unsupported = (where: string, what: string) =>
    jsonldError(`${where}: ${what} is not supported by the fast JSON-LD converter`, loc, { unsupported: true });
  if (ctx.unsupported !== undefined) throw unsupported('schema-jsonld', `a context ${ctx.unsupported}`);

  /** jsonld.js's IRI expansion: a term (only for vocab-relative values), a compact IRI, an absolute IRI, @vocab. */
  const expandIri = (value: string, vocab: boolean, where: string): string => {
    if (KEYWORD_LIKE.test(value)) throw unsupported(where, `the keyword ${JSON.stringify(value)}`);
    let out: string | undefined;
    const def = vocab ? ctx.terms.get(value) : undefined;
    if (def !== undefined) {
      if (def.kind === 'alias') throw unsupported(where, `the keyword alias ${JSON.stringify(value)}`);
      out = def.iri;
    } else {
      const colon = value.indexOf(':');
      if (colon > 0) {
        const prefix = value.slice(0, colon);
        const suffix = value.slice(colon + 1);
        if (prefix === '_') throw unsupported(where, `the blank node identifier ${JSON.stringify(value)}`);
        const ns = ctx.prefixes.get(prefix);
        if (suffix.startsWith('//')) out = value;
        else if (ns !== undefined) out = ns + suffix;
        else if (ABSOLUTE_IRI.test(value)) out = value;
      }
      if (out === undefined && vocab && ctx.vocab !== undefined) out = ctx.vocab + value;
    }
    if (out === undefined || !ABSOLUTE_IRI.test(out) || out.startsWith('_:'))
      throw unsupported(where, `the relative IRI ${JSON.stringify(out ?? value)}`);
    return out;
  };

  const expandNode = (obj: Record<string, unknown>, where: string, top: boolean): ExpandedNode => {
    const node: ExpandedNode = { types: [], props: new Map() };
    // Keys in jsonld.js's order (sorted), so that values of keys with the same IRI merge in its order.
    for (const key of Object.keys(obj).sort()) {
      const value = obj[key];
      const at = `${where}.${key}`;
      if (key === '@context') {
        if (!top || typeof value !== 'string' || !isSchemaOrgContextUrl(value))
          throw unsupported(at, `the context ${JSON.stringify(value)}`);
      } else if (key === '@id') {
        if (typeof value !== 'string') throw unsupported(at, 'a non-string "@id"');
        node.id = expandIri(value, false, at);
      } else if (key === '@type') {
        for (const t of Array.isArray(value) ? value : [value]) {
          if (typeof t !== 'string') throw unsupported(at, 'a non-string "@type"');
          node.types.push(expandIri(t, true, at));
        }
      } else if (KEYWORD_LIKE.test(key)) {
        throw unsupported(at, `the keyword ${JSON.stringify(key)}`);
      } else {
        const def = ctx.terms.get(key);
        if (def?.kind === 'alias') throw unsupported(at, `the keyword alias ${JSON.stringify(key)}`);
        const iri = def?.iri ?? expandIri(key, true, at);
        let values = node.props.get(iri);
        if (values === undefined) node.props.set(iri, (values = []));
        expandValue(value, def?.coercion ?? { kind: 'none' }, at, values);
      }
    }
    return node;
  };

  const expandValue = (value: unknown, coercion: Coercion, where: string, into: Value[]): void => {
    if (value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => expandValue(v, coercion, `${where}[${i}]`, into));
    } else if (isPlainObject(value)) {
      into.push({ node: expandNode(value, where, false) });
    } else if (typeof value === 'string' && (coercion.kind === '@id' || coercion.kind === '@vocab')) {
      into.push({ node: { id: expandIri(value, coercion.kind === '@vocab', where), types: [], props: new Map() } });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      into.push(coercion.kind === 'datatype' ? { literal: value, datatype: coercion.iri } : { literal: value });
    } else {
      throw unsupported(where, `a value of type ${typeof value}`);
    }
  };

  const top = expandNode(block, 'schema-jsonld', true);

  // Node map, as jsonld.js builds it: blank nodes labelled b0, b1, … depth-first, properties in IRI order.
  // Values per property keyed like jsonld.js compares them (same JSON value and datatype), first one kept.
  const subjects = new Map<string, Map<string, Map<string, Quad_Object>>>();
  let issued = 0;
  const add = (subject: Map<string, Map<string, Quad_Object>>, property: string, term: Quad_Object, key: string) => {
    let values = subject.get(property);
    if (values === undefined) subject.set(property, (values = new Map()));
    if (!values.has(key)) values.set(key, term);
  };
  const visit = (node: ExpandedNode, name: string): void => {
    let subject = subjects.get(name);
    if (subject === undefined) subjects.set(name, (subject = new Map()));
    for (const t of node.types) add(subject, '@type', namedNode(t), `I${t}`);
    for (const property of [...node.props.keys()].sort()) {
      for (const value of node.props.get(property)!) {
        if ('literal' in value) {
          add(
            subject,
            property,
            scalarLiteral(value.literal, value.datatype),
            `L${typeof value.literal}\u0000${String(value.literal)}\u0000${value.datatype ?? ''}`,
          );
        } else {
          const id = value.node.id ?? `_:b${issued++}`;
          add(subject, property, term(id), `I${id}`);
          visit(value.node, id);
        }
      }
    }
  };
  const term = (id: string): NamedNode | ReturnType<typeof blankNode> =>
    id.startsWith('_:') ? blankNode(blankPrefix + id.slice(2)) : namedNode(id);
  const topName = top.id ?? `_:b${issued++}`;
  visit(top, topName);
  const topProperties = subjects.get(topName)!;
  if ([...topProperties.values()].every((v) => v.size === 0))
    throw unsupported('schema-jsonld', 'a block with nothing to convert');

  const quads: Quad[] = [];
  for (const id of [...subjects.keys()].sort()) {
    const subject = term(id) as Quad_Subject;
    const properties = subjects.get(id)!;
    for (const property of [...properties.keys()].sort()) {
      const predicate = namedNode(property === '@type' ? RDF_TYPE : property);
      for (const object of properties.get(property)!.values()) quads.push(quad(subject, predicate, object, graph));
    }
  }
  return quads;
}
