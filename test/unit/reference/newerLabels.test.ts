import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClSynonymReport, loadHumanDoLabels } from '../../../src/reference/newerLabels.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference');

describe('newer label lists', () => {
  it('reads HumanDO.tsv labels, unquoting cells and doubled quotes', async () => {
    const labels = await loadHumanDoLabels(path.join(FIXTURES, 'HumanDO.tsv'));
    expect(labels.entries).toEqual([
      { id: 'DOID:0060398', text: 'chromosome 16p11.2 deletion syndrome, 220-kb', scope: 'name' },
      { id: 'DOID:9452', text: 'steatotic "liver" disease', scope: 'name' },
    ]);
    expect(labels.version).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it('reads labels and exact synonyms of the CL synonyms report, skipping other scopes and non-OBO classes', async () => {
    const labels = await loadClSynonymReport(path.join(FIXTURES, 'cl_synonyms.tsv'));
    expect(labels.entries).toEqual([
      { id: 'CL:0000328', text: 'myelin accumulating cell', scope: 'name' },
      { id: 'CL:0000653', text: 'glomerular visceral epithelial cell', scope: 'EXACT' },
    ]);
  });

  it('reports a malformed HumanDO row with its line', async () => {
    const file = path.join(FIXTURES, 'organisms.tsv');
    await expect(loadHumanDoLabels(file)).rejects.toMatchObject({ code: 'REFERENCE_INVALID', file, line: 2 });
  });
});
