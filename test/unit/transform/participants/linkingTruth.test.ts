// The linking benchmark's ground truth for a keyword: read from the identifiers of the rows with its label, never the
// label.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keywordTruth, type KeywordTruth } from '../../../../bench/linking.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import type { Participant } from '../../../../src/transform/participants/model.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

let line = 1;
function row(label: string, type: string, ids: Participant['ids'], primary?: Participant['primary']): Participant {
  return { label, type, ids, ...(primary === undefined ? {} : { primary }), origin: { kind: 'table', line: ++line } };
}

function show(t: KeywordTruth): string {
  return t.kind === 'gene' ? `gene ${t.record.symbol}` : t.kind;
}

describe('keyword truth in the linking benchmark', () => {
  it('is the one record the row ids name, Ensembl version and UniProt isoform suffix dropped', () => {
    expect(show(keywordTruth([row('CACNB3', 'GeneProduct', { ensembl: ['ENSG00000167535.9'] })], hgnc))).toBe(
      'gene CACNB3',
    );
    expect(show(keywordTruth([row('CACNB3', 'Protein', { uniprot: ['P54284-2'] })], hgnc))).toBe('gene CACNB3');
  });

  it('follows the identifiers even where they contradict the label', () => {
    expect(show(keywordTruth([row('CACNB4', 'GeneProduct', { ncbigene: ['784'] })], hgnc))).toBe('gene CACNB3');
  });

  it('says "not a gene" for a metabolite with an identifier', () => {
    expect(
      show(
        keywordTruth(
          [row('cAMP', 'Metabolite', { chebi: ['CHEBI:17489'] }, { system: 'chebi', id: 'CHEBI:17489' })],
          hgnc,
        ),
      ),
    ).toBe('not a gene');
  });

  it('finds no single truth where the rows or a row’s ids disagree', () => {
    // Ensembl says one gene, NCBI Gene another
    expect(
      show(keywordTruth([row('X', 'GeneProduct', { ensembl: ['ENSG00000167535'], ncbigene: ['785'] })], hgnc)),
    ).toBe('no single truth');
    // the same label on two rows naming different genes
    expect(
      show(
        keywordTruth(
          [row('X', 'GeneProduct', { ncbigene: ['784'] }), row('X', 'GeneProduct', { ncbigene: ['785'] })],
          hgnc,
        ),
      ),
    ).toBe('no single truth');
    // a gene row beside a metabolite row
    const metabolite = row('X', 'Metabolite', { chebi: ['CHEBI:1'] }, { system: 'chebi', id: 'CHEBI:1' });
    expect(show(keywordTruth([row('X', 'GeneProduct', { ncbigene: ['784'] }), metabolite], hgnc))).toBe(
      'no single truth',
    );
    // a non-gene type whose identifier names a gene
    expect(
      show(keywordTruth([row('X', 'Unknown', { ncbigene: ['784'] }, { system: 'ncbigene', id: '784' })], hgnc)),
    ).toBe('no single truth');
  });

  it('agrees with itself across rows that name the same record', () => {
    expect(
      show(
        keywordTruth(
          [row('X', 'GeneProduct', { ncbigene: ['784'] }), row('X', 'Protein', { uniprot: ['P54284'] })],
          hgnc,
        ),
      ),
    ).toBe('gene CACNB3');
  });

  it('has nothing to say without a usable identifier', () => {
    expect(show(keywordTruth([row('X', 'GeneProduct', { ensembl: ['ENSMUSG00000000001'] })], hgnc))).toBe('none');
    expect(show(keywordTruth([row('X', 'GeneProduct', {})], hgnc))).toBe('none');
    expect(show(keywordTruth([], hgnc))).toBe('none');
  });
});
