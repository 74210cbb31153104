import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import {
  participantQuads,
  type ParticipantQuadsInput,
} from '../../../../src/transform/participants/participantQuads.js';
import type { PathwayRecord } from '../../../../src/types.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const { namedNode } = DataFactory;
const mappings = loadMappings();
// These tests are about tables and nodes: label usage (mappings/label-usage.tsv) has its own tests.
mappings.participants.labelUsage = new Map();
let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

const WP = 'http://vocabularies.wikipathways.org/wp#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DC_ID = 'http://purl.org/dc/elements/1.1/identifier';
const PART_OF = 'http://purl.org/dc/terms/isPartOf';
const DC_SOURCE = 'http://purl.org/dc/elements/1.1/source';
const DCT_ID = 'http://purl.org/dc/terms/identifier';
const SEE_ALSO = 'http://www.w3.org/2000/01/rdf-schema#seeAlso';
const IDO = 'https://identifiers.org/';
const PATHWAY = 'https://identifiers.org/wikipathways/WP9002_r42';
const GRAPH = 'https://identifiers.org/wikipathways/WP9002';

const HEADER =
  'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps';
const row = (...cells: string[]): string => [...cells, ...Array<string>(16 - cells.length).fill('')].join('\t');
const TABLE = [
  HEADER,
  row('CACNB3', 'GeneProduct', 'ensembl:ENSG00000167535', '""', 'ensembl:ENSG00000167535', '', 'hgnc.symbol:CACNB3'),
  row('Ca2+', 'Metabolite', 'chebi:29108', '""', '', '', '', '', '', 'chebi:29108'),
  row('p38', 'Protein', '', '""'),
  row('Complex A', 'Complex', '', '""'),
  row('Bad', 'GeneProduct', 'uniprot:p12345', '""'),
  row('CACNB3 again', 'Protein', 'ncbigene:784', '""'),
  row('Pathway B', 'Pathway', 'wikidata:Q1', '""'),
].join('\n');

function record(overrides: Partial<PathwayRecord> = {}): PathwayRecord {
  return {
    file: 'pages/WP9002.md',
    wpid: 'WP9002',
    title: 'Test',
    organisms: ['Homo sapiens'],
    authors: [],
    annotations: [],
    keywords: [],
    communities: [],
    citations: [],
    warnings: [],
    jsonldLine: 12,
    ...overrides,
  };
}

function input(overrides: Partial<ParticipantQuadsInput> = {}): ParticipantQuadsInput {
  return {
    record: record(),
    table: { file: 'datanodes/WP9002-datanodes.tsv', text: TABLE },
    pathwaySubject: namedNode(PATHWAY),
    graph: namedNode(GRAPH),
    reference: { hgnc },
    mappings,
    ...overrides,
  };
}

/** Quads as `s p o` lines with short prefixes, in output order. */
function lines(quads: Quad[]): string[] {
  const short = (v: string) =>
    v
      .replace(WP, 'wp:')
      .replace(IDO, '')
      .replace(RDF_TYPE, 'a')
      .replace(LABEL, 'rdfs:label')
      .replace(DC_ID, 'dc:identifier')
      .replace(PART_OF, 'dcterms:isPartOf')
      .replace(DC_SOURCE, 'dc:source')
      .replace(DCT_ID, 'dcterms:identifier')
      .replace(SEE_ALSO, 'rdfs:seeAlso');
  return quads.map(
    (q) =>
      `${short(q.subject.value)} ${short(q.predicate.value)} ${q.object.termType === 'Literal' ? JSON.stringify(q.object.value) : short(q.object.value)}`,
  );
}

describe('participant quads, human pathway with a table', () => {
  // Expected by hand from RDF-MODEL.md "A participant (as GPML2RDF makes it)" and the GPML2RDF files: the
  // node is the row's own identifier, typed by its row only; dc:source as GPML2RDF names the database;
  // the HGNC record's ids are added to the row's mapped ids, and the node links to the numeric HGNC IRI.
  it("names each node by its row's own identifier, adds the HGNC record's ids to the row's, nothing for rows without a usable id", () => {
    const out = participantQuads(input());
    expect(lines(out.quads)).toEqual([
      'ensembl/ENSG00000167535 a wp:DataNode',
      'ensembl/ENSG00000167535 a wp:GeneProduct',
      'ensembl/ENSG00000167535 rdfs:label "CACNB3"',
      'ensembl/ENSG00000167535 dc:identifier ensembl/ENSG00000167535',
      'ensembl/ENSG00000167535 dc:source "Ensembl"',
      'ensembl/ENSG00000167535 dcterms:identifier "ENSG00000167535"',
      'ensembl/ENSG00000167535 dcterms:isPartOf wikipathways/WP9002_r42',
      'ensembl/ENSG00000167535 wp:bdbEnsembl ensembl/ENSG00000167535',
      'ensembl/ENSG00000167535 wp:bdbHgncSymbol hgnc.symbol/CACNB3',
      'ensembl/ENSG00000167535 wp:bdbEntrezGene ncbigene/784',
      'ensembl/ENSG00000167535 wp:bdbUniprot uniprot/P54284',
      'ensembl/ENSG00000167535 rdfs:seeAlso hgnc/1403',
      'chebi/CHEBI:29108 a wp:DataNode',
      'chebi/CHEBI:29108 a wp:Metabolite',
      'chebi/CHEBI:29108 rdfs:label "Ca2+"',
      'chebi/CHEBI:29108 dc:identifier chebi/CHEBI:29108',
      'chebi/CHEBI:29108 dc:source "ChEBI"',
      'chebi/CHEBI:29108 dcterms:identifier "CHEBI:29108"',
      'chebi/CHEBI:29108 dcterms:isPartOf wikipathways/WP9002_r42',
      'chebi/CHEBI:29108 wp:bdbChEBI chebi/CHEBI:29108',
      // A Protein row is a wp:Protein only (GPML2RDF never adds wp:GeneProduct).
      'ncbigene/784 a wp:DataNode',
      'ncbigene/784 a wp:Protein',
      'ncbigene/784 rdfs:label "CACNB3 again"',
      'ncbigene/784 dc:identifier ncbigene/784',
      'ncbigene/784 dc:source "Entrez Gene"',
      'ncbigene/784 dcterms:identifier "784"',
      'ncbigene/784 dcterms:isPartOf wikipathways/WP9002_r42',
      'ncbigene/784 wp:bdbEntrezGene ncbigene/784',
      'ncbigene/784 wp:bdbHgncSymbol hgnc.symbol/CACNB3',
      'ncbigene/784 wp:bdbEnsembl ensembl/ENSG00000167535',
      'ncbigene/784 wp:bdbUniprot uniprot/P54284',
      'ncbigene/784 rdfs:seeAlso hgnc/1403',
      // A Pathway row is a wp:Pathway node; Wikidata links take Wikidata's own IRI form, as GPML2RDF writes them.
      'wikidata/Q1 a wp:DataNode',
      'wikidata/Q1 a wp:Pathway',
      'wikidata/Q1 rdfs:label "Pathway B"',
      'wikidata/Q1 dc:identifier wikidata/Q1',
      'wikidata/Q1 dc:source "Wikidata"',
      'wikidata/Q1 dcterms:identifier "Q1"',
      'wikidata/Q1 dcterms:isPartOf wikipathways/WP9002_r42',
      'wikidata/Q1 wp:bdbWikidata http://www.wikidata.org/entity/Q1',
    ]);
    expect(out.quads.every((q) => q.graph.value === GRAPH)).toBe(true);
  });

  it('warns about ambiguous genes and invalid ids with file and line', () => {
    const out = participantQuads(input());
    expect(out.warnings.map((w) => [w.code, w.file, w.line, w.key, w.message])).toEqual([
      [
        'GENE_AMBIGUOUS',
        'datanodes/WP9002-datanodes.tsv',
        4,
        'Label',
        '"p38" matches 2 HGNC records by alias symbol (MAPK14, AIMP2); not linked',
      ],
      [
        'TABLE_ROW_INVALID',
        'datanodes/WP9002-datanodes.tsv',
        6,
        'uniprot',
        '"p12345" is not a valid uniprot identifier; left out',
      ],
    ]);
    expect(out.warnings[0]!.details).toEqual({
      label: 'p38',
      reason: 'several records',
      via: 'alias symbol',
      candidates: [
        { hgnc: '6876', symbol: 'MAPK14' },
        { hgnc: '20609', symbol: 'AIMP2' },
      ],
    });
  });

  it("links a row by its identifiers when its label is another gene's approved symbol, and reports it", () => {
    const text = [
      HEADER,
      row('CACNB4', 'GeneProduct', 'ensembl:ENSG00000167535', '""'),
      row('CACNB3 ', 'Protein', 'ncbigene:784', '""'),
    ].join('\n');
    const out = participantQuads(input({ table: { file: 'datanodes/WP9002-datanodes.tsv', text } }));
    expect(out.warnings.map((w) => [w.code, w.file, w.line, w.key, w.message])).toEqual([
      [
        'GENE_LABEL_MISMATCH',
        'datanodes/WP9002-datanodes.tsv',
        2,
        'Label',
        'Label "CACNB4" is the approved symbol of CACNB4 (HGNC:1404), but the row\'s identifiers name CACNB3 (HGNC:1403); linked by the identifiers',
      ],
    ]);
    expect(lines(out.quads)).toContain('ensembl/ENSG00000167535 rdfs:label "CACNB4"');
    expect(lines(out.quads)).toContain('ensembl/ENSG00000167535 rdfs:seeAlso hgnc/1403');
    expect(out.coverage.linked).toBe(2);
  });

  it('counts coverage over the gene-like rows', () => {
    expect(participantQuads(input()).coverage).toEqual({
      participants: 7,
      linked: 2,
      byLabelUsage: 0,
      ambiguous: 1,
      unresolved: 1,
      unresolvedLabels: ['Bad'],
    });
  });

  it('gives the same quads in the same order every time', () => {
    expect(lines(participantQuads(input()).quads)).toEqual(lines(participantQuads(input()).quads));
  });

  it('cross-checks the keywords against the table', () => {
    const out = participantQuads(input({ record: record({ keywords: ['CACNB3', 'Ca2+', 'Missing'] }) }));
    expect(out.keywordsNotInTable).toEqual(['Missing']);
    expect(out.table).toMatchObject({ format: 'current', stats: { rows: 7 } });
  });
});

describe('participant quads, other species', () => {
  it('names nodes by their own ids and never links to HGNC', () => {
    const out = participantQuads(input({ organismName: 'Mus musculus' }));
    expect(lines(out.quads)).toEqual([
      'ensembl/ENSG00000167535 a wp:DataNode',
      'ensembl/ENSG00000167535 a wp:GeneProduct',
      'ensembl/ENSG00000167535 rdfs:label "CACNB3"',
      'ensembl/ENSG00000167535 dc:identifier ensembl/ENSG00000167535',
      'ensembl/ENSG00000167535 dc:source "Ensembl"',
      'ensembl/ENSG00000167535 dcterms:identifier "ENSG00000167535"',
      'ensembl/ENSG00000167535 dcterms:isPartOf wikipathways/WP9002_r42',
      'ensembl/ENSG00000167535 wp:bdbEnsembl ensembl/ENSG00000167535',
      'chebi/CHEBI:29108 a wp:DataNode',
      'chebi/CHEBI:29108 a wp:Metabolite',
      'chebi/CHEBI:29108 rdfs:label "Ca2+"',
      'chebi/CHEBI:29108 dc:identifier chebi/CHEBI:29108',
      'chebi/CHEBI:29108 dc:source "ChEBI"',
      'chebi/CHEBI:29108 dcterms:identifier "CHEBI:29108"',
      'chebi/CHEBI:29108 dcterms:isPartOf wikipathways/WP9002_r42',
      'chebi/CHEBI:29108 wp:bdbChEBI chebi/CHEBI:29108',
      'ncbigene/784 a wp:DataNode',
      'ncbigene/784 a wp:Protein',
      'ncbigene/784 rdfs:label "CACNB3 again"',
      'ncbigene/784 dc:identifier ncbigene/784',
      'ncbigene/784 dc:source "Entrez Gene"',
      'ncbigene/784 dcterms:identifier "784"',
      'ncbigene/784 dcterms:isPartOf wikipathways/WP9002_r42',
      'ncbigene/784 wp:bdbEntrezGene ncbigene/784',
      'wikidata/Q1 a wp:DataNode',
      'wikidata/Q1 a wp:Pathway',
      'wikidata/Q1 rdfs:label "Pathway B"',
      'wikidata/Q1 dc:identifier wikidata/Q1',
      'wikidata/Q1 dc:source "Wikidata"',
      'wikidata/Q1 dcterms:identifier "Q1"',
      'wikidata/Q1 dcterms:isPartOf wikipathways/WP9002_r42',
      'wikidata/Q1 wp:bdbWikidata http://www.wikidata.org/entity/Q1',
    ]);
    expect(out.coverage).toEqual({
      participants: 7,
      linked: 0,
      byLabelUsage: 0,
      ambiguous: 0,
      unresolved: 0,
      unresolvedLabels: [],
    });
    expect(out.warnings.map((w) => w.code)).toEqual(['TABLE_ROW_INVALID']);
  });
});

describe('participant quads from keywords (no table)', () => {
  const keywords = ['CACNB3', 'ATP', 'Nothing here', 'p38', 'MAPK11'];

  it('makes gene nodes only for keywords that resolve; the rest stay keywords', () => {
    const out = participantQuads(input({ table: undefined, record: record({ keywords }) }));
    const subjects = [...new Set(out.quads.map((q) => q.subject.value.replace(IDO, '')))];
    expect(subjects).toEqual(['hgnc/1403', 'hgnc/6876', 'hgnc/6873']);
    expect(lines(out.quads).filter((l) => l.startsWith('hgnc/6876'))).toEqual([
      'hgnc/6876 a wp:DataNode',
      'hgnc/6876 a wp:GeneProduct',
      'hgnc/6876 rdfs:label "p38"',
      'hgnc/6876 dc:identifier hgnc/6876',
      'hgnc/6876 dc:source "HGNC Accession number"',
      'hgnc/6876 dcterms:identifier "6876"',
      'hgnc/6876 dcterms:isPartOf wikipathways/WP9002_r42',
      'hgnc/6876 wp:bdbHgncSymbol hgnc.symbol/MAPK14',
      'hgnc/6876 wp:bdbEnsembl ensembl/ENSG00000112062',
      'hgnc/6876 wp:bdbEntrezGene ncbigene/1432',
      'hgnc/6876 wp:bdbUniprot uniprot/Q16539',
    ]);
    expect(out.coverage).toEqual({
      participants: 5,
      linked: 3,
      byLabelUsage: 0,
      ambiguous: 0,
      unresolved: 1,
      unresolvedLabels: ['Nothing here'],
    });
  });

  it('reports an ambiguous keyword at the page’s schema-jsonld line', () => {
    const out = participantQuads(input({ table: undefined, record: record({ keywords: ['PKC'] }) }));
    expect(out.quads).toEqual([]);
    expect(out.warnings.map((w) => [w.code, w.file, w.line, w.key, w.message])).toEqual([
      [
        'GENE_AMBIGUOUS',
        'pages/WP9002.md',
        12,
        'keywords',
        '"PKC" names a gene family (PRKCA, PRKCB, PRRT2); not linked',
      ],
    ]);
  });

  it('links by label usage last, and counts those links apart', () => {
    const withUsage = loadMappings();
    withUsage.participants.labelUsage = new Map([
      ['Ig heavy chain V-III region BRO', { sense: 'HGNC:6876', pathways: 2, of: 2 }],
    ]);
    const out = participantQuads(
      input({
        mappings: withUsage,
        table: undefined,
        record: record({ keywords: ['Ig heavy chain V-III region BRO', 'CACNB3', 'Nothing here'] }),
      }),
    );
    expect([...new Set(out.quads.map((q) => q.subject.value.replace(IDO, '')))]).toEqual(['hgnc/6876', 'hgnc/1403']);
    expect(lines(out.quads)).toContain('hgnc/6876 rdfs:label "Ig heavy chain V-III region BRO"');
    expect(out.coverage).toEqual({
      participants: 3,
      linked: 2,
      byLabelUsage: 1,
      ambiguous: 0,
      unresolved: 1,
      unresolvedLabels: ['Nothing here'],
    });
  });

  it('makes no nodes from keywords on other species', () => {
    expect(
      participantQuads(input({ table: undefined, record: record({ keywords, organisms: ['Rattus norvegicus'] }) }))
        .quads,
    ).toEqual([]);
  });

  it('falls back to the keywords when the table has an unknown header', () => {
    const out = participantQuads(
      input({ table: { file: 't.tsv', text: 'Name\tKind\n' }, record: record({ keywords: ['CACNB3'] }) }),
    );
    expect(out.quads[0]!.subject.value).toBe('https://identifiers.org/hgnc/1403');
    expect(out.warnings.map((w) => w.code)).toEqual(['TABLE_HEADER_INVALID']);
  });
});
