import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOrganisms, organismKey } from '../../../src/reference/organisms.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference');

describe('loadOrganisms', () => {
  it('maps genus and species to the taxon id, trimming stray spaces in cells', async () => {
    const organisms = await loadOrganisms(path.join(FIXTURES, 'organisms.tsv'), new Map());
    expect(organisms.taxonFor('Homo sapiens')).toBe('9606');
    expect(organisms.taxonFor('Aspergillus nidulans')).toBe('162425');
    expect(organisms.taxonFor('Triticum aestivum')).toBeUndefined();
    expect(organisms.size).toBe(4);
  });

  it('matches case-insensitively and with whitespace collapsed', async () => {
    const organisms = await loadOrganisms(path.join(FIXTURES, 'organisms.tsv'), new Map());
    expect(organisms.taxonFor('  canis   FAMILIARIS ')).toBe('9615');
    expect(organisms.taxonFor('homo\tsapiens')).toBe('9606');
    expect(organismKey(' Homo \n Sapiens ')).toBe('homo sapiens');
  });

  it('lets additions from mappings win over the table and add missing organisms', async () => {
    const additions = new Map([
      ['Gadus morhua', '8049'],
      ['Triticum aestivum', '4565'],
    ]);
    const organisms = await loadOrganisms(path.join(FIXTURES, 'organisms.tsv'), additions);
    expect(organisms.taxonFor('Gadus morhua')).toBe('8049');
    expect(organisms.taxonFor('triticum aestivum')).toBe('4565');
  });

  it('changes its version when the additions change', async () => {
    const file = path.join(FIXTURES, 'organisms.tsv');
    const a = await loadOrganisms(file, new Map());
    const b = await loadOrganisms(file, new Map([['Gadus morhua', '8049']]));
    expect(a.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(b.version).not.toBe(a.version);
  });

  it('reports a row without a numeric taxon id as REFERENCE_INVALID with its line', async () => {
    const file = path.join(FIXTURES, 'organisms-bad.tsv');
    await expect(loadOrganisms(file, new Map())).rejects.toMatchObject({
      code: 'REFERENCE_INVALID',
      message: 'Expected genus, species and a numeric ncbi id, got "Homo\\tsapiens\\tHuman\\tHs\\tnine"',
      file,
      line: 2,
    });
  });
});
