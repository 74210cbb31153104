// mappings/pathway.json: the IRI forms of authors, curation tags and revision pages, and the community → tag table.

import type { NamedNode } from 'n3';
import { PipelineError } from '../errors.js';
import { parsedMappingFile, type IriRule, type Mappings } from '../mappings.js';
import { safeNamedNode } from './safeIri.js';

export type PathwayIriKind = 'user' | 'curation' | 'page.rev';
const KINDS: readonly PathwayIriKind[] = ['user', 'curation', 'page.rev'];

export interface PathwayMappings {
  iris: Record<PathwayIriKind, IriRule>;
  /** Community name as pages write it → curation tag. */
  curationTags: ReadonlyMap<string, string>;
}

const cache = new WeakMap<Mappings, PathwayMappings>();

/** Read once per Mappings object, from the text loaded with the other mapping files (it counts toward their version). */
export function pathwayMappings(mappings: Mappings): PathwayMappings {
  return parsedMappingFile(cache, mappings, 'pathway.json', parsePathwayMappings);
}

export function parsePathwayMappings(text: string, file: string): PathwayMappings {
  const fail = (message: string, key: string): PipelineError => new PipelineError('MAPPING_INVALID', message, { file, key });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, { file, cause });
  }
  const object = (value: unknown, key: string): Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`Expected "${key}" to be an object`, key);
    return value as Record<string, unknown>;
  };
  const top = object(raw, '(file)');
  const rawIris = object(top.iris, 'iris');
  const iris = {} as Record<PathwayIriKind, IriRule>;
  for (const kind of KINDS) {
    const rule = rawIris[kind] as { template?: unknown; pattern?: unknown } | undefined;
    if (typeof rule?.template !== 'string' || !rule.template.includes('{id}') || typeof rule.pattern !== 'string') {
      throw fail(`Expected iris.${kind} to have a string template holding {id} and a string pattern`, `iris.${kind}`);
    }
    iris[kind] = { template: rule.template, pattern: new RegExp(rule.pattern) };
  }
  const curationTags = new Map<string, string>();
  for (const [community, tag] of Object.entries(object(top.curationTags, 'curationTags'))) {
    if (typeof tag !== 'string' || !iris.curation.pattern.test(tag)) throw fail(`Expected curation tag of "${community}" to match ${iris.curation.pattern}, got ${JSON.stringify(tag)}`, `curationTags.${community}`);
    curationTags.set(community, tag);
  }
  return { iris, curationTags };
}

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
  return author.trim().replace(/\s+/g, '_').replace(/^./u, (first) => first.toUpperCase());
}
