// The bundled examples through `pathway-kg run`, then `pathway-kg query` on the store it leaves in --out.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { buildEmbeddedStore } from '../../../src/load/embeddedStore.js';
import type { JsonResults } from '../../../src/query/sparqlJson.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { int, iri, str } from '../../support/queryFixture.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const WP = 'https://identifiers.org/wikipathways/';

async function cli(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (into: string[]) =>
    new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString('utf8')), done()) });
  const status = await main(argv, { stdout: stream(out), stderr: stream(err), isTTY: false, env: {} });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

let out = '';
async function select(query: string): Promise<JsonResults> {
  const r = await cli(['query', '--out', out, '--format', 'json', query]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as JsonResults;
}
const sorted = (r: JsonResults, v: string) =>
  [...r.results!.bindings].sort((a, b) => String(a[v]!.value).localeCompare(String(b[v]!.value)));

describe('pathway-kg run on examples/, then pathway-kg query', () => {
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'pathway-kg-examples-'));
    const run = await cli([
      'run',
      '--source',
      path.join(EXAMPLES, 'pages'),
      '--datanodes',
      path.join(EXAMPLES, 'datanodes'),
      '--reference',
      path.join(EXAMPLES, 'reference'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the store holds every distinct line of all.nq', async () => {
    const lines = new Set(
      readFileSync(path.join(out, 'all.nq'), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    const { manifest } = await buildEmbeddedStore(out);
    expect(manifest.quads).toBe(lines.size);
    // four pathways, the dataset graph, the ontologies graph and the shared-node graphs (one file each in shared/)
    expect(manifest.graphs).toBe(6 + readdirSync(path.join(out, 'shared')).length);
  });

  it('pathways per species (WP9001, WP9002, WP9004 human; WP9003 mouse)', async () => {
    const r = await select(`SELECT (str(?label) AS ?name) ?organism (count(?pw) AS ?pathwayCount)
WHERE { ?pw dc:title ?title ; wp:organism ?organism ; wp:organismName ?label . }
GROUP BY ?label ?organism ORDER BY DESC(?pathwayCount)`);
    expect(r.results?.bindings).toEqual([
      {
        name: str('Homo sapiens'),
        organism: iri('http://purl.obolibrary.org/obo/NCBITaxon_9606'),
        pathwayCount: int(3),
      },
      {
        name: str('Mus musculus'),
        organism: iri('http://purl.obolibrary.org/obo/NCBITaxon_10090'),
        pathwayCount: int(1),
      },
    ]);
  });

  it('ontology tags of one pathway (WP9002: PW:0000134 and DOID:0080600 on the page, and the Lipids community as its curation tag)', async () => {
    const r = await select(`SELECT ?tag (str(?t) AS ?title) ?pathway WHERE {
  ?rev wp:ontologyTag ?tag ; dc:identifier ?pathway ; dc:title ?t ; dcterms:identifier "WP9002" .
}`);
    expect(sorted(r, 'tag')).toEqual([
      {
        tag: iri('http://purl.obolibrary.org/obo/DOID_0080600'),
        title: str('Example glutathione reduction'),
        pathway: iri(`${WP}WP9002`),
      },
      {
        tag: iri('http://purl.obolibrary.org/obo/PW_0000134'),
        title: str('Example glutathione reduction'),
        pathway: iri(`${WP}WP9002`),
      },
      {
        tag: iri('http://vocabularies.wikipathways.org/wp#Curation:Lipids'),
        title: str('Example glutathione reduction'),
        pathway: iri(`${WP}WP9002`),
      },
    ]);
  });

  it('count of pathways', async () => {
    const r = await select('SELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway , skos:Collection . }');
    expect(r.results?.bindings).toEqual([{ n: int(4) }]);
  });

  // The two gene queries need participants in the graphs: WP9002's table lists GPX1 and GSR as
  // GeneProducts (HGNC:4553 and HGNC:4623 in examples/reference), and NADPH and glutathione as metabolites.
  it('gene products of one pathway (WP9002: GPX1 and GSR)', async () => {
    const r = await select(`SELECT DISTINCT ?pathway (str(?label) AS ?geneProduct) WHERE {
  ?pathwayRev dcterms:identifier "WP9002" ; a wp:Pathway ; dc:identifier ?pathway .
  ?geneProduct dcterms:isPartOf ?pathwayRev ; a wp:GeneProduct ; rdfs:label ?label .
}`);
    expect(sorted(r, 'geneProduct')).toEqual([
      { pathway: iri(`${WP}WP9002`), geneProduct: str('GPX1') },
      { pathway: iri(`${WP}WP9002`), geneProduct: str('GSR') },
    ]);
  });

  it('pathways that contain a gene, by Ensembl id (GSR, ENSG00000104687: WP9002 only)', async () => {
    const r = await select(`SELECT DISTINCT ?wpid WHERE {
  ?gene wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000104687> ; dcterms:isPartOf ?rev .
  ?rev a wp:Pathway ; dcterms:identifier ?wpid .
}`);
    expect(r.results?.bindings).toEqual([{ wpid: str('WP9002') }]);
  });
});
