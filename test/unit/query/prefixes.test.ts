// Predefined prefixes, re-declared prefixes, query scanning, error messages and the Virtuoso alias reading.

import { describe, expect, it } from 'vitest';
import { Store } from 'oxigraph';
import { PipelineError } from '../../../src/errors.js';
import { renameShadowedAliases } from '../../../src/query/aliasCompat.js';
import { prefixLine, userPosition, withPrefixes } from '../../../src/query/prefixes.js';
import { runQuery } from '../../../src/query/runQuery.js';
import {
  hasDatasetClause,
  maskQuery,
  queryForm,
  scanPrefixes,
  undeclaredPrefix,
} from '../../../src/query/scanQuery.js';
import { PREFIXES, fixtureStore, iri, select, str } from '../../support/queryFixture.js';

async function failure(query: string, file?: string): Promise<PipelineError> {
  try {
    await runQuery(await fixtureStore(), query, {
      prefixes: PREFIXES,
      format: 'json',
      isTTY: false,
      ...(file === undefined ? {} : { file }),
    });
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

describe('predefined prefixes', () => {
  it('are those of mappings/prefixes.json, on one line before the query', () => {
    expect(prefixLine({ wp: 'http://vocabularies.wikipathways.org/wp#', dc: 'http://purl.org/dc/elements/1.1/' })).toBe(
      'PREFIX wp: <http://vocabularies.wikipathways.org/wp#> PREFIX dc: <http://purl.org/dc/elements/1.1/>',
    );
    expect(withPrefixes('ASK {}', { ex: 'http://example.org/' })).toBe('PREFIX ex: <http://example.org/>\nASK {}');
    for (const name of ['wp', 'dc', 'dcterms', 'rdfs', 'rdf', 'skos', 'foaf', 'pav', 'schema', 'xsd', 'obo', 'owl'])
      expect(PREFIXES).toHaveProperty(name);
  });

  it('refuses a namespace that would break out of <…>', () => {
    expect(() => prefixLine({ ex: 'http://example.org/> } DROP ALL #' })).toThrow(PipelineError);
    expect(() => prefixLine({ 'bad name': 'http://example.org/' })).toThrow(
      'Expected a SPARQL prefix name and an IRI for prefix "bad name", got "http://example.org/"',
    );
  });

  it('lets a query declare the same prefix again', async () => {
    const r = await select(
      'PREFIX wp: <http://vocabularies.wikipathways.org/wp#>\nSELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway }',
    );
    expect(r.results?.bindings).toEqual([
      { n: { type: 'literal', value: '3', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
    ]);
  });

  it("lets a query re-declare a prefix to another namespace, and the query's own wins", async () => {
    // dc: now means dcterms:, so dc:identifier matches the literal ids, not the IRIs.
    const r = await select(
      'PREFIX dc: <http://purl.org/dc/terms/>\nSELECT ?id WHERE { ?p a wp:Pathway ; dc:identifier ?id } ORDER BY ?id',
    );
    expect(r.results?.bindings).toEqual([{ id: str('WP1') }, { id: str('WP1800') }, { id: str('WP382') }]);
  });

  it('lets a query add prefixes of its own, the empty prefix too', async () => {
    const r = await select(
      'PREFIX : <https://identifiers.org/hgnc/>\nPREFIX hgnc.symbol: <https://identifiers.org/hgnc.symbol/>\nSELECT DISTINCT ?g WHERE { ?g wp:bdbHgncSymbol hgnc.symbol:CACNB3 . FILTER(?g = :1403) }',
    );
    expect(r.results?.bindings).toEqual([{ g: iri('https://identifiers.org/hgnc/1403') }]);
  });
});

describe('scanning a query', () => {
  it('masks comments, strings and IRIs but keeps length and line breaks', () => {
    const q = 'SELECT * # ASK me\nWHERE { ?s <http://x/y#z> "a \\" SELECT" . ?s ?p """CONSTRUCT\nx""" }';
    const masked = maskQuery(q);
    expect(masked).toHaveLength(q.length);
    const blank = (n: number): string => ' '.repeat(n);
    expect(masked).toBe(
      `SELECT * ${blank(8)}\nWHERE { ?s ${blank(14)} ${blank(13)} . ?s ?p ${blank(12)}\n${blank(4)} }`,
    );
  });

  it('finds the query form after the prologue, not in names, strings or comments', () => {
    expect(queryForm('PREFIX ask: <http://a/>\n# CONSTRUCT\nselect ?ask WHERE { ?s ask:select "DESCRIBE" }')).toBe(
      'SELECT',
    );
    expect(queryForm('BASE <http://a/> ask { ?s ?p ?o }')).toBe('ASK');
    expect(queryForm('CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }')).toBe('CONSTRUCT');
    expect(queryForm('DESCRIBE <http://a>')).toBe('DESCRIBE');
    expect(queryForm('INSERT DATA { <http://a> <http://b> <http://c> }')).toBeUndefined();
  });

  it('sees a FROM clause, not a name or string holding the word', () => {
    expect(hasDatasetClause('SELECT ?t FROM <http://g> WHERE { ?p dc:title ?t }')).toBe(true);
    expect(hasDatasetClause('SELECT ?t from named <http://g> WHERE { GRAPH ?g { ?p dc:title ?t } }')).toBe(true);
    expect(hasDatasetClause('SELECT ?from WHERE { ?p ex:from "FROM" } # FROM')).toBe(false);
  });

  it('lists the prefixes used and declared, with their lines', () => {
    const { used, declared } = scanPrefixes(
      'PREFIX ex: <http://e/>\nSELECT * WHERE {\n  ?s ex:p foo:bar ; obo:a:b _:x . ?s ?p "wp:no"^^xsd:string }',
    );
    expect([...declared]).toEqual(['ex']);
    expect(used).toEqual([
      { prefix: 'ex', line: 3 },
      { prefix: 'foo', line: 3 },
      { prefix: 'obo', line: 3 },
      { prefix: 'xsd', line: 3 },
    ]);
    expect(undeclaredPrefix('SELECT * WHERE {\n ?s wp:x ?o .\n ?s foo:bar ?o }', PREFIXES)).toEqual({
      prefix: 'foo',
      line: 3,
    });
    expect(scanPrefixes('SELECT * WHERE { ?s ex:a\\:b ?o }').used).toEqual([{ prefix: 'ex', line: 1 }]);
    expect(undeclaredPrefix('PREFIX foo: <http://f/> SELECT * WHERE { ?s foo:bar ?o }', PREFIXES)).toBeUndefined();
  });
});

describe('invalid queries (QUERY_INVALID)', () => {
  it("reports Oxigraph's message at the line and column of the user's own text", async () => {
    const error = await failure('SELECT * WHERE {\n  ?s ?p ?o ', 'q.rq');
    expect(error.code).toBe('QUERY_INVALID');
    expect(error.line).toBe(2);
    expect(error.file).toBe('q.rq');
    expect(error.message).toBe(
      'SPARQL syntax error at line 2, column 12: expected one of ",", ".", ";", "{", "{|", "}", "~", [_]',
    );
    expect(error.located()).toBe(
      'q.rq:2: SPARQL syntax error at line 2, column 12: expected one of ",", ".", ";", "{", "{|", "}", "~", [_] [QUERY_INVALID]',
    );
  });

  it('names an undefined prefix and its line', async () => {
    const error = await failure('SELECT * WHERE {\n  ?s rh:equation ?o }');
    expect(error.code).toBe('QUERY_INVALID');
    expect(error.message).toBe('Undefined prefix "rh:" on line 2; declare it with PREFIX rh: <namespace IRI>');
    expect(error.line).toBe(2);
  });

  it('says that updates are not queries', async () => {
    const error = await failure('INSERT DATA { <http://a> <http://b> <http://c> }');
    expect(error.message).toBe(
      'Expected a SELECT, ASK, CONSTRUCT or DESCRIBE query (updates are not run here): SPARQL syntax error at line 1, column 10: expected CONSTRUCT',
    );
  });

  it('keeps a message without a position as Oxigraph wrote it', () => {
    expect(userPosition('The service <http://x> is not supported')).toEqual({
      message: 'The service <http://x> is not supported',
    });
    expect(userPosition('error at 3:7: expected OPTIONAL')).toEqual({
      message: 'SPARQL syntax error at line 2, column 7: expected OPTIONAL',
      line: 2,
    });
  });

  it('rejects a format that does not fit the query form, before running it', async () => {
    const run = (q: string, format: 'turtle' | 'csv') =>
      runQuery(new Store(), q, { prefixes: PREFIXES, format, isTTY: false });
    await expect(run('SELECT * WHERE { ?s ?p ?o }', 'turtle')).rejects.toThrow(
      '--format turtle is for CONSTRUCT and DESCRIBE results; a SELECT query prints --format table, csv, tsv or json',
    );
    await expect(run('CONSTRUCT WHERE { ?s ?p ?o }', 'csv')).rejects.toThrow(
      '--format csv is for SELECT and ASK results; a CONSTRUCT query prints --format turtle or ntriples',
    );
  });
});

describe('AS ?x over a bound ?x (accepted by Virtuoso, the WikiPathways endpoint)', () => {
  it('renames the bound variable inside the WHERE clause only', () => {
    expect(
      renameShadowedAliases(
        'SELECT DISTINCT ?p (str(?label) AS ?gp) WHERE {\n  ?gp rdfs:label ?label ; dcterms:isPartOf ?p . FILTER(?gp != $gp2)\n} ORDER BY ?gp',
      ),
    ).toBe(
      'SELECT DISTINCT ?p (str(?label) AS ?gp) WHERE {\n  ?gp_matched rdfs:label ?label ; dcterms:isPartOf ?p . FILTER(?gp_matched != $gp2)\n} ORDER BY ?gp',
    );
  });

  it('renames every such alias, and picks a name the query does not use', () => {
    expect(renameShadowedAliases('SELECT (str(?a) AS ?x) (str(?b) AS ?y) WHERE { ?x ?a ?y . ?x_matched ?b ?o }')).toBe(
      'SELECT (str(?a) AS ?x) (str(?b) AS ?y) WHERE { ?x_matched_ ?a ?y_matched . ?x_matched ?b ?o }',
    );
  });

  it('renames the variable inside the expression of its own alias too: (str(?label) AS ?label) is the label', () => {
    expect(
      renameShadowedAliases(
        'SELECT ?label (str(?label) AS ?label) (lcase(?label) AS ?low) WHERE { ?s rdfs:label ?label }',
      ),
    ).toBe(
      'SELECT ?label (str(?label_matched) AS ?label) (lcase(?label_matched) AS ?low) WHERE { ?s rdfs:label ?label_matched }',
    );
  });

  it('answers (str(?label) AS ?label) with the values of the same query written legally', async () => {
    const shadowed = await select(
      'SELECT ?p (str(?label) AS ?label) WHERE { ?p a wp:Pathway ; dc:title ?label } ORDER BY ?p ?label',
    );
    const legal = await select(
      'SELECT ?p (str(?l) AS ?label) WHERE { ?p a wp:Pathway ; dc:title ?l } ORDER BY ?p ?label',
    );
    expect(legal.results?.bindings.length).toBeGreaterThan(0);
    expect(legal.results?.bindings.every((row) => row.label?.type === 'literal' && row.label.value !== '')).toBe(true);
    expect(shadowed).toEqual(legal);
  });

  it('leaves other queries alone', () => {
    expect(renameShadowedAliases('SELECT (str(?label) AS ?name) WHERE { ?s rdfs:label ?label }')).toBeUndefined();
    expect(renameShadowedAliases('ASK { ?s ?p ?o }')).toBeUndefined();
  });

  it('is only tried when Oxigraph rejects the query, and a failed retry reports the original error', async () => {
    const error = await failure('SELECT (str(?l) AS ?g) WHERE { ?g rdfs:label ?l ');
    expect(error.message).toMatch(/^SPARQL syntax error at line 1, column \d+: /);
  });
});
