import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadHgnc, multi, parseHgnc } from '../../../../src/reference/hgnc.js';
import { PipelineError } from '../../../../src/errors.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt');

function catchError(fn: () => unknown): PipelineError {
  try {
    fn();
  } catch (error) {
    return error as PipelineError;
  }
  throw new Error('expected an error');
}

describe('loadHgnc', () => {
  it('reads every row and the newest date_modified as version', async () => {
    const table = await loadHgnc(FIXTURE);
    expect(table.records).toHaveLength(24);
    expect(table.version).toBe('2024-10-18');
    expect(table.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps the numeric part of the HGNC id and the columns of a record', async () => {
    const table = await loadHgnc(FIXTURE);
    const r = table.byId.get('1403')!;
    expect(r).toMatchObject({
      id: '1403',
      symbol: 'CACNB3',
      name: 'calcium voltage-gated channel auxiliary subunit beta 3',
      locusGroup: 'protein-coding gene',
      locusType: 'gene with protein product',
      prevSymbols: ['CACNLB3'],
      aliasSymbols: [],
      prevNames: ['calcium channel, voltage-dependent, beta 3 subunit'],
      geneGroups: ['904', '1515'],
      ensembl: 'ENSG00000167535',
      entrez: '784',
      uniprot: ['P54284'],
    });
  });

  it('splits quoted multi-valued cells on |', async () => {
    const table = await loadHgnc(FIXTURE);
    expect(table.bySymbol.get('AKT1')!.aliasSymbols).toEqual(['RAC', 'PKB', 'PRKBA', 'AKT']);
    expect(multi('"NCRNA00181|A1BGAS|A1BG-AS"')).toEqual(['NCRNA00181', 'A1BGAS', 'A1BG-AS']);
    expect(multi('FLJ23569')).toEqual(['FLJ23569']);
    expect(multi('')).toEqual([]);
  });

  it('indexes symbols, previous and alias symbols, Ensembl, NCBI Gene and UniProt ids', async () => {
    const table = await loadHgnc(FIXTURE);
    const symbols = (list: { symbol: string }[] | undefined) => (list ?? []).map((r) => r.symbol);
    expect(table.bySymbol.get('CTSK')!.id).toBe('2536');
    expect(symbols(table.byPrevSymbol.get('CTSO'))).toEqual(['CTSK']);
    expect(symbols(table.byAliasSymbol.get('p38'))).toEqual(['MAPK14', 'AIMP2']);
    expect(symbols(table.byEnsembl.get('ENSG00000182389'))).toEqual(['CACNB4']);
    expect(symbols(table.byEntrez.get('10000'))).toEqual(['AKT3']);
    expect(symbols(table.byUniprot.get('P55081'))).toEqual(['MFAP1', 'FAKE1']);
  });

  it('leaves out empty ids', async () => {
    const table = await loadHgnc(FIXTURE);
    const fake = table.bySymbol.get('FAKE1')!;
    expect(fake.ensembl).toBeUndefined();
    expect(fake.entrez).toBeUndefined();
    expect(table.bySymbol.get('MIR181A2')!.uniprot).toEqual([]);
  });

  it('reads the same table from a gzipped copy (told by its magic bytes, not its name)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hgnc-'));
    const gz = path.join(dir, 'hgnc_complete_set.txt');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const plain = await loadHgnc(FIXTURE);
    const zipped = await loadHgnc(gz);
    expect(zipped.records).toEqual(plain.records);
    expect(zipped.version).toBe(plain.version);
  });

  it('reports a missing column, a broken row and a table without rows', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const noUniprot = text.replace('uniprot_ids', 'uniprot');
    const e1 = catchError(() => parseHgnc(noUniprot, 'h.txt'));
    expect(e1.code).toBe('REFERENCE_INVALID');
    expect(e1.message).toBe('HGNC file has no "uniprot_ids" column');
    expect(e1.line).toBe(1);

    const broken = text.replace('HGNC:1404\t', '1404\t');
    const e2 = catchError(() => parseHgnc(broken, 'h.txt'));
    expect(e2.message).toBe(
      'Expected an HGNC:<number> id and a symbol, got "1404\\tCACNB4\\tcalcium voltage-gated channel auxiliary subunit "',
    );
    expect(e2.line).toBe(3);

    const e3 = catchError(() => parseHgnc(text.split('\n')[0]! + '\n', 'h.txt'));
    expect(e3.message).toBe('HGNC file has a header but no rows');
  });

  it('reports a missing file as REFERENCE_MISSING', async () => {
    await expect(loadHgnc('/nonexistent/hgnc.txt')).rejects.toMatchObject({ code: 'REFERENCE_MISSING' });
  });
});
