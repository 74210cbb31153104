// GENE_LABEL_MISMATCH: a table row whose label is the approved symbol of a gene other than the one its identifiers
// name.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { labelMismatchWarning, labelNamesOtherGene } from '../../../../src/transform/participants/warnings.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_rules.txt'));
});

const record = (symbol: string) => hgnc.bySymbol.get(symbol)!;

describe('a label that names another gene than the identifiers', () => {
  it('is the approved symbol of another record, spaces trimmed', () => {
    expect(labelNamesOtherGene('LASP1', record('PIK3CA'), hgnc)?.symbol).toBe('LASP1');
    expect(labelNamesOtherGene(' LASP1  ', record('PIK3CA'), hgnc)?.symbol).toBe('LASP1');
    // Any blank, not only a space: tabs, line feeds, no-break spaces.
    expect(labelNamesOtherGene('\u00a0LASP1\t', record('PIK3CA'), hgnc)?.symbol).toBe('LASP1');
    expect(labelNamesOtherGene('LASP1\n', record('PIK3CA'), hgnc)?.symbol).toBe('LASP1');
  });

  it('is not the linked record’s own symbol, previous or alias symbol, nor a label that is no approved symbol', () => {
    expect(labelNamesOtherGene('PIK3CA', record('PIK3CA'), hgnc)).toBeUndefined();
    // GLA is an approved symbol and also an alias of NAT8: a row labelled GLA with NAT8's ids is not contradicted
    expect(labelNamesOtherGene('GLA', record('NAT8'), hgnc)).toBeUndefined();
    expect(labelNamesOtherGene('GLA', record('PIK3CA'), hgnc)?.symbol).toBe('GLA');
    expect(labelNamesOtherGene('PI3K', record('LASP1'), hgnc)).toBeUndefined();
  });

  it('is reported with both records, at the row', () => {
    const w = labelMismatchWarning('LASP1', record('PIK3CA'), record('LASP1'), {
      file: 'WP1-datanodes.tsv',
      line: 7,
      key: 'Label',
    });
    expect([w.code, w.file, w.line, w.key, w.message]).toEqual([
      'GENE_LABEL_MISMATCH',
      'WP1-datanodes.tsv',
      7,
      'Label',
      'Label "LASP1" is the approved symbol of LASP1 (HGNC:6513), but the row\'s identifiers name PIK3CA (HGNC:8975); linked by the identifiers',
    ]);
    expect(w.details).toEqual({
      label: 'LASP1',
      labelNames: { hgnc: '6513', symbol: 'LASP1' },
      identifiersName: { hgnc: '8975', symbol: 'PIK3CA' },
    });
  });
});
