// Issue 10: viral proteins of human-host pathways were linked to human genes by their label although their
// rows carry their own (viral) identifiers; the placeholder label `Protein` was linked to RAF1 through
// label usage. Each case runs the real participant pipeline (participantQuads) on a table row as the
// corpus writes it (the page and line are named), against the HGNC records the label would have reached.

import path from 'node:path';
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings, type Mappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { parseLabelUsage } from '../../../../src/transform/participants/labelUsageFile.js';
import { participantQuads } from '../../../../src/transform/participants/participantQuads.js';
import type { PathwayRecord } from '../../../../src/types.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const { namedNode } = DataFactory;

// PTPN11 (previous symbol NS1), PNP (previous symbol NP), SH2D3A (alias NSP1), PSMD1 (alias S1), PSMD2
// (alias S2), RPL13A (alias L13A), TAT, RAF1: the human genes these labels used to reach.
let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_viral.txt'));
});

// What other pathways' tables say, as mappings/label-usage.tsv writes it: NP is PNP in 4 pathways of 4
// (the shipped verdict), and a usage that would link the placeholder `Protein` to RAF1 (HGNC:9829).
const USAGE = [
  'label\tsense\tpathways\tof',
  'NP\tHGNC:7892\t4\t4',
  'Protein\tHGNC:9829\t5\t6',
  'SHP2\tHGNC:9644\t3\t3',
  '',
].join('\n');
const base = loadMappings();
const mappings: Mappings = {
  ...base,
  participants: { ...base.participants, labelUsage: parseLabelUsage(USAGE, 'label-usage.tsv') },
};

const HEADER_2022 = 'Label\tType\tID\tDatabase\tComment';
const HEADER_CURRENT =
  'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps';

function run(header: string, rows: string[]): ReturnType<typeof participantQuads> {
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
  const subject = namedNode('https://identifiers.org/wikipathways/WP1');
  return participantQuads({
    record,
    table: { file: 'WP1-datanodes.tsv', text: [header, ...rows, ''].join('\n') },
    pathwaySubject: subject,
    graph: subject,
    reference: { hgnc },
    mappings,
  });
}

/** The HGNC records the run links to (numeric HGNC IRIs among subjects and objects). */
function hgncLinks(out: ReturnType<typeof participantQuads>): string[] {
  const found = new Set<string>();
  for (const q of out.quads)
    for (const t of [q.subject, q.object])
      if (t.termType === 'NamedNode' && t.value.includes('/hgnc/')) found.add(t.value);
  return [...found];
}

const cell = (n: number): string => '\t'.repeat(n);

describe('a viral protein with its own identifier is not linked to the human gene its label names', () => {
  const cases: [string, string, string, string][] = [
    // [what, header, row, the node it keeps]
    [
      'influenza NS1 (WP2683, UniProt P03496) → PTPN11',
      HEADER_2022,
      'NS1\tProtein\tP03496\tUniprot-TrEMBL\t',
      'https://identifiers.org/uniprot/P03496',
    ],
    [
      'influenza NS1 (WP1438, NCBI Gene 956533) → PTPN11',
      HEADER_2022,
      'NS1\tGeneProduct\t956533\tEntrez Gene\t',
      'https://identifiers.org/ncbigene/956533',
    ],
    [
      'influenza NP (WP2683, UniProt P03466) → PNP, which label usage also says',
      HEADER_2022,
      'NP\tProtein\tP03466\tUniprot-TrEMBL\t',
      'https://identifiers.org/uniprot/P03466',
    ],
    [
      'SARS-CoV-2 nsp1 (WP4846, Wikidata Q90038952) → SH2D3A',
      HEADER_CURRENT,
      `nsp1\tProtein\twikidata:Q90038952\t"Host translation inhibitor nsp1"${cell(12)}`,
      'https://identifiers.org/wikidata/Q90038952',
    ],
    [
      'SARS-CoV-2 nsp1 (WP4868, NCBI Protein YP_009725297) → SH2D3A',
      HEADER_CURRENT,
      `nsp1\tProtein\tncbiprotein:YP_009725297\t""${cell(12)}`,
      'https://identifiers.org/ncbiprotein/YP_009725297',
    ],
    [
      'SARS-CoV-2 S1 (WP5038, Wikidata Q106020256) → PSMD1',
      HEADER_CURRENT,
      `S1\tProtein\twikidata:Q106020256\t"S1 subunit"${cell(12)}`,
      'https://identifiers.org/wikidata/Q106020256',
    ],
    [
      'SARS-CoV-2 S2 (WP5038, Wikidata Q106020384) → PSMD2',
      HEADER_CURRENT,
      `S2\tProtein\twikidata:Q106020384\t"S2 subunit"${cell(12)}`,
      'https://identifiers.org/wikidata/Q106020384',
    ],
    [
      'HCMV UL13 (WP5014, UniProt Q6SWB8) → RPL13A',
      HEADER_2022,
      'UL13\tProtein\tQ6SWB8\tUniprot-TrEMBL\t',
      'https://identifiers.org/uniprot/Q6SWB8',
    ],
    [
      'HIV Tat as a Reactome complex (WP2658, R-HSA-167185) → TAT',
      HEADER_2022,
      'Tat\tComplex\tR-HSA-167185\tReactome\t',
      'https://identifiers.org/reactome/R-HSA-167185',
    ],
  ];

  it.each(cases)('%s', (_what, header, row, node) => {
    const out = run(header, [row]);
    expect(hgncLinks(out)).toEqual([]);
    expect(out.coverage.linked).toBe(0);
    expect([...new Set(out.quads.map((q) => q.subject.value))]).toEqual([node]);
  });

  it('while a human gene written as its alias in the same table is linked (the control)', () => {
    const out = run(HEADER_2022, ['NS1\tProtein\tP03496\tUniprot-TrEMBL\t', 'SHP-2\tGeneProduct\t\t\t']);
    expect(hgncLinks(out)).toEqual(['https://identifiers.org/hgnc/9644']);
    expect(out.coverage.linked).toBe(1);
  });
});

describe('the placeholder label `Protein`', () => {
  it('is not linked to RAF1 by label usage (WP1984: a Protein box with no identifier)', () => {
    const out = run(HEADER_2022, ['Protein\tProtein\t\t\t']);
    expect(hgncLinks(out)).toEqual([]);
    expect(out.coverage.linked).toBe(0);
    expect(out.coverage.byLabelUsage).toBe(0);
  });

  it("is still linked by the identifier its row carries (WP2036: `Protein` with RAF1's NCBI Gene id)", () => {
    const out = run(HEADER_2022, ['Protein\tProtein\t5894\tEntrez Gene\t']);
    expect(hgncLinks(out)).toEqual(['https://identifiers.org/hgnc/9829']);
  });
});
