// The prefixes a query may use undeclared: mappings/prefixes.json plus the endpoint's others (query-prefixes.json).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import type { Mappings } from '../mappings.js';

const cache = new WeakMap<Mappings, Record<string, string>>();

/**
 * prefixes.json and query-prefixes.json together, as the public WikiPathways endpoint predefines them
 * (`gpml:`, `fn:`, `cur:` beside `wp:`, `dc:` …). A name in both files must name the same namespace.
 */
export function queryPrefixes(mappings: Mappings): Record<string, string> {
  let found = cache.get(mappings);
  if (found === undefined) cache.set(mappings, (found = { ...mappings.prefixes, ...readQueryPrefixes(mappings) }));
  return found;
}

function readQueryPrefixes(mappings: Mappings): Record<string, string> {
  const file = path.join(mappings.dir, 'query-prefixes.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {}; // optional: prefixes.json alone still works
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
