// The independent counter of the parity test, on three hand-written pages and tables whose figures are
// worked out by hand below (the 2022 table quirks: wrapped labels, tabs in labels, comments over lines,
// an ID cell over two lines, bare ChEBI numbers, unknown and id-less rows).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { average, countCorpus2022, readSpec, readTable2022, SKOS_COLLECTION, WP } from '../../support/corpusFigures.js';
import { PROJECT_ROOT } from '../../support/corpus.js';

const DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'parity-figures');
const MAPPINGS = path.join(PROJECT_ROOT, 'mappings');
const ID = 'https://identifiers.org/';

describe('corpusFigures: the 2022 pages and tables counted without our code', () => {
  const fig = countCorpus2022(path.join(DIR, 'pages'), path.join(DIR, 'datanodes'), MAPPINGS);
  const node = (iri: string) => {
    const n = fig.nodes.get(iri);
    return n && { types: [...n.types].sort(), sources: [...n.sources].sort(), pathways: [...n.pathways].sort() };
  };

  it('a page without a title is no pathway; each page counts once for its organism', () => {
    expect([...fig.pages.keys()].sort()).toEqual(['WP1', 'WP2']);
    expect(Object.fromEntries(fig.pathwaysPerSpecies)).toEqual({ 'Homo sapiens': 1, 'Mus musculus': 1 });
  });

  it('names each row by its own identifier; one node per IRI with every type and pathway its rows give', () => {
    expect([...fig.nodes.keys()].sort()).toEqual(
      [
        `${ID}ncbigene/784`,
        `${ID}ncbigene/12297`,
        `${ID}reactome/R-HSA-210378`,
        `${ID}chebi/CHEBI:29108`,
        `${ID}chebi/CHEBI:83421`,
        `${ID}lipidmaps/LMFA07050006`,
        `${ID}wikipathways/WP2`,
        `${ID}mirbase/MI0000001`,
      ].sort(),
    );
    // GeneProduct in both pathways, Protein in WP1; the Event row with the same id adds nothing.
    expect(node(`${ID}ncbigene/784`)).toEqual({
      types: [`${WP}DataNode`, `${WP}GeneProduct`, `${WP}Protein`],
      sources: ['Entrez Gene'],
      pathways: ['WP1', 'WP2'],
    });
    // A Pathway row naming a pathway of the corpus is that pathway's subject, typed by its page too.
    expect(node(`${ID}wikipathways/WP2`)).toEqual({
      types: [`${WP}DataNode`, `${WP}Pathway`, SKOS_COLLECTION],
      sources: ['WikiPathways'],
      pathways: ['WP1'],
    });
    // A Type participants.json does not list (`RNA`) is a plain DataNode.
    expect(node(`${ID}mirbase/MI0000001`)).toEqual({
      types: [`${WP}DataNode`],
      sources: ['miRBase Sequence'],
      pathways: ['WP1'],
    });
    expect(node(`${ID}chebi/CHEBI:29108`)?.types).toEqual([`${WP}DataNode`, `${WP}Metabolite`]);
  });

  it('lists the human gene rows with no valid identifier of their own, and only those', () => {
    expect([...fig.labelLinkable.keys()]).toEqual(['WP1']);
    expect(fig.labelLinkable.get('WP1')!.map((r) => [r.labelTail, r.type, r.id, r.database])).toEqual([
      ['IFN-γ', 'GeneProduct', '', ''],
      ['Bad', 'GeneProduct', 'abc', 'Entrez Gene'],
      ['Other', 'GeneProduct', 'X1', 'Other'],
    ]);
  });

  it('tallies types, sources and participants per pathway over distinct nodes', () => {
    expect(Object.fromEntries(fig.entitiesPerType)).toEqual({
      [`${WP}DataNode`]: 8,
      [`${WP}GeneProduct`]: 2,
      [`${WP}Protein`]: 1,
      [`${WP}Complex`]: 1,
      [`${WP}Metabolite`]: 3,
      [`${WP}Pathway`]: 1,
      [SKOS_COLLECTION]: 1,
    });
    expect(Object.fromEntries(fig.participantsPerSource)).toEqual({
      'Entrez Gene': 2,
      Reactome: 1,
      ChEBI: 2,
      'LIPID MAPS': 1,
      WikiPathways: 1,
      'miRBase Sequence': 1,
    });
    expect(Object.fromEntries(fig.participantsPerPathway)).toEqual({ WP1: 7, WP2: 2 });
    expect(average(fig.participantsPerPathway)).toEqual({ total: 9, pathways: 2, avg: 4.5 });
  });

  it('reads the rows of a table that is not valid TSV by their Type, ID and Database', () => {
    const spec = readSpec(MAPPINGS);
    const rows = readTable2022(
      'Label\tType\tID\tDatabase\tComment\nwrapped\nlabel\tProtein\tP1\tUniprot-TrEMBL\tcomment\twith a tab\nand\ta second line\n',
      spec,
    );
    expect(rows.map((r) => [r.line, r.type, r.id, r.database])).toEqual([[3, 'Protein', 'P1', 'Uniprot-TrEMBL']]);
    expect(() => readTable2022('Label\tType\tIdentifier\tComment\n', spec)).toThrow(/not a 2022 table header/);
  });
});
