// Turns a page's ontology annotations into wp:ontologyTag quads (and the typed tags), with warnings.

import { DataFactory, type NamedNode, type Quad } from 'n3';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { makeIri, term, type Mappings } from '../mappings.js';
import type { AnnotationInput, OntologyKind } from '../types.js';
import { normaliseLabel } from './labelIndex.js';
import { resolveAnnotation, type AnnotationResolution, type Ontologies } from './resolveAnnotation.js';

const { quad } = DataFactory;

/** The typed tag WikiPathways adds beside wp:ontologyTag, by the linked term's prefix. */
export const TYPED_TAG: Record<OntologyKind, string> = {
  PW: 'pathwayOntologyTag',
  DOID: 'diseaseOntologyTag',
  CL: 'cellTypeOntologyTag',
};

export interface AnnotationQuads {
  quads: Quad[];
  warnings: Diagnostic[];
  /** Linked term ids (`PW:0000272`), each once, in page order: feed them to ontologyGraphQuads. */
  termIds: string[];
  /** One resolution per distinct annotation, in page order (for coverage figures). */
  resolutions: AnnotationResolution[];
}

/**
 * Resolves every annotation (repeats, same kind and id or label, count once) and emits
 * `subject wp:ontologyTag <obo term>` plus the typed tag for each distinct linked term.
 * `context` (title and description) lets a label that fits several terms pick the one the page names.
 */
export function annotationQuads(
  annotations: readonly AnnotationInput[],
  subject: NamedNode,
  graph: NamedNode,
  ontologies: Ontologies,
  mappings: Mappings,
  file: string,
  context?: string,
): AnnotationQuads {
  const out: AnnotationQuads = { quads: [], warnings: [], termIds: [], resolutions: [] };
  const seenInputs = new Set<string>();
  const ontologyTag = term(mappings, 'wp', 'ontologyTag');
  for (const annotation of annotations) {
    const key = `${annotation.kind}|${annotation.id?.trim() ?? ''}|${normaliseLabel(annotation.label ?? '')}`;
    if (seenInputs.has(key)) continue;
    seenInputs.add(key);
    const resolution = resolveAnnotation(annotation, ontologies, {
      file,
      ...(context === undefined ? {} : { context }),
    });
    out.resolutions.push(resolution);
    out.warnings.push(...resolution.warnings);
    if (resolution.status !== 'linked' || out.termIds.includes(resolution.id)) continue;
    const iri = makeIri(mappings, 'obo', resolution.id);
    if (iri === undefined) {
      out.warnings.push(
        diagnostic(
          'ANNOTATION_ID_UNKNOWN',
          `Ontology id ${JSON.stringify(resolution.id)} does not fit the "obo" pattern of mappings/iris.json; not linked`,
          { file, line: annotation.line, key: 'annotations' },
        ),
      );
      continue;
    }
    out.termIds.push(resolution.id);
    out.quads.push(
      quad(subject, ontologyTag, iri, graph),
      quad(subject, term(mappings, 'wp', TYPED_TAG[resolution.kind]), iri, graph),
    );
  }
  return out;
}
