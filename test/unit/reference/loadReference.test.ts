import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import { loadReference } from '../../../src/reference/loadReference.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference', 'dir');

describe('loadReference', () => {
  it('loads every table of the folder, plain or gzipped, with their versions', async () => {
    const reference = await loadReference(DIR, loadMappings());
    expect(reference.dir).toBe(DIR);
    expect(reference.hgnc.bySymbol.get('CACNB3')?.id).toBe('1403');
    expect(Object.keys(reference.ontologies)).toEqual(['PW', 'DOID', 'CL']);
    expect(reference.ontologies.DOID.terms.get('DOID:9452')?.name).toBe('fatty liver disease');
    expect(reference.ontologies.DOID.newerLabels?.entries.length).toBe(2);
    expect(reference.ontologies.CL.newerLabels).toBeUndefined();
    expect(reference.organisms.taxonFor('Homo sapiens')).toBe('9606');
    expect(reference.organisms.taxonFor('Triticum aestivum')).toBe('4565');
    expect(reference.schemaContext.document).toHaveProperty('@context');
    expect(Object.keys(reference.versions)).toEqual([
      'hgnc',
      'PW',
      'DOID',
      'CL',
      'organisms',
      'schemaContext',
      'DOID.newerLabels',
    ]);
    expect(reference.versions.hgnc).toBe('2024-01-02');
    expect(reference.versions.PW).toBe('9.99');
    expect(reference.versions.DOID).toBe('releases/2024-01-31/doid.obo');
    expect(reference.versions.CL).toBe('cl/releases/2022-11-25/cl-basic.owl');
  });

  it('names the missing file and the --reference flag', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pathway-kg-ref-'));
    try {
      await cp(DIR, dir, { recursive: true });
      await rm(path.join(dir, 'ontology', 'cl-basic.obo'));
      await expect(loadReference(dir, loadMappings())).rejects.toMatchObject({
        code: 'REFERENCE_MISSING',
        message: `Reference file ontology/cl-basic.obo (or ontology/cl-basic.obo.gz) not found in ${dir}; point --reference at a folder laid out like ../shared/data/reference`,
        file: path.join(dir, 'ontology', 'cl-basic.obo'),
        key: '--reference',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
