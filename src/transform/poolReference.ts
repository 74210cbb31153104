// The reference tables of a transform pool worker: read from the run's parsed-reference cache (src/reference/cache/)
// when it holds these tables, else parsed from the files as the main thread does.

import type { Mappings } from '../mappings.js';
import { loadReferenceCached } from '../reference/cache/referenceCache.js';
import { loadReference, type Reference } from '../reference/loadReference.js';
import type { PoolInit } from './poolMessages.js';

/**
 * The worker's tables. From the cache (`init.referenceCache`) a worker reads back what the last run parsed, in a
 * fraction of a second, instead of parsing HGNC and the ontologies again (seconds of CPU beside the main thread) and
 * holding all of them built; the tables are the same either way (the cache is used only when made from exactly these
 * inputs). The cache is never written here: the main thread writes it, under the run's lock. A cache that is missing,
 * from other inputs or damaged costs nothing but the parse (the main thread says why).
 */
export async function poolReference(init: PoolInit, mappings: Mappings): Promise<Reference> {
  if (init.referenceCache === undefined) return loadReference(init.reference, mappings);
  return (await loadReferenceCached(init.reference, mappings, init.referenceCache)).reference;
}
