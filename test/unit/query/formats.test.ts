// Each output format, exactly: W3C SPARQL 1.1 CSV, TSV and JSON results, the text table, Turtle and N-Triples.

import { describe, expect, it } from 'vitest';
import { query } from '../../support/queryFixture.js';

const SPECIES = `SELECT (str(?label) AS ?name) ?organism (count(?pw) AS ?pathwayCount)
WHERE { ?pw dc:title ?title ; wp:organism ?organism ; wp:organismName ?label . }
GROUP BY ?label ?organism ORDER BY DESC(?pathwayCount)`;

// Language-tagged, typed and plain literals, a literal with a comma, quotes and a line break
// (WP1800's description), IRIs, and unbound values (OPTIONAL).
const PATHWAYS = `SELECT ?wpid ?title ?modified ?description ?tag WHERE {
  ?p a wp:Pathway ; dcterms:identifier ?wpid ; dc:title ?title ; dcterms:modified ?modified .
  OPTIONAL { ?p dcterms:description ?description }
  OPTIONAL { ?p wp:diseaseOntologyTag ?tag }
} ORDER BY ?wpid`;

const DESCRIPTION =
  'The depolarization causes the voltage gated Ca2+ channels to open, allowing the influx of "Ca2+".\nView original pathway at Reactome.';
const XSD_DATE = 'http://www.w3.org/2001/XMLSchema#date';
const WP1800_TITLE = 'Presynaptic depolarization and calcium channel opening';

describe('--format csv (W3C SPARQL 1.1 Query Results CSV)', () => {
  it('writes lexical values only, CRLF line ends, and quotes fields holding a comma, quote or line break', async () => {
    expect(await query(PATHWAYS, 'csv')).toBe(
      'wpid,title,modified,description,tag\r\n' +
        'WP1,Statin pathway,2021-05-23,,http://purl.obolibrary.org/obo/DOID_1287\r\n' +
        `WP1800,${WP1800_TITLE},2021-01-25,"The depolarization causes the voltage gated Ca2+ channels to open, allowing the influx of ""Ca2+"".\nView original pathway at Reactome.",\r\n` +
        'WP382,MAPK signaling pathway,2021-06-17,,\r\n',
    );
  });

  it('writes numbers as their lexical form', async () => {
    expect(await query(SPECIES, 'csv')).toBe(
      'name,organism,pathwayCount\r\n' +
        'Homo sapiens,http://purl.obolibrary.org/obo/NCBITaxon_9606,2\r\n' +
        'Mus musculus,http://purl.obolibrary.org/obo/NCBITaxon_10090,1\r\n',
    );
  });
});

describe('--format tsv (W3C SPARQL 1.1 Query Results TSV)', () => {
  it('writes ?variables and full RDF terms: <iri>, "literal"@lang, "value"^^<datatype>, escapes inside strings', async () => {
    expect(await query(PATHWAYS, 'tsv')).toBe(
      '?wpid\t?title\t?modified\t?description\t?tag\n' +
        `"WP1"\t"Statin pathway"@en\t"2021-05-23"^^<${XSD_DATE}>\t\t<http://purl.obolibrary.org/obo/DOID_1287>\n` +
        `"WP1800"\t"${WP1800_TITLE}"@en\t"2021-01-25"^^<${XSD_DATE}>\t"The depolarization causes the voltage gated Ca2+ channels to open, allowing the influx of \\"Ca2+\\".\\nView original pathway at Reactome."\t\n` +
        `"WP382"\t"MAPK signaling pathway"@en\t"2021-06-17"^^<${XSD_DATE}>\t\t\n`,
    );
  });

  it('writes integers in their short form', async () => {
    expect(await query(SPECIES, 'tsv')).toBe(
      '?name\t?organism\t?pathwayCount\n' +
        '"Homo sapiens"\t<http://purl.obolibrary.org/obo/NCBITaxon_9606>\t2\n' +
        '"Mus musculus"\t<http://purl.obolibrary.org/obo/NCBITaxon_10090>\t1\n',
    );
  });
});

describe('--format json (W3C SPARQL 1.1 Query Results JSON)', () => {
  it('gives head.vars and bindings typed uri/literal with xml:lang and datatype, omitting unbound variables', async () => {
    const text = await query(PATHWAYS, 'json');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      head: { vars: ['wpid', 'title', 'modified', 'description', 'tag'] },
      results: {
        bindings: [
          {
            wpid: { type: 'literal', value: 'WP1' },
            title: { type: 'literal', value: 'Statin pathway', 'xml:lang': 'en' },
            modified: { type: 'literal', value: '2021-05-23', datatype: XSD_DATE },
            tag: { type: 'uri', value: 'http://purl.obolibrary.org/obo/DOID_1287' },
          },
          {
            wpid: { type: 'literal', value: 'WP1800' },
            title: { type: 'literal', value: WP1800_TITLE, 'xml:lang': 'en' },
            modified: { type: 'literal', value: '2021-01-25', datatype: XSD_DATE },
            description: { type: 'literal', value: DESCRIPTION },
          },
          {
            wpid: { type: 'literal', value: 'WP382' },
            title: { type: 'literal', value: 'MAPK signaling pathway', 'xml:lang': 'en' },
            modified: { type: 'literal', value: '2021-06-17', datatype: XSD_DATE },
          },
        ],
      },
    });
  });

  it('is one line of compact JSON', async () => {
    expect(await query('SELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway }', 'json')).toBe(
      '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"3","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}\n',
    );
  });
});

describe('--format table', () => {
  it('aligns columns, writes terms as in a query with the predefined prefixes, and counts rows', async () => {
    expect(await query(SPECIES, 'table')).toBe(
      [
        ' name           | organism            | pathwayCount',
        '----------------+---------------------+--------------',
        ' "Homo sapiens" | obo:NCBITaxon_9606  | 2',
        ' "Mus musculus" | obo:NCBITaxon_10090 | 1',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('leaves unbound cells empty and keeps a value with a line break on one line', async () => {
    const description =
      '"The depolarization causes the voltage gated Ca2+ channels to open, allowing the influx of \\"Ca2+\\".\\nView original pathway at Reactome."';
    const title = `"${WP1800_TITLE}"@en`;
    const row = (cells: string[]): string =>
      cells
        .map((c, i) => ` ${c.padEnd([8, title.length, 22, description.length, 13][i]!)} `)
        .join('|')
        .trimEnd();
    expect(await query(PATHWAYS, 'table')).toBe(
      [
        row(['wpid', 'title', 'modified', 'description', 'tag']),
        [
          '-'.repeat(10),
          '-'.repeat(title.length + 2),
          '-'.repeat(24),
          '-'.repeat(description.length + 2),
          '-'.repeat(15),
        ].join('+'),
        row(['"WP1"', '"Statin pathway"@en', '"2021-05-23"^^xsd:date', '', 'obo:DOID_1287']),
        row(['"WP1800"', title, '"2021-01-25"^^xsd:date', description, '']),
        row(['"WP382"', '"MAPK signaling pathway"@en', '"2021-06-17"^^xsd:date', '', '']),
        '(3 rows)',
        '',
      ].join('\n'),
    );
  });

  it('says (0 rows) under the header when nothing matches', async () => {
    expect(await query('SELECT ?p WHERE { ?p a wp:Interaction }', 'table')).toBe(' p\n---\n(0 rows)\n');
  });
});

describe('ASK', () => {
  const yes = 'ASK { ?gene wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000167535> }';
  const no = 'ASK { ?gene wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000000003> }';
  it('prints true or false in a table, csv and tsv', async () => {
    expect(await query(yes, 'table')).toBe('true\n');
    expect(await query(no, 'table')).toBe('false\n');
    expect(await query(yes, 'csv')).toBe('true\n');
    expect(await query(no, 'tsv')).toBe('false\n');
  });
  it('gives the W3C JSON boolean result', async () => {
    expect(await query(yes, 'json')).toBe('{"head":{},"boolean":true}\n');
  });
});

describe('CONSTRUCT and DESCRIBE', () => {
  const construct = `CONSTRUCT { ?gene rdfs:label ?label ; wp:bdbEnsembl ?ens }
WHERE { ?gene dcterms:isPartOf ?rev ; rdfs:label ?label ; wp:bdbEnsembl ?ens . ?rev dcterms:identifier "WP382" }`;

  it('writes N-Triples, each triple once although the genes are stated in two pathway graphs', async () => {
    const text = await query(construct, 'ntriples');
    expect(
      text
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual([
      '<https://identifiers.org/hgnc/1388> <http://vocabularies.wikipathways.org/wp#bdbEnsembl> <https://identifiers.org/ensembl/ENSG00000141837> .',
      '<https://identifiers.org/hgnc/1388> <http://www.w3.org/2000/01/rdf-schema#label> "CACNA1A" .',
      '<https://identifiers.org/hgnc/1403> <http://vocabularies.wikipathways.org/wp#bdbEnsembl> <https://identifiers.org/ensembl/ENSG00000167535> .',
      '<https://identifiers.org/hgnc/1403> <http://www.w3.org/2000/01/rdf-schema#label> "CACNB3" .',
    ]);
    expect(text.endsWith(' .\n')).toBe(true);
  });

  it('writes Turtle with only the prefixes it uses', async () => {
    const text = await query(construct, 'turtle');
    expect(
      text.startsWith(
        '@prefix wp: <http://vocabularies.wikipathways.org/wp#>.\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>.\n\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      '<https://identifiers.org/hgnc/1403> wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000167535>;\n    rdfs:label "CACNB3".\n',
    );
    expect(text).toContain(
      '<https://identifiers.org/hgnc/1388> wp:bdbEnsembl <https://identifiers.org/ensembl/ENSG00000141837>;\n    rdfs:label "CACNA1A".\n',
    );
  });

  it('defaults to Turtle whatever the terminal, and table means Turtle for a graph', async () => {
    const describeQuery = 'DESCRIBE <https://identifiers.org/wikipathways/WP382>';
    const viaTable = await query(describeQuery, 'table', true);
    expect(viaTable).toContain(
      '<https://identifiers.org/wikipathways/WP382> foaf:page <https://wikipathways.github.io/pathways/WP382.html>;',
    );
    expect(viaTable).toContain('    a skos:Collection, wp:Pathway.\n');
    expect(viaTable).not.toContain('@prefix rdf:'); // rdf:type is written `a`
  });
});
