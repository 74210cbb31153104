// Repeated table rows make one participant; a node written by several rows gets each fact once.

import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadHgnc, type HgncTable } from '../../../../src/reference/hgnc.js';
import { participantQuads } from '../../../../src/transform/participants/participantQuads.js';
import type { PathwayRecord } from '../../../../src/types.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const { namedNode } = DataFactory;
const mappings = loadMappings();
mappings.participants.labelUsage = new Map(); // label usage has its own tests
let hgnc: HgncTable;
beforeAll(async () => {
  hgnc = await loadHgnc(path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants', 'hgnc_small.txt'));
});

const HEADER =
  'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps';
const row = (...cells: string[]): string => [...cells, ...Array<string>(16 - cells.length).fill('')].join('\t');

function quadsOf(rows: string[]): { lines: string[]; participants: number } {
  const record: PathwayRecord = {
    file: 'WP1.md',
    wpid: 'WP1',
    title: 'T',
    organisms: ['Mus musculus'],
    authors: [],
    annotations: [],
    keywords: [],
    communities: [],
    citations: [],
    warnings: [],
  };
  const out = participantQuads({
    record,
    table: { file: 'WP1-datanodes.tsv', text: [HEADER, ...rows].join('\n') },
    pathwaySubject: namedNode('https://identifiers.org/wikipathways/WP1'),
    graph: namedNode('https://identifiers.org/wikipathways/WP1'),
    reference: { hgnc },
    mappings,
    organismName: 'Mus musculus',
  });
  const short = (v: string) =>
    v
      .replace('http://vocabularies.wikipathways.org/wp#', 'wp:')
      .replace('https://identifiers.org/', '')
      .replace('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'a')
      .replace('http://www.w3.org/2000/01/rdf-schema#label', 'label');
  const line = (q: Quad) =>
    `${short(q.subject.value)} ${short(q.predicate.value)} ${q.object.termType === 'Literal' ? JSON.stringify(q.object.value) : short(q.object.value)}`;
  return {
    lines: out.quads.filter((q) => !/identifier|isPartOf|source/.test(q.predicate.value)).map(line),
    participants: out.coverage.participants,
  };
}

describe('repeated participants', () => {
  it('keeps one of rows with the same label, type and ids, whatever order the ids come in', () => {
    const out = quadsOf([
      row('Gene X', 'GeneProduct', 'ensembl:ENSMUSG01', '""', '', 'ncbigene:11', '', 'uniprot:P11111'),
      row('Gene X', 'GeneProduct', 'ensembl:ENSMUSG01', '""', 'uniprot:P11111', 'ncbigene:11'),
      row('Gene X', 'GeneProduct', 'ensembl:ENSMUSG01', '""', '', 'ncbigene:11', '', 'uniprot:P11111'),
    ]);
    expect(out.participants).toBe(1);
    expect(out.lines).toEqual([
      'ensembl/ENSMUSG01 a wp:DataNode',
      'ensembl/ENSMUSG01 a wp:GeneProduct',
      'ensembl/ENSMUSG01 label "Gene X"',
      'ensembl/ENSMUSG01 wp:bdbEnsembl ensembl/ENSMUSG01',
      'ensembl/ENSMUSG01 wp:bdbEntrezGene ncbigene/11',
      'ensembl/ENSMUSG01 wp:bdbUniprot uniprot/P11111',
    ]);
  });

  it('keeps rows that differ in type, own identifier or ids; their shared node gets each fact once', () => {
    const out = quadsOf([
      row('Gene X', 'GeneProduct', 'ensembl:ENSMUSG01', '""', '', 'ncbigene:11'),
      row('Gene X', 'Protein', 'ensembl:ENSMUSG01', '""', '', 'ncbigene:11'),
      row('Gene X', 'GeneProduct', 'ensembl:ENSMUSG01', '""', '', 'ncbigene:12'),
      row('Gene X', 'GeneProduct', 'ncbigene:11', '""', 'ensembl:ENSMUSG01'),
    ]);
    expect(out.participants).toBe(4);
    expect(out.lines).toEqual([
      'ensembl/ENSMUSG01 a wp:DataNode',
      'ensembl/ENSMUSG01 a wp:GeneProduct',
      'ensembl/ENSMUSG01 label "Gene X"',
      'ensembl/ENSMUSG01 wp:bdbEnsembl ensembl/ENSMUSG01',
      'ensembl/ENSMUSG01 wp:bdbEntrezGene ncbigene/11',
      'ensembl/ENSMUSG01 a wp:Protein',
      'ensembl/ENSMUSG01 wp:bdbEntrezGene ncbigene/12',
      // The last row names its node by its own identifier.
      'ncbigene/11 a wp:DataNode',
      'ncbigene/11 a wp:GeneProduct',
      'ncbigene/11 label "Gene X"',
      'ncbigene/11 wp:bdbEntrezGene ncbigene/11',
      'ncbigene/11 wp:bdbEnsembl ensembl/ENSMUSG01',
    ]);
  });

  it('tells a label from an IRI with the same text, and labels apart by their text alone', () => {
    const out = quadsOf([
      row('Q5', 'GeneProduct', 'wikidata:Q5', '""'),
      row('Q5 ', 'GeneProduct', 'wikidata:Q5', '""'),
      row('q5', 'GeneProduct', 'wikidata:Q5', '""'),
    ]);
    expect(out.participants).toBe(2);
    expect(out.lines).toEqual([
      'wikidata/Q5 a wp:DataNode',
      'wikidata/Q5 a wp:GeneProduct',
      'wikidata/Q5 label "Q5"',
      'wikidata/Q5 wp:bdbWikidata http://www.wikidata.org/entity/Q5',
      'wikidata/Q5 label "q5"',
    ]);
  });
});
