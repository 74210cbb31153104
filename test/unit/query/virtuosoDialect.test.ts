// Virtuoso's forms as the published WikiPathways queries (wikipathways/SPARQLQueries, older revisions)
// write them, read as SPARQL 1.1 on the fixture store, or refused. Expected rows are counted by hand
// from test/fixtures/query/store/all.nq: WP1800_r137182 (human: hgnc/1403, hgnc/1388, CHEBI:29108),
// WP382 (human: hgnc/1403, hgnc/1388), WP1_r117873 (mouse: ncbigene/16835, ncbigene/15357, CHEBI:17002).
import { describe, expect, it } from 'vitest';
import { isPipelineError } from '../../../src/errors.js';
import { readVirtuosoForms } from '../../../src/query/virtuosoCompat.js';
import { int, iri, query, select, str } from '../../support/queryFixture.js';

const WP = 'https://identifiers.org/wikipathways/';
const TAXON = 'http://purl.obolibrary.org/obo/NCBITaxon_';

async function refusal(text: string): Promise<{ code: string; message: string; line?: number }> {
  try {
    await query(text, 'json');
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    return { code: error.code, message: error.message, ...(error.line === undefined ? {} : { line: error.line }) };
  }
  throw new Error('expected the query to be refused');
}

describe('readVirtuosoForms', () => {
  it('wraps a bare aggregate with its name', () => {
    expect(readVirtuosoForms('SELECT DISTINCT count(?n) as ?c WHERE { ?n a wp:DataNode }')).toEqual({
      query: 'SELECT DISTINCT (count(?n) AS ?c) WHERE { ?n a wp:DataNode }',
    });
  });

  it('groups by the other projected values when there is no GROUP BY, an expression by itself', () => {
    expect(
      readVirtuosoForms(
        'SELECT (str(?l) as ?name) ?o (count(?p) as ?n) WHERE { ?p wp:organismName ?l ; wp:organism ?o } ORDER BY ?n',
      ),
    ).toEqual({
      query:
        'SELECT ?name ?o (count(?p) as ?n) WHERE { ?p wp:organismName ?l ; wp:organism ?o } GROUP BY (str(?l) AS ?name) ?o ORDER BY ?n',
    });
  });

  it('leaves a query that has its GROUP BY alone, and standard SPARQL untouched', () => {
    expect(readVirtuosoForms('SELECT ?o (count(?p) AS ?n) WHERE { ?p wp:organism ?o } GROUP BY ?o')).toBeUndefined();
    expect(readVirtuosoForms('SELECT (count(?p) AS ?n) WHERE { ?p a wp:Pathway }')).toBeUndefined();
  });

  it('reads group_concat with a comma-separated separator and fn: string functions', () => {
    expect(readVirtuosoForms("SELECT (group_concat(distinct ?g , ',') as ?gs) WHERE { ?a ?b ?g }")).toEqual({
      query: "SELECT (group_concat(distinct ?g  ; separator= ',') as ?gs) WHERE { ?a ?b ?g }",
    });
    expect(readVirtuosoForms('SELECT (fn:substring(?x, 3) AS ?y) WHERE { ?a ?b ?x }')).toEqual({
      query: 'SELECT (SUBSTR(?x, 3) AS ?y) WHERE { ?a ?b ?x }',
    });
  });

  it('moves an expression beside an aggregate into the GROUP BY it adds, its functions read first', () => {
    expect(
      readVirtuosoForms("SELECT (group_concat(?g , ',') as ?gs) (fn:substring(?x, 3) AS ?y) WHERE { ?x ?b ?g }"),
    ).toEqual({
      query: "SELECT (group_concat(?g  ; separator= ',') as ?gs) ?y WHERE { ?x ?b ?g } GROUP BY (SUBSTR(?x, 3) AS ?y)",
    });
  });

  it('reads the forms in a subquery too (averagePerPathway.rq: a per-pathway count without GROUP BY)', () => {
    expect(
      readVirtuosoForms(
        'SELECT (AVG(?no) AS ?avg) WHERE { SELECT ?p (COUNT(?e) AS ?no) WHERE { ?e dcterms:isPartOf ?p } }',
      ),
    ).toEqual({
      query:
        'SELECT (AVG(?no) AS ?avg) WHERE { SELECT ?p (COUNT(?e) AS ?no) WHERE { ?e dcterms:isPartOf ?p } GROUP BY ?p }',
    });
  });

  it('does not read keywords inside strings, IRIs or comments', () => {
    expect(
      readVirtuosoForms('SELECT ?x WHERE { ?x rdfs:label "count(?y) as ?z, bif:contains" } # fn:nothing(?x)'),
    ).toBeUndefined();
  });
});

describe('published queries in Virtuoso form on the fixture store', () => {
  it('countDataNodes.rq form: SELECT DISTINCT count(...) as ?n', async () => {
    const r = await select(
      'SELECT DISTINCT count(DISTINCT ?DataNodes) as ?DataNodeCount\nWHERE {\n    ?DataNodes a wp:DataNode .\n}',
    );
    expect(r.head.vars).toEqual(['DataNodeCount']);
    expect(r.results!.bindings).toEqual([{ DataNodeCount: int(6) }]);
  });

  it('countPathwaysPerSpecies.rq: an expression, a variable and an aggregate, no GROUP BY', async () => {
    const r = await select(`SELECT DISTINCT (str(?label) as ?name) ?organism (count(?pw) as ?pathwayCount)
WHERE {
    ?pw dc:title ?title ;
      wp:organism ?organism ;
      wp:organismName ?label .
}
ORDER BY DESC(?pathwayCount)`);
    expect(r.head.vars).toEqual(['name', 'organism', 'pathwayCount']);
    expect(r.results!.bindings).toEqual([
      { name: str('Homo sapiens'), organism: iri(`${TAXON}9606`), pathwayCount: int(2) },
      { name: str('Mus musculus'), organism: iri(`${TAXON}10090`), pathwayCount: int(1) },
    ]);
  });

  it('the same with the alias shadowing the pattern variable, (str(?label) as ?label): the column is filled', async () => {
    const r = await select(
      'SELECT (str(?label) as ?label) (count(?pw) as ?n) WHERE { ?pw wp:organismName ?label } ORDER BY DESC(?n)',
    );
    expect(r.results!.bindings).toEqual([
      { label: str('Homo sapiens'), n: int(2) },
      { label: str('Mus musculus'), n: int(1) },
    ]);
  });

  it('countRefsPerPW.rq form: SELECT DISTINCT ?pathway COUNT(?x) AS ?n with no GROUP BY', async () => {
    const r = await select(
      'SELECT DISTINCT ?pathway COUNT(DISTINCT ?node) AS ?nodes\nWHERE { ?node a wp:DataNode ; dcterms:isPartOf ?pathway }\nORDER BY ?pathway',
    );
    expect(r.results!.bindings).toEqual([
      { pathway: iri(`${WP}WP1800_r137182`), nodes: int(3) },
      { pathway: iri(`${WP}WP1_r117873`), nodes: int(3) },
      { pathway: iri(`${WP}WP382`), nodes: int(2) },
    ]);
  });

  it("group_concat(distinct ?x , ',') and fn:substring as the neXtProt and datadump queries write them", async () => {
    const r = await select(
      "SELECT (group_concat(distinct fn:substring(str(?o), 32) , ',') as ?taxa) WHERE { ?p wp:organism ?o }",
    );
    expect(r.results!.bindings[0]!.taxa!.value.split(',').sort()).toEqual(['NCBITaxon_10090', 'NCBITaxon_9606']);
  });

  it('predefines cur:, gpml: and fn: as the endpoint does', async () => {
    const r = await select(
      'SELECT ?p WHERE { ?p wp:ontologyTag cur:COVID19 ; gpml:anything ?x . FILTER(fn:contains("a", "a")) }',
    );
    expect(r.results!.bindings).toEqual([]);
  });
});

describe('Virtuoso forms that are refused, never answered with a wrong column', () => {
  it('refuses bif: functions with QUERY_INVALID and the line', async () => {
    expect(await refusal('SELECT ?p\nWHERE { ?p dc:title ?t . ?t bif:contains "calcium" }')).toEqual({
      code: 'QUERY_INVALID',
      message:
        "Virtuoso's own function bif:contains has no SPARQL 1.1 equivalent; rewrite the query without it (line 2)",
      line: 2,
    });
  });

  it('refuses a projected expression without a name', async () => {
    expect(
      await refusal('SELECT DISTINCT ?p str(?t) (count(?n) as ?c) WHERE { ?n dcterms:isPartOf ?p . ?p dc:title ?t }'),
    ).toEqual({
      code: 'QUERY_INVALID',
      message:
        'Expected `(expression AS ?name)` in SELECT, got `str(?t)`: a column without a name cannot be given (line 1)',
      line: 1,
    });
  });

  it('refuses an XPath function that has no SPARQL built-in', async () => {
    const r = await refusal('SELECT (fn:tokenize(?t, " ") AS ?w) WHERE { ?p dc:title ?t }');
    expect(r.code).toBe('QUERY_INVALID');
    expect(r.message).toBe(
      'The XPath function fn:tokenize is not supported here; use a SPARQL 1.1 built-in function (line 1)',
    );
  });

  it('gives the reason a read query cannot run rather than the Virtuoso form (LIPIDMAPS_Federated.rq: a SERVICE)', async () => {
    const r = await refusal(
      'SELECT ?lipid (GROUP_CONCAT(?w;separator=", ") AS ?pathway) WHERE {\n  SERVICE <https://lipidmaps.org/sparql> { ?l rdfs:label ?n }\n  ?lipid wp:bdbLipidMaps ?l ; dcterms:isPartOf ?pathway . ?pathway dcterms:identifier ?w .\n}',
    );
    expect(r.code).toBe('QUERY_INVALID');
    expect(r.message).toBe('The service <https://lipidmaps.org/sparql> is not supported');
  });
});
