// The dataset graph, queried with the public endpoint's own metadata and prefix-listing queries
// (wikipathways/SPARQLQueries "A. Metadata/metadata.rq" and "prefixes.rq", written out here).
import { Writer } from 'n3';
import oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import type { SourceProvenance } from '../../../src/extract/github/provenance.js';
import { loadMappings } from '../../../src/mappings.js';
import { newReport } from '../../../src/report.js';
import { datasetQuads } from '../../../src/transform/datasetQuads.js';

const mappings = loadMappings();
const GRAPH = 'urn:pathway-kg:dataset';

function report() {
  const r = newReport({
    tool: { name: 'pathway-kg', version: '0.1.0' },
    source: '/home/someone/private/wikipathways/pages',
    datanodes: ['/home/someone/private/wikipathways/datanodes'],
    reference: '/home/someone/ref',
    out: '/tmp/out',
  });
  r.startedAt = '2026-12-07T05:00:00.000Z';
  r.versions = { hgnc: '2026-08-01', mappings: 'abc123' };
  return r;
}

function select(quads: ReturnType<typeof datasetQuads>, query: string): Record<string, string>[] {
  const store = new oxigraph.Store();
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(quads);
  let text = '';
  writer.end((_e, result: string) => (text = result));
  store.load(text, { format: 'application/n-quads' });
  const rows = store.query(query, { use_default_graph_as_union: true }) as Map<string, { value: string }>[];
  return rows.map((row) => Object.fromEntries([...row].map(([k, v]) => [k, v.value])));
}

describe('datasetQuads', () => {
  // Oxigraph writes the xsd:dateTime canonically (no .000).
  it('answers the endpoint metadata query: title, creation date, CC0 licence', () => {
    const rows = select(
      datasetQuads(report(), mappings, undefined, GRAPH),
      `PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX pav: <http://purl.org/pav/>
SELECT DISTINCT ?dataset (str(?titleLit) as ?title) ?date ?license WHERE {
  ?dataset a void:Dataset ; dcterms:title ?titleLit ; dcterms:license ?license ; pav:createdOn ?date .
}`,
    );
    expect(rows).toEqual([
      {
        dataset: GRAPH,
        title: 'WikiPathways pathways converted by pathway-kg',
        date: '2026-12-07T05:00:00Z',
        license: 'http://creativecommons.org/publicdomain/zero/1.0/',
      },
    ]);
  });

  it('answers the endpoint prefix-listing query with every predefined prefix, cur: and gpml: among them', () => {
    const rows = select(
      datasetQuads(report(), mappings, undefined, GRAPH),
      `PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?prefix ?namespace WHERE { [] sh:declare [ sh:prefix ?prefix ; sh:namespace ?namespace ] . }`,
    );
    const declared = Object.fromEntries(rows.map((r) => [r.prefix, r.namespace]));
    expect(declared.wp).toBe('http://vocabularies.wikipathways.org/wp#');
    expect(declared.cur).toBe('http://vocabularies.wikipathways.org/wp#Curation:');
    expect(declared.gpml).toBe('http://vocabularies.wikipathways.org/gpml#');
    expect(declared.pq).toBe('http://www.wikidata.org/prop/qualifier/');
    expect(declared.fn).toBe('http://www.w3.org/2005/xpath-functions#');
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(mappings.prefixes).length + 3);
  });

  it('records local sources by their base names only: no absolute path of this machine in any literal', () => {
    const quads = datasetQuads(report(), mappings, undefined, GRAPH);
    const source = quads
      .filter((q) => q.predicate.value === 'http://purl.org/dc/terms/source')
      .map((q) => q.object.value);
    expect(source).toEqual(['pages', 'datanodes']);
    expect(quads.filter((q) => /\/home\/|\/tmp\//.test(q.object.value))).toEqual([]);
  });

  it('records a GitHub source as its repository URL and keeps the snapshot provenance', () => {
    const provenance: SourceProvenance = {
      source: 'github:wikipathways/wikipathways-database@c0aa5fdb5',
      repository: 'wikipathways/wikipathways-database',
      ref: 'main',
      commit: 'c0aa5fdb5e9c557d4249e5bac69c45f80182d1aa',
      raw: 'https://raw.githubusercontent.com',
      pathways: {},
    };
    const quads = datasetQuads({ ...report(), source: provenance.source }, mappings, provenance, GRAPH);
    const objects = (p: string) =>
      quads.filter((q) => q.subject.value === GRAPH && q.predicate.value === p).map((q) => q.object.value);
    expect(objects('http://purl.org/dc/terms/source')).toEqual([
      'https://github.com/wikipathways/wikipathways-database',
    ]);
    expect(objects('http://www.w3.org/ns/prov#wasDerivedFrom')).toEqual([
      `https://raw.githubusercontent.com/wikipathways/wikipathways-database/${provenance.commit}/`,
    ]);
  });
});
