// Where the shared corpus and reference data are, and a describe() that skips loudly without them.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `PATHWAY_KG_SHARED_DATA` points elsewhere; the default is ../shared/data beside the project. */
export const SHARED_DATA = path.resolve(
  process.env.PATHWAY_KG_SHARED_DATA ?? path.join(PROJECT_ROOT, '..', 'shared', 'data'),
);

export const CORPUS = {
  pages2022: path.join(SHARED_DATA, 'wikipathways', 'pages'),
  datanodes2022: path.join(SHARED_DATA, 'wikipathways', 'datanodes'),
  info2022: path.join(SHARED_DATA, 'wikipathways', 'info'),
  pagesCurrent: path.join(SHARED_DATA, 'wikipathways', 'current', 'pages'),
  datanodesCurrent: path.join(SHARED_DATA, 'wikipathways', 'current', 'datanodes'),
  reference: path.join(SHARED_DATA, 'reference'),
};

export const hasCorpus = existsSync(CORPUS.pages2022) && existsSync(CORPUS.reference);

/**
 * describe() for tests that read the shared corpus. Without it they are skipped with a warning on
 * stderr; under CI (CI=true) a missing corpus is an error, since CI always has it.
 */
export function describeCorpus(name: string, fn: () => void): void {
  if (hasCorpus) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true')
    throw new Error(`Shared corpus not found at ${SHARED_DATA} (set PATHWAY_KG_SHARED_DATA); CI must have it`);
  process.stderr.write(
    `\n*** SKIPPED "${name}": shared corpus not found at ${SHARED_DATA} (set PATHWAY_KG_SHARED_DATA) ***\n\n`,
  );
  describe.skip(name, fn);
}
