// A row that carries an identifier of its own keeps its node and is never re-linked by its label to a
// human gene it is not (issue 10: influenza NS1 → PTPN11, SARS-CoV-2 S1 → PSMD1, HIV Tat → TAT); placeholder
// labels (`Protein`) are never linked and teach label usage nothing.

import path from 'node:path';
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { UsageCounter } from '../../../../src/transform/participants/labelUsage.js';
import { learnFromTable } from '../../../../src/transform/participants/learnUsage.js';
import type { Participant, ParticipantMappings } from '../../../../src/transform/participants/model.js';
import { participantQuads } from '../../../../src/transform/participants/participantQuads.js';
import { resolveParticipants } from '../../../../src/transform/participants/resolveParticipants.js';
import type { PathwayRecord } from '../../../../src/types.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const mappings = loadMappings();
const pm = mappings.participants;
let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

function row(label: string, type: string, primary?: { system: string; id: string }): Participant {
  const p: Participant = { label, type, ids: {}, origin: { kind: 'table', line: 2 } };
  if (primary !== undefined) {
    p.primary = primary;
    p.ids[primary.system] = [primary.id];
  }
  return p;
}

/** The HGNC symbol the participant is linked to, or what became of it. */
function linkOf(
  p: Participant,
  options: { pm?: ParticipantMappings; usage?: Map<string, { sense: string; pathways: number; of: number }> } = {},
): string {
  const usage = options.usage ?? new Map();
  const [r] = resolveParticipants([p], { hgnc, pm: options.pm ?? pm, human: true, usage: (label) => usage.get(label) });
  const res = r!.resolution!;
  return res.kind === 'linked' ? res.record.symbol : res.kind;
}

describe('a row with an identifier of its own', () => {
  it('is not linked by an alias when its own UniProt id is not in the HGNC table (a viral protein)', () => {
    // Without an identifier the alias links (the rule below is what keeps the viral row off TNFSF11).
    expect(linkOf(row('RANKL', 'Protein'))).toBe('TNFSF11');
    expect(linkOf(row('RANKL', 'Protein', { system: 'uniprot', id: 'P0DTC2' }))).toBe('unresolved');
  });

  it('is linked when that label is exactly an approved symbol (a TrEMBL accession HGNC does not list)', () => {
    expect(linkOf(row('MAPK14', 'Protein', { system: 'uniprot', id: 'A0A024RD15' }))).toBe('MAPK14');
    expect(linkOf(row('mapk14', 'Protein', { system: 'uniprot', id: 'A0A024RD15' }))).toBe('unresolved');
  });

  it("is never linked by its label when its id names another organism's gene or product (MGI, a mouse Ensembl gene, a viral RefSeq protein)", () => {
    expect(linkOf(row('CACNB3', 'GeneProduct'))).toBe('CACNB3');
    expect(linkOf(row('CACNB3', 'GeneProduct', { system: 'mgi', id: 'MGI:98487' }))).toBe('unresolved');
    expect(linkOf(row('CACNB3', 'GeneProduct', { system: 'ensembl', id: 'ENSMUSG00000003352' }))).toBe('unresolved');
    expect(linkOf(row('MAPK14', 'Protein', { system: 'ncbiprotein', id: 'YP_009725297' }))).toBe('unresolved');
    expect(linkOf(row('MAPK14', 'Protein', { system: 'refseq', id: 'YP_009725299.1' }))).toBe('unresolved');
    // A human RefSeq protein with the approved symbol is linked.
    expect(linkOf(row('MAPK14', 'Protein', { system: 'ncbiprotein', id: 'NP_001306.1' }))).toBe('MAPK14');
  });

  it('is linked through a Wikidata id only by an exactly written approved symbol (SARS-CoV-2 S1 is an alias of PSMD1)', () => {
    expect(linkOf(row('MAPK14', 'Protein', { system: 'wikidata', id: 'Q21145902' }))).toBe('MAPK14');
    expect(linkOf(row('RANKL', 'Protein', { system: 'wikidata', id: 'Q106020256' }))).toBe('unresolved');
  });

  it('is linked fully by its label when its own id is malformed (it names no node)', () => {
    expect(linkOf(row('RANKL', 'Protein', { system: 'uniprot', id: 'RANKL_HUMAN' }))).toBe('TNFSF11');
  });

  it('is still linked by its label when its id names a reaction or an enzyme class (Reactome, EC)', () => {
    expect(linkOf(row('MAPK14', 'GeneProduct', { system: 'reactome', id: 'R-HSA-69488' }))).toBe('MAPK14');
    expect(linkOf(row('p38', 'GeneProduct', { system: 'ec-code', id: '2.7.11.24' }))).toBe('ambiguous');
  });

  it('keeps its own node, with no HGNC link, in the pathway', () => {
    const record: PathwayRecord = {
      file: 'WP1.md',
      wpid: 'WP1',
      title: 'T',
      organisms: ['Homo sapiens'],
      authors: [],
      annotations: [],
      keywords: [],
      communities: [],
      citations: [],
      warnings: [],
    };
    const header =
      'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps';
    const text = `${header}\nRANKL\tProtein\twikidata:Q106020256\t""${'\t'.repeat(12)}\n`;
    const out = participantQuads({
      record,
      table: { file: 'WP1-datanodes.tsv', text },
      pathwaySubject: DataFactory.namedNode('https://identifiers.org/wikipathways/WP1'),
      graph: DataFactory.namedNode('https://identifiers.org/wikipathways/WP1'),
      reference: { hgnc },
      mappings,
    });
    const subjects = new Set(out.quads.map((q) => q.subject.value));
    expect([...subjects]).toEqual(['https://identifiers.org/wikidata/Q106020256']);
    expect(out.quads.filter((q) => q.object.value.includes('hgnc'))).toEqual([]);
    expect(out.coverage.linked).toBe(0);
  });
});

describe('placeholder labels', () => {
  const usage = new Map([
    ['Protein', { sense: 'HGNC:391', pathways: 5, of: 6 }],
    ['Ig heavy chain V-III region BRO', { sense: 'HGNC:391', pathways: 5, of: 6 }],
  ]);

  it('are never linked, even when label usage names a gene for them', () => {
    expect(linkOf(row('Ig heavy chain V-III region BRO', 'GeneProduct'), { usage })).toBe('AKT1');
    expect(linkOf(row('Protein', 'GeneProduct'), { usage })).toBe('unresolved');
    expect(linkOf(row('protein', 'Protein'), { usage })).toBe('unresolved');
    // The same participant with the placeholder list emptied is linked: the list is what stops it.
    expect(linkOf(row('Protein', 'GeneProduct'), { usage, pm: { ...pm, placeholderLabels: new Set() } })).toBe('AKT1');
  });

  it('teach label usage nothing', () => {
    const rows = [
      row('Protein', 'GeneProduct', { system: 'ncbigene', id: '207' }),
      row('AKT', 'GeneProduct', { system: 'ncbigene', id: '207' }),
    ];
    const counter = new UsageCounter();
    learnFromTable(counter, 'WP1', rows, hgnc, pm);
    expect(counter.verdict('AKT')).toEqual({ sense: 'HGNC:391', pathways: 1, of: 1 });
    expect(counter.verdict('Protein')).toBeUndefined();
  });

  it('rows named by a Reactome id (a complex) say "not a gene" only as weakly as a type: never against gene rows', () => {
    const counter = new UsageCounter();
    learnFromTable(counter, 'WP1', [row('AKT', 'Complex', { system: 'reactome', id: 'R-HSA-1' })], hgnc, pm);
    learnFromTable(counter, 'WP2', [row('AKT', 'GeneProduct', { system: 'ncbigene', id: '207' })], hgnc, pm);
    expect(counter.verdict('AKT')).toEqual({ sense: 'HGNC:391', pathways: 1, of: 1 });
    // A chemical's id is as strong as a gene's: the two pathways disagree.
    learnFromTable(counter, 'WP3', [row('AKT', 'Complex', { system: 'chebi', id: 'CHEBI:1' })], hgnc, pm);
    expect(counter.verdict('AKT')).toBeUndefined();
  });
});
