// Two reference pathways converted from the current page and table: facts copied by hand from GPML2RDF's
// own output of the same revisions (../shared/data/wikipathways/gpml2rdf/wp, read in place) must be in ours.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, type Quad } from 'n3';
import { beforeAll, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { loadReference } from '../../../../src/reference/loadReference.js';
import { transformContext, transformPage } from '../../../../src/transform/transformPage.js';
import { CORPUS, SHARED_DATA, describeCorpus } from '../../../support/corpus.js';

const WP = 'http://vocabularies.wikipathways.org/wp#';
const P = {
  a: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type',
  label: 'http://www.w3.org/2000/01/rdf-schema#label',
  source: 'http://purl.org/dc/elements/1.1/source',
  identifier: 'http://purl.org/dc/elements/1.1/identifier',
  rawId: 'http://purl.org/dc/terms/identifier',
  partOf: 'http://purl.org/dc/terms/isPartOf',
};
const IDO = 'https://identifiers.org/';

/** `[subject, predicate, object]`; an object starting with `http` is an IRI, anything else a plain literal. */
type Fact = [string, string, string];

// Copied by hand from gpml2rdf/wp/WP4868.ttl and WP4853.ttl.
const FACTS: Record<string, Fact[]> = {
  WP4868: [
    [`${IDO}ensembl/ENSG00000196664`, P.a, `${WP}GeneProduct`],
    [`${IDO}ensembl/ENSG00000196664`, P.label, 'TLR7'],
    [`${IDO}ensembl/ENSG00000196664`, P.identifier, `${IDO}ensembl/ENSG00000196664`],
    [`${IDO}ensembl/ENSG00000196664`, P.source, 'Ensembl'],
    [`${IDO}ensembl/ENSG00000196664`, P.rawId, 'ENSG00000196664'],
    [`${IDO}ensembl/ENSG00000196664`, P.partOf, `${IDO}wikipathways/WP4868_r135713`],
    [`${IDO}ensembl/ENSG00000196664`, `${WP}bdbEntrezGene`, `${IDO}ncbigene/51284`],
    [`${IDO}ensembl/ENSG00000196664`, `${WP}bdbHgncSymbol`, `${IDO}hgnc.symbol/TLR7`],
    [`${IDO}ensembl/ENSG00000196664`, `${WP}bdbUniprot`, `${IDO}uniprot/Q9NYK1`],
    [`${IDO}ensembl/ENSG00000196664`, `${WP}bdbUniprot`, `${IDO}uniprot/B2R9N9`],
    [`${IDO}ncbiprotein/YP_009725311`, P.a, `${WP}Protein`],
    [`${IDO}ncbiprotein/YP_009725311`, P.label, 'nsp16'],
    [`${IDO}ncbiprotein/YP_009725311`, P.source, 'NCBI Protein'],
    [`${IDO}ncbiprotein/YP_009725311`, P.rawId, 'YP_009725311'],
    [`${IDO}refseq/YP_009725299.1`, P.a, `${WP}Protein`],
    [`${IDO}refseq/YP_009725299.1`, P.label, 'PLpro (nsp3)'],
    [`${IDO}refseq/YP_009725299.1`, P.source, 'RefSeq'],
    [`${IDO}refseq/YP_009725299.1`, P.partOf, `${IDO}wikipathways/WP4868_r135713`],
  ],
  WP4853: [
    [`${IDO}wikidata/Q209685`, P.a, `${WP}Metabolite`],
    [`${IDO}wikidata/Q209685`, P.label, 'stearic acid'],
    [`${IDO}wikidata/Q209685`, P.source, 'Wikidata'],
    [`${IDO}wikidata/Q209685`, P.rawId, 'Q209685'],
    [`${IDO}wikidata/Q209685`, `${WP}bdbPubChem`, 'http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID5281'],
    [`${IDO}wikidata/Q209685`, `${WP}bdbWikidata`, 'http://www.wikidata.org/entity/Q209685'],
    [`${IDO}wikidata/Q209685`, `${WP}bdbChEBI`, `${IDO}chebi/CHEBI:28842`],
    [`${IDO}brenda/3.1.1.4`, P.a, `${WP}GeneProduct`],
    [`${IDO}brenda/3.1.1.4`, P.source, 'BRENDA'],
    [`${IDO}brenda/3.1.1.4`, P.rawId, '3.1.1.4'],
    [`${IDO}brenda/3.1.1.4`, P.partOf, `${IDO}wikipathways/WP4853_r128505`],
  ],
};

const has = (quads: Quad[], [s, p, o]: Fact): boolean =>
  quads.some(
    (q) =>
      q.subject.value === s &&
      q.predicate.value === p &&
      q.object.value === o &&
      (q.object.termType === 'Literal') === !o.startsWith('http'),
  );

describeCorpus('participants of reference pathways as GPML2RDF writes them', () => {
  const ours = new Map<string, Quad[]>();
  const theirs = new Map<string, Quad[]>();

  beforeAll(async () => {
    const mappings = loadMappings();
    const ctx = transformContext(mappings, await loadReference(CORPUS.reference, mappings));
    for (const wpid of Object.keys(FACTS)) {
      const file = path.join(CORPUS.pagesCurrent, `${wpid}.md`);
      const tableFile = path.join(CORPUS.datanodesCurrent, `${wpid}-datanodes.tsv`);
      const out = await transformPage(
        {
          file,
          fileWpid: wpid,
          text: readFileSync(file, 'utf8'),
          table: { file: tableFile, text: readFileSync(tableFile, 'utf8') },
        },
        ctx,
      );
      ours.set(wpid, out.quads);
      theirs.set(
        wpid,
        new Parser({ format: 'text/turtle' }).parse(
          readFileSync(path.join(SHARED_DATA, 'wikipathways', 'gpml2rdf', 'wp', `${wpid}.ttl`), 'utf8'),
        ),
      );
    }
  }, 120_000);

  it.each(Object.keys(FACTS))("%s: every hand-copied GPML2RDF fact is in GPML2RDF's file and in ours", (wpid) => {
    for (const fact of FACTS[wpid]!) {
      expect(has(theirs.get(wpid)!, fact), `GPML2RDF ${fact.join(' ')}`).toBe(true);
      expect(has(ours.get(wpid)!, fact), `ours ${fact.join(' ')}`).toBe(true);
    }
  });

  it('types a viral protein wp:Protein only, as GPML2RDF does, and links no human gene to it', () => {
    const node = `${IDO}ncbiprotein/YP_009725311`;
    for (const quads of [ours.get('WP4868')!, theirs.get('WP4868')!]) {
      const types = quads
        .filter((q) => q.subject.value === node && q.predicate.value === P.a)
        .map((q) => q.object.value)
        .sort();
      expect(types).toEqual([`${WP}DataNode`, `${WP}Protein`]);
    }
    expect(ours.get('WP4868')!.filter((q) => q.subject.value === node && q.object.value.includes('hgnc'))).toEqual([]);
  });
});
