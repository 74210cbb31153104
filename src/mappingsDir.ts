// Where the package's own mapping tables are: a leaf, so that a run can fingerprint them without loading the RDF
// libraries mappings.ts needs.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mappings/ of this package, found from the compiled or the source file alike. */
export const DEFAULT_MAPPINGS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []), 'mappings');
