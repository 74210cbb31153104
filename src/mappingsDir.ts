// Where the package's own mapping tables are: a leaf, so that a run can fingerprint them without loading the RDF
// libraries mappings.ts needs.

import path from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.js';

/** mappings/ of this package. */
export const DEFAULT_MAPPINGS_DIR = path.join(PACKAGE_ROOT, 'mappings');
