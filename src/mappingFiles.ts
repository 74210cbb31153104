// The mapping files loadMappings reads beside prefixes, IRI rules and organisms, parsed into typed data.
//
// A leaf module: mappings.ts and the transform both import it, it imports neither.

import { PipelineError } from './errors.js';

export interface IriRule {
  template: string;
  pattern: RegExp;
}

/** Short licence name -> licence IRI (mappings/licenses.json). */
export type Licenses = Readonly<Record<string, string>>;

/** mappings/licenses.json: short licence name -> licence IRI. */
export function parseLicenses(text: string, file: string): Licenses {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Cannot read licences: ${(cause as Error).message}`, { file, cause });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new PipelineError('MAPPING_INVALID', 'Expected an object of licence name -> IRI', { file });
  const out: Record<string, string> = {};
  for (const [name, iri] of Object.entries(raw)) {
    if (name.startsWith('$')) continue;
    if (typeof iri !== 'string' || !/^https?:\/\/[^\s<>"{}|^`\\]+$/.test(iri)) {
      throw new PipelineError(
        'MAPPING_INVALID',
        `Expected licence "${name}" to map to an http(s) IRI, got ${JSON.stringify(iri)}`,
        { file, key: name },
      );
    }
    out[name] = iri;
  }
  return out;
}

// ---- mappings/query-prefixes.json: the prefixes the public WikiPathways endpoint predefines beyond prefixes.json ----

/**
 * prefixes.json and query-prefixes.json together, as the public WikiPathways endpoint predefines them
 * (`gpml:`, `fn:`, `cur:` beside `wp:`, `dc:` …). A name in both files must name the same namespace.
 */
export function parseQueryPrefixes(
  text: string,
  file: string,
  prefixes: Readonly<Record<string, string>>,
): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Cannot read ${file}: ${(cause as Error).message}`, { file, cause });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new PipelineError('MAPPING_INVALID', 'Expected an object of prefix -> namespace', { file });
  const out: Record<string, string> = { ...prefixes };
  for (const [name, ns] of Object.entries(raw)) {
    if (name.startsWith('$')) continue;
    // A namespace may end in any character here (cur: ends in `Curation:`), but must be an absolute http(s) IRI.
    if (typeof ns !== 'string' || !/^https?:\/\/[^\s<>"{}|^`\\]+$/.test(ns)) {
      throw new PipelineError(
        'MAPPING_INVALID',
        `Expected prefix "${name}" to map to an http(s) namespace, got ${JSON.stringify(ns)}`,
        { file, key: name },
      );
    }
    const mapped = prefixes[name];
    if (mapped !== undefined && mapped !== ns) {
      throw new PipelineError('MAPPING_INVALID', `Prefix "${name}" is ${mapped} in prefixes.json and ${ns} here`, {
        file,
        key: name,
      });
    }
    out[name] = ns;
  }
  return out;
}

// ---- mappings/pathway.json: the IRI forms of authors, curation tags and revision pages, and the community → tag table
// ----

export type PathwayIriKind = 'user' | 'curation' | 'page.rev';
const KINDS: readonly PathwayIriKind[] = ['user', 'curation', 'page.rev'];

export interface PathwayMappings {
  iris: Record<PathwayIriKind, IriRule>;
  /** Community name as pages write it → curation tag. */
  curationTags: ReadonlyMap<string, string>;
}

export function parsePathwayMappings(text: string, file: string): PathwayMappings {
  const fail = (message: string, key: string): PipelineError =>
    new PipelineError('MAPPING_INVALID', message, { file, key });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Invalid JSON: ${(cause as Error).message}`, { file, cause });
  }
  const object = (value: unknown, key: string): Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw fail(`Expected "${key}" to be an object`, key);
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
    if (typeof tag !== 'string' || !iris.curation.pattern.test(tag))
      throw fail(
        `Expected curation tag of "${community}" to match ${iris.curation.pattern}, got ${JSON.stringify(tag)}`,
        `curationTags.${community}`,
      );
    curationTags.set(community, tag);
  }
  return { iris, curationTags };
}
