// The ontologies graph: label, direct superclasses and deprecation of every used term and its ancestors.

import { DataFactory, type NamedNode, type Quad } from 'n3';
import { makeIri, term, type Mappings } from '../mappings.js';
import type { Ontology } from '../reference/obo.js';
import type { OntologyKind } from '../types.js';
import type { Ontologies } from './resolveAnnotation.js';

const { quad, literal } = DataFactory;

/**
 * For every used term and all its `is_a` ancestors: `a owl:Class` (as the public endpoint's terms; its
 * queries filter on it), `rdfs:label`, `rdfs:subClassOf` to each direct
 * parent (so `rdfs:subClassOf*` reaches the roots), and `owl:deprecated true` for obsolete terms.
 * Parents of another prefix are stepped through to the nearest own-prefix ancestors. Ids the
 * ontologies do not know produce nothing. Terms come out sorted by id, parents sorted too.
 */
export function ontologyGraphQuads(
  usedTermIds: Iterable<string>,
  ontologies: Ontologies,
  mappings: Mappings,
  graph: NamedNode,
): Quad[] {
  const type = term(mappings, 'rdf', 'type');
  const owlClass = term(mappings, 'owl', 'Class');
  const label = term(mappings, 'rdfs', 'label');
  const subClassOf = term(mappings, 'rdfs', 'subClassOf');
  const deprecated = term(mappings, 'owl', 'deprecated');
  const trueValue = literal('true', term(mappings, 'xsd', 'boolean'));
  const closure = new Set<string>();
  const pending = [...usedTermIds];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const ontology = ontologyOf(id, ontologies);
    if (closure.has(id) || ontology?.terms.get(id) === undefined) continue;
    closure.add(id);
    pending.push(...ownParents(id, ontology));
  }
  const out: Quad[] = [];
  for (const id of [...closure].sort()) {
    const ontology = ontologyOf(id, ontologies) as Ontology;
    const entry = ontology.terms.get(id);
    const subject = makeIri(mappings, 'obo', id);
    if (entry === undefined || subject === undefined) continue;
    out.push(quad(subject, type, owlClass, graph));
    if (entry.name !== undefined) out.push(quad(subject, label, literal(entry.name), graph));
    for (const parent of [...ownParents(id, ontology)].sort()) {
      const object = makeIri(mappings, 'obo', parent);
      if (object !== undefined) out.push(quad(subject, subClassOf, object, graph));
    }
    if (entry.obsolete) out.push(quad(subject, deprecated, trueValue, graph));
  }
  return out;
}

function ontologyOf(id: string, ontologies: Ontologies): Ontology | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return Object.hasOwn(ontologies, prefix) ? ontologies[prefix as OntologyKind] : undefined;
}

/** Direct parents with the ontology's own prefix; a foreign parent is replaced by its own-prefix ancestors. */
function ownParents(id: string, ontology: Ontology): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const pending = [...(ontology.terms.get(id)?.parents ?? [])];
  while (pending.length > 0) {
    const parent = pending.pop() as string;
    if (seen.has(parent)) continue;
    seen.add(parent);
    if (ontology.terms.has(parent)) out.add(parent);
    else pending.push(...(ontology.foreign.get(parent)?.parents ?? []));
  }
  return out;
}
