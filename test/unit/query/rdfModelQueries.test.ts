// Every query of RDF-MODEL.md "Query patterns that must work unchanged", as written there, on the fixture store; and
// the dataset they see.

import { describe, expect, it } from 'vitest';
import { int, iri, select, str } from '../../support/queryFixture.js';

const WP = 'https://identifiers.org/wikipathways/';
const sortBy = <T>(rows: T[], key: (row: T) => string): T[] => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

describe('RDF-MODEL.md query patterns on the embedded store (prefixes predefined)', () => {
  it('pathways per species', async () => {
    const r = await select(`# pathways per species
SELECT (str(?label) AS ?name) ?organism (count(?pw) AS ?pathwayCount)
WHERE { ?pw dc:title ?title ; wp:organism ?organism ; wp:organismName ?label . }
GROUP BY ?label ?organism ORDER BY DESC(?pathwayCount)`);
    expect(r.head.vars).toEqual(['name', 'organism', 'pathwayCount']);
    // WP1800 and WP382 are human, WP1 is mouse; ordered by count, highest first.
    expect(r.results?.bindings).toEqual([
      {
        name: str('Homo sapiens'),
        organism: iri('http://purl.obolibrary.org/obo/NCBITaxon_9606'),
        pathwayCount: int(2),
      },
      {
        name: str('Mus musculus'),
        organism: iri('http://purl.obolibrary.org/obo/NCBITaxon_10090'),
        pathwayCount: int(1),
      },
    ]);
  });

  it('gene products of one pathway', async () => {
    const r = await select(`# gene products of one pathway
SELECT DISTINCT ?pathway (str(?label) AS ?geneProduct) WHERE {
  ?pathwayRev dcterms:identifier "WP1800" ; a wp:Pathway ; dc:identifier ?pathway .
  ?geneProduct dcterms:isPartOf ?pathwayRev ; a wp:GeneProduct ; rdfs:label ?label .
}`);
    expect(r.head.vars).toEqual(['pathway', 'geneProduct']);
    // CACNB3 and CACNA1A; the metabolite Ca2+ is not a gene product. Each gene is also in WP382's
    // graph, so without DISTINCT the union default graph would repeat them.
    expect(sortBy(r.results!.bindings, (b) => b.geneProduct!.value as string)).toEqual([
      { pathway: iri(`${WP}WP1800`), geneProduct: str('CACNA1A') },
      { pathway: iri(`${WP}WP1800`), geneProduct: str('CACNB3') },
    ]);
  });

  it('ontology tags of one pathway', async () => {
    const r = await select(`# ontology tags of one pathway
SELECT ?tag (str(?t) AS ?title) ?pathway WHERE {
  ?rev wp:ontologyTag ?tag ; dc:identifier ?pathway ; dc:title ?t ; dcterms:identifier "WP1800" .
}`);
    expect(r.head.vars).toEqual(['tag', 'title', 'pathway']);
    expect(r.results?.bindings).toEqual([
      {
        tag: iri('http://purl.obolibrary.org/obo/PW_0000272'),
        title: str('Presynaptic depolarization and calcium channel opening'),
        pathway: iri(`${WP}WP1800`),
      },
    ]);
  });

  it('pathways that contain a gene, by Ensembl id', async () => {
    const r = await select(`# pathways that contain a gene, by Ensembl id
SELECT DISTINCT ?wpid WHERE {
  ?gene wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000167535> ; dcterms:isPartOf ?rev .
  ?rev a wp:Pathway ; dcterms:identifier ?wpid .
}`);
    expect(r.head.vars).toEqual(['wpid']);
    // CACNB3 (hgnc/1403) is part of WP1800's revision and of WP382 (no revision: the versionless IRI).
    expect(sortBy(r.results!.bindings, (b) => b.wpid!.value as string)).toEqual([
      { wpid: str('WP1800') },
      { wpid: str('WP382') },
    ]);
  });

  it('count of pathways', async () => {
    const r = await select(`# count of pathways
SELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway , skos:Collection . }`);
    expect(r.results?.bindings).toEqual([{ n: int(3) }]);
  });
});

describe('dataset of a query', () => {
  it('is every graph at once, unless the query names its own with FROM', async () => {
    const all = await select('SELECT ?t WHERE { ?p dc:title ?t } ORDER BY ?t');
    expect(all.results?.bindings.map((b) => b.t!.value)).toEqual([
      'MAPK signaling pathway',
      'Presynaptic depolarization and calcium channel opening',
      'Statin pathway',
    ]);
    const one = await select('SELECT ?t FROM <https://identifiers.org/wikipathways/WP1> WHERE { ?p dc:title ?t }');
    expect(one.results?.bindings).toEqual([{ t: { type: 'literal', value: 'Statin pathway', 'xml:lang': 'en' } }]);
  });

  it('keeps each pathway in the named graph of its versionless IRI', async () => {
    const r = await select(
      'SELECT ?g ?id WHERE { GRAPH ?g { ?p a wp:Pathway ; dcterms:identifier ?id } } ORDER BY ?id',
    );
    expect(r.results?.bindings).toEqual([
      { g: iri(`${WP}WP1`), id: str('WP1') },
      { g: iri(`${WP}WP1800`), id: str('WP1800') },
      { g: iri(`${WP}WP382`), id: str('WP382') },
    ]);
  });
});
