// A row with many ids: read in linear time, repeats dropped, row order kept (the set that takes over
// from scanning past 16 ids must give what scanning gives).

import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { parseTable } from '../../../../src/transform/participants/parseTable.js';
import { HEADER_CURRENT } from '../../../support/hostile.js';

const pm = loadMappings().participants;
const row = (ncbi: string, hgnc: string) =>
  `${HEADER_CURRENT}TP53\tGeneProduct\tncbigene:7157\t""\t\t${ncbi}\t${hgnc}${'\t'.repeat(9)}\n`;

describe('a row of many ids', () => {
  it('drops repeats before and after the 16th id, in row order, across columns', () => {
    // 7157 is the Identifier's id; 1..20 then 5, 7157 and 20 again; the HGNC column repeats a symbol.
    const ncbi = [
      ...Array.from({ length: 20 }, (_, i) => `ncbigene:${i + 1}`),
      'ncbigene:5',
      'ncbigene:7157',
      'ncbigene:20',
    ].join(';');
    const [p] = parseTable(
      { file: 't.tsv', text: row(ncbi, 'hgnc.symbol:TP53;hgnc.symbol:TP53;hgnc.symbol:MDM2') },
      pm,
    ).participants;
    expect(p!.ids).toEqual({
      ncbigene: [
        '7157',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
        '11',
        '12',
        '13',
        '14',
        '15',
        '16',
        '17',
        '18',
        '19',
        '20',
      ],
      'hgnc.symbol': ['TP53', 'MDM2'],
    });
  });

  it('reads 150,000 ids in a second or two, not minutes', () => {
    const ncbi = Array.from({ length: 150_000 }, (_, i) => `ncbigene:${1_000_000 + (i % 100_000)}`).join(';');
    const started = Date.now();
    const [p] = parseTable({ file: 't.tsv', text: row(ncbi, '') }, pm).participants;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(p!.ids.ncbigene).toHaveLength(100_001);
    expect(p!.ids.ncbigene!.at(-1)).toBe('1099999');
  });
});
