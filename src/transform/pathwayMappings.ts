// IRIs in the forms of mappings/pathway.json (parsed by loadMappings: Mappings.pathway), and wiki user names.

import type { NamedNode } from 'n3';
import type { PathwayIriKind, PathwayMappings } from '../mappingFiles.js';
import { safeNamedNode } from './safeIri.js';

export type { PathwayIriKind, PathwayMappings } from '../mappingFiles.js';

/** The IRI of `id` in one of these forms, or undefined when `id` does not match the form's pattern. */
export function pathwayIri(m: PathwayMappings, kind: PathwayIriKind, id: string): NamedNode | undefined {
  const rule = m.iris[kind];
  return rule.pattern.test(id) ? safeNamedNode(rule.template.replace('{id}', id)) : undefined;
}

/**
 * A wiki user name as the wiki names the user page, which is what GPML2RDF's User IRIs hold:
 * spaces as underscores (`Conroy lipids` → `Conroy_lipids`), the first letter upper-case.
 */
export function userName(author: string): string {
  return author
    .trim()
    .replace(/\s+/g, '_')
    .replace(/^./u, (first) => first.toUpperCase());
}
