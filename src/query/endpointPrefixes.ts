// The prefixes a query may use undeclared: mappings/prefixes.json plus the endpoint's others (query-prefixes.json).

import { PipelineError } from '../errors.js';
import { parsedMappingFile, type Mappings } from '../mappings.js';

const cache = new WeakMap<Mappings, Record<string, string>>();

/**
 * prefixes.json and query-prefixes.json together, as the public WikiPathways endpoint predefines them
 * (`gpml:`, `fn:`, `cur:` beside `wp:`, `dc:` …). A name in both files must name the same namespace.
 */
export function queryPrefixes(mappings: Mappings): Record<string, string> {
  // Optional: prefixes.json alone still works.
  if (!mappings.texts.has(NAME)) return mappings.prefixes;
  return parsedMappingFile(cache, mappings, NAME, (text, file) => ({ ...mappings.prefixes, ...parseQueryPrefixes(text, file, mappings) }));
}

const NAME = 'query-prefixes.json';

function parseQueryPrefixes(text: string, file: string, mappings: Mappings): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError('MAPPING_INVALID', `Cannot read ${file}: ${(cause as Error).message}`, { file, cause });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PipelineError('MAPPING_INVALID', 'Expected an object of prefix -> namespace', { file });
  const out: Record<string, string> = {};
  for (const [name, ns] of Object.entries(raw)) {
    if (name.startsWith('$')) continue;
    // A namespace may end in any character here (cur: ends in `Curation:`), but must be an absolute http(s) IRI.
    if (typeof ns !== 'string' || !/^https?:\/\/[^\s<>"{}|^`\\]+$/.test(ns)) {
      throw new PipelineError('MAPPING_INVALID', `Expected prefix "${name}" to map to an http(s) namespace, got ${JSON.stringify(ns)}`, { file, key: name });
    }
    const mapped = mappings.prefixes[name];
    if (mapped !== undefined && mapped !== ns) {
      throw new PipelineError('MAPPING_INVALID', `Prefix "${name}" is ${mapped} in prefixes.json and ${ns} here`, { file, key: name });
    }
    out[name] = ns;
  }
  return out;
}
