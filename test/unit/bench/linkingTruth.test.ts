// The linking benchmark judges every link: one truth rule per kind of row (bench/linkingTruth.ts).

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  approvedName,
  approvedSymbol,
  judge,
  keywordTruthOf,
  labelTruth,
  LabelEvidence,
  rowTruth,
  SELF_CONTRADICTION,
  type RowTruth,
  type Truth,
} from '../../../bench/linkingTruth.js';
import { distinctRows, emptyTally, scoreRowLinks, type PageTables } from '../../../bench/linkingAll.js';
import { loadHgnc, type HgncRecord, type HgncTable } from '../../../src/reference/hgnc.js';
import type { Participant } from '../../../src/transform/participants/model.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

let hgnc: HgncTable;
let CACNB3: HgncRecord;
let MAPK14: HgncRecord;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
  CACNB3 = hgnc.bySymbol.get('CACNB3')!;
  MAPK14 = hgnc.bySymbol.get('MAPK14')!;
});

// Every id is well formed here but `malformed`.
const validId = (_system: string, id: string): boolean => id !== 'malformed';

let line = 1;
function row(
  label: string,
  type: string,
  primary?: { system: string; id: string },
  ids: Participant['ids'] = {},
): Participant {
  const p: Participant = { label, type, ids: { ...ids }, origin: { kind: 'table', line: ++line } };
  if (primary !== undefined) {
    p.primary = primary;
    p.ids[primary.system] = [...(p.ids[primary.system] ?? []), primary.id];
  }
  return p;
}

function show(t: RowTruth): string {
  if (t.kind === 'label') return t.otherwise === undefined ? 'label' : `label, else no gene by ${t.otherwise}`;
  if (t.kind === 'unjudged') return `unjudged: ${t.why}`;
  if (t.kind === 'genes') return `genes ${t.records.map((r) => r.symbol).join('/')} by ${t.by}`;
  return t.kind === 'gene' ? `gene ${t.record.symbol} by ${t.by}` : `no gene by ${t.by}`;
}

describe('the truth of a table row', () => {
  it('is the record its own ids name, whatever the label says', () => {
    expect(show(rowTruth(row('CACNB', 'GeneProduct', { system: 'ncbigene', id: '784' }), hgnc, validId))).toBe(
      'gene CACNB3 by own ids',
    );
    expect(show(rowTruth(row('x', 'Protein', { system: 'uniprot', id: 'P54284-2' }), hgnc, validId))).toBe(
      'gene CACNB3 by own ids',
    );
  });

  it("is unjudged when its label is another gene's approved symbol that HGNC never gives the named gene", async () => {
    const genes = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'bench', 'hgnc_contradiction.txt'));
    // FZD4 carrying SFRP4's ids: a copied box relabelled, or the wrong ids pasted; nothing says which.
    const fzd4 = row('FZD4', 'GeneProduct', { system: 'ncbigene', id: '6424' });
    expect(show(rowTruth(fzd4, genes, validId))).toBe(`unjudged: ${SELF_CONTRADICTION}`);
    // Through UniProt too, and with a product word after the symbol.
    const protein = row('FZD4 protein', 'Protein', { system: 'uniprot', id: 'Q6FHJ7' });
    expect(show(rowTruth(protein, genes, validId))).toBe(`unjudged: ${SELF_CONTRADICTION}`);
    // PDK1 is an approved symbol and also PDPK1's alias: with PDPK1's ids the row is consistent.
    const pdk1 = row('PDK1', 'GeneProduct', { system: 'ncbigene', id: '5170' });
    expect(show(rowTruth(pdk1, genes, validId))).toBe('gene PDPK1 by own ids');
    // The label names the record its ids name: no contradiction.
    expect(show(rowTruth(row('FZD4', 'GeneProduct', { system: 'ncbigene', id: '8322' }), genes, validId))).toBe(
      'gene FZD4 by own ids',
    );
  });

  it('leaves a keyword to its other rows when one contradicts itself, unjudged when none is left', async () => {
    const genes = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'bench', 'hgnc_contradiction.txt'));
    const e = new LabelEvidence();
    const bad = rowTruth(row('FZD4', 'GeneProduct', { system: 'ncbigene', id: '6424' }), genes, validId);
    const good = rowTruth(row('FZD4', 'GeneProduct', { system: 'ncbigene', id: '8322' }), genes, validId);
    expect(show(keywordTruthOf([bad, good], 'FZD4', 'WP1', genes, e))).toBe('gene FZD4 by page rows (own ids)');
    const alone = keywordTruthOf([bad], 'FZD4', 'WP1', genes, e);
    expect(show(alone)).toBe(`unjudged: ${SELF_CONTRADICTION}`);
    expect(judge(genes.bySymbol.get('FZD4')!, alone)).toBe('unjudged');
    expect(judge(genes.bySymbol.get('SFRP4')!, alone)).toBe('unjudged');
    // Such a row teaches other pathways nothing about the label.
    e.add('WP2', row('FZD4', 'GeneProduct', { system: 'ncbigene', id: '6424' }), bad);
    expect(e.sense('FZD4', 'WP1')).toBeUndefined();
  });

  it('is any of the records when its ids name several', () => {
    const both = row('x', 'GeneProduct', { system: 'ensembl', id: 'ENSG00000167535' }, { ncbigene: ['1432'] });
    expect(show(rowTruth(both, hgnc, validId))).toBe('genes CACNB3/MAPK14 by own ids, several records');
  });

  it('is "no gene" for the types that say so, even with a gene symbol as label and no id', () => {
    for (const type of ['Metabolite', 'Complex', 'Pathway', 'Event'])
      expect(show(rowTruth(row('MAPK14', type), hgnc, validId)), type).toBe('no gene by type');
  });

  it('is "no gene" for an own id of a chemical or a pathway, and of another organism', () => {
    expect(show(rowTruth(row('MAPK14', 'GeneProduct', { system: 'chebi', id: 'CHEBI:1' }), hgnc, validId))).toBe(
      'no gene by non-gene id',
    );
    expect(show(rowTruth(row('PI3K', 'GeneProduct', { system: 'wikipathways', id: 'WP5472' }), hgnc, validId))).toBe(
      'no gene by non-gene id',
    );
    expect(show(rowTruth(row('CACNB3', 'GeneProduct', { system: 'mgi', id: 'MGI:98487' }), hgnc, validId))).toBe(
      "no gene by another organism's id",
    );
    expect(
      show(rowTruth(row('CACNB3', 'GeneProduct', { system: 'ensembl', id: 'ENSMUSG00000003352' }), hgnc, validId)),
    ).toBe("no gene by another organism's id");
    expect(show(rowTruth(row('MAPK14', 'Protein', { system: 'refseq', id: 'YP_009725299.1' }), hgnc, validId))).toBe(
      "no gene by another organism's id",
    );
  });

  it('with an own id HGNC does not list, is the approved symbol its label is, else the label, else "no gene" (a viral protein)', () => {
    expect(show(rowTruth(row('MAPK14', 'Protein', { system: 'uniprot', id: 'A0A024RD15' }), hgnc, validId))).toBe(
      'gene MAPK14 by id HGNC does not list',
    );
    expect(show(rowTruth(row('MAPK14 mRNA', 'Rna', { system: 'ensembl', id: 'ENST00000229795' }), hgnc, validId))).toBe(
      'gene MAPK14 by id HGNC does not list',
    );
    // A human Ensembl id by its form (a transcript, a protein, a retired gene, an LRG) that HGNC does not list
    // denies nothing: the label alone decides, never "no gene".
    for (const id of ['ENST00000579755', 'ENSP00000374357', 'ENSG00000274267', 'LRG_482'])
      expect(show(rowTruth(row('p38', 'Rna', { system: 'ensembl', id }), hgnc, validId)), id).toBe('label');
    // A mouse Ensembl id is another organism's, as before.
    expect(show(rowTruth(row('p38', 'Protein', { system: 'ensembl', id: 'ENSMUSG00000053436' }), hgnc, validId))).toBe(
      "no gene by another organism's id",
    );
    // The approved name written exactly but for case is as official as the symbol (TrEMBL `Annexin A2`).
    const named = row('Calcium voltage-gated channel auxiliary subunit beta 3', 'Protein', {
      system: 'uniprot',
      id: 'A0A024RD16',
    });
    expect(show(rowTruth(named, hgnc, validId))).toBe('gene CACNB3 by id HGNC does not list');
    expect(approvedName('calcium voltage-gated channel auxiliary subunit beta', hgnc)).toBeUndefined();
    const viral = row('NS1', 'Protein', { system: 'uniprot', id: 'P03496' });
    expect(show(rowTruth(viral, hgnc, validId))).toBe('label, else no gene by id HGNC does not list');
    const t = rowTruth(viral, hgnc, validId);
    const otherwise = t.kind === 'label' ? t.otherwise : undefined;
    expect(show(labelTruth('NS1', 'WP1', hgnc, new LabelEvidence(), otherwise))).toBe(
      'no gene by id HGNC does not list',
    );
    // Other pathways' rows that name the label's gene by their ids read it (a TrEMBL accession of a human gene).
    const e = new LabelEvidence();
    const elsewhere = row('p38', 'Protein', { system: 'ncbigene', id: '1432' });
    e.add('WP2', elsewhere, rowTruth(elsewhere, hgnc, validId));
    expect(show(labelTruth('p38', 'WP1', hgnc, e, otherwise))).toBe('gene MAPK14 by other tables');
  });

  it("leaves to the label a row with no id, a malformed one, or one that names no organism's product", () => {
    expect(show(rowTruth(row('p38', 'Protein'), hgnc, validId))).toBe('label');
    expect(show(rowTruth(row('p38', 'Protein', { system: 'uniprot', id: 'malformed' }), hgnc, validId))).toBe('label');
    expect(show(rowTruth(row('p38', 'GeneProduct', { system: 'reactome', id: 'R-HSA-1' }), hgnc, validId))).toBe(
      'label',
    );
    expect(show(rowTruth(row('p38', 'Unknown'), hgnc, validId))).toBe('label');
    // HGNC's table does not index RefSeq, Wikidata or miRBase ids: it can neither confirm nor deny them.
    expect(show(rowTruth(row('miR-17', 'Rna', { system: 'mirbase', id: 'MI0000071' }), hgnc, validId))).toBe('label');
    expect(show(rowTruth(row('p38', 'Protein', { system: 'wikidata', id: 'Q1' }), hgnc, validId))).toBe('label');
  });
});

describe('the truth of a label alone', () => {
  function evidence(rows: [string, Participant][]): LabelEvidence {
    const e = new LabelEvidence();
    for (const [wpid, r] of rows) e.add(wpid, r, rowTruth(r, hgnc, validId));
    return e;
  }

  it('is the approved symbol written exactly (a residue range or a product word aside)', () => {
    expect(approvedSymbol('MAPK14', hgnc)?.symbol).toBe('MAPK14');
    expect(approvedSymbol('MAPK14(1-?)', hgnc)?.symbol).toBe('MAPK14');
    expect(approvedSymbol('MAPK14(?-?)', hgnc)?.symbol).toBe('MAPK14');
    expect(approvedSymbol('MAPK14 gene', hgnc)?.symbol).toBe('MAPK14');
    expect(approvedSymbol('Mapk14', hgnc)).toBeUndefined();
    expect(approvedSymbol('MAPK14 dimer', hgnc)).toBeUndefined();
    expect(show(labelTruth('MAPK14', 'WP1', hgnc, evidence([])))).toBe('gene MAPK14 by approved symbol');
  });

  it("is what other pathways' rows say by their ids, never the page's own", () => {
    const e = evidence([
      ['WP2', row('p38', 'Protein', { system: 'ncbigene', id: '1432' })],
      ['WP3', row('cAMP', 'Metabolite')],
    ]);
    expect(show(labelTruth('p38', 'WP1', hgnc, e))).toBe('gene MAPK14 by other tables');
    expect(show(labelTruth('p38', 'WP2', hgnc, e))).toBe('unjudged: no identifier, no approved symbol, no other table');
    expect(show(labelTruth('cAMP', 'WP1', hgnc, e))).toBe('no gene by other tables');
  });

  it('is unjudged when the readings disagree, and counted so', () => {
    const e = evidence([
      ['WP2', row('MAPK14', 'Metabolite')],
      ['WP3', row('p38', 'Protein', { system: 'ncbigene', id: '1432' })],
      ['WP4', row('p38', 'Protein', { system: 'ncbigene', id: '784' })],
    ]);
    expect(show(labelTruth('MAPK14', 'WP1', hgnc, e))).toBe(
      "unjudged: approved symbol and other pathways' tables disagree",
    );
    expect(show(labelTruth('p38', 'WP1', hgnc, e))).toBe("unjudged: other pathways' tables disagree");
  });
});

describe('the truth of a keyword', () => {
  const e = new LabelEvidence();
  it('is what its page rows say, a row of a non-gene type included', () => {
    const t = (rows: Participant[]): string =>
      show(
        keywordTruthOf(
          rows.map((r) => rowTruth(r, hgnc, validId)),
          rows[0]?.label ?? 'MAPK14',
          'WP1',
          hgnc,
          e,
        ),
      );
    expect(t([row('SUMO1:C93-UBE2I', 'Complex', { system: 'reactome', id: 'R-HSA-1' })])).toBe(
      'no gene by page rows (type)',
    );
    expect(t([row('x', 'Protein', { system: 'ncbigene', id: '1432' })])).toBe('gene MAPK14 by page rows (own ids)');
    expect(t([row('x', 'Protein', { system: 'ncbigene', id: '1432' }), row('x', 'Metabolite')])).toBe(
      'unjudged: the page rows with this label disagree',
    );
    expect(t([])).toBe('gene MAPK14 by approved symbol');
  });

  it("is the label alone when its page row is another organism's gene (a human page drawn with mouse ids)", () => {
    const t = (rows: Participant[]): string =>
      show(
        keywordTruthOf(
          rows.map((r) => rowTruth(r, hgnc, validId)),
          rows[0]!.label,
          'WP1',
          hgnc,
          e,
        ),
      );
    expect(t([row('MAPK14', 'GeneProduct', { system: 'mgi', id: 'MGI:1346865' })])).toBe(
      'gene MAPK14 by approved symbol',
    );
    expect(t([row('Mapk14', 'GeneProduct', { system: 'mgi', id: 'MGI:1346865' })])).toBe(
      'unjudged: no identifier, no approved symbol, no other table',
    );
  });
});

describe('judging a link', () => {
  it('is right only on the truth\'s record, wrong on "no gene", and unjudged when the truth is', () => {
    const gene: Truth = { kind: 'gene', record: MAPK14, by: 'own ids' };
    expect(judge(MAPK14, gene)).toBe('right');
    expect(judge(CACNB3, gene)).toBe('wrong');
    expect(judge(MAPK14, { kind: 'no gene', by: 'type' })).toBe('wrong');
    expect(judge(MAPK14, { kind: 'genes', records: [CACNB3, MAPK14], by: 'own ids, several records' })).toBe('right');
    expect(judge(MAPK14, { kind: 'unjudged', why: 'x' })).toBe('unjudged');
  });

  it('counts every link of a table, and groups the wrong ones with an example line', () => {
    const rows = [
      row('NS1', 'Protein', { system: 'uniprot', id: 'P03496' }),
      row('NS1', 'Protein', { system: 'uniprot', id: 'P03496' }),
      row('MAPK14', 'Protein'),
      row('x', 'Metabolite'),
    ];
    rows[1]!.origin = rows[0]!.origin; // a repeated row: one participant
    const distinct = distinctRows(rows);
    expect(distinct).toHaveLength(3);
    const page: PageTables = {
      wpid: 'WP1',
      pageFile: 'WP1.md',
      tableFile: 'WP1-datanodes.tsv',
      rows: distinct,
      rowTruths: [],
    };
    const t = emptyTally();
    const linked = [
      { kind: 'linked' as const, record: CACNB3, via: 'previous symbol' },
      { kind: 'linked' as const, record: MAPK14, via: 'symbol' },
      undefined,
    ];
    scoreRowLinks(t, page, distinct, linked, hgnc, new LabelEvidence(), (r) => rowTruth(r, hgnc, validId));
    expect([t.links, t.right, t.wrong, t.unjudged]).toEqual([2, 1, 1, 0]);
    expect([...t.wrongLinks]).toEqual([
      [
        'NS1 → CACNB3 (truth: no gene by id HGNC does not list; previous symbol)',
        { n: 1, example: `WP1-datanodes.tsv:${rows[0]!.origin.kind === 'table' ? rows[0]!.origin.line : 0}` },
      ],
    ]);
  });
});
