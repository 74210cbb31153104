// Against the real Virtuoso: Graph Store PUT replaces graphs, Update batches round-trip tricky literals.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Parser, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { PipelineError } from '../../../../src/errors.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';
import { holdStore } from '../../../support/virtuosoLock.js';
import {
  countTriples,
  graphContent,
  graphName,
  requireVirtuoso,
  select,
  type Virtuoso,
} from '../../../support/virtuoso.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';

function fixture(name: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(
    readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'load', name), 'utf8'),
  );
}

// graph-a.nt and graph-b.nt as Virtuoso gives them back (written by hand; blank nodes shown as _:).
const A = [
  '<https://identifiers.org/hgnc/1403> <http://purl.org/dc/terms/isPartOf> <https://identifiers.org/wikipathways/WP9001_r1>',
  '<https://identifiers.org/hgnc/1403> <http://vocabularies.wikipathways.org/wp#bdbEnsembl> <https://identifiers.org/ensembl/ENSG00000167535>',
  '<https://identifiers.org/hgnc/1403> <http://www.w3.org/2000/01/rdf-schema#label> "CACNB3"',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://purl.org/dc/elements/1.1/title> "Test pathway \\"A\\""@en',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://purl.org/dc/terms/identifier> "WP9001"',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://purl.org/dc/terms/modified> "2021-01-25"^^<http://www.w3.org/2001/XMLSchema#date>',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://purl.org/dc/terms/references> _:',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://vocabularies.wikipathways.org/wp#organismName> "Homo sapiens"',
  '<https://identifiers.org/wikipathways/WP9001_r1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://vocabularies.wikipathways.org/wp#Pathway>',
  '_: <http://schema.org/name> "A citation"',
];
const B = [
  '<https://identifiers.org/hgnc/1403> <http://purl.org/dc/terms/isPartOf> <https://identifiers.org/wikipathways/WP9001_r2>',
  '<https://identifiers.org/hgnc/1403> <http://www.w3.org/2000/01/rdf-schema#label> "CACNB3"',
  '<https://identifiers.org/wikipathways/WP9001_r2> <http://purl.org/dc/elements/1.1/title> "Test pathway B, renamed"@en',
  '<https://identifiers.org/wikipathways/WP9001_r2> <http://purl.org/dc/terms/identifier> "WP9001"',
  '<https://identifiers.org/wikipathways/WP9001_r2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://vocabularies.wikipathways.org/wp#Pathway>',
];

/** Literals that break naive serialisers, with what Virtuoso must give back (language tags come back lower-cased). */
const TRICKY: { value: string; lang?: string; datatype?: string; back?: { lang?: string; value?: string } }[] = [
  { value: 'double "quotes" and \'single\'' },
  { value: 'line one\nline two\r\nline three' },
  { value: 'tab\tand back\\slash and a literal \\n and \\"' },
  { value: 'non-ASCII: é ü ß Ω 漢字 😀 \u00a0nbsp' },
  { value: '"""triple quoted"""' },
  { value: 'control characters: \u0001 \u0007 \u001f \u007f' },
  { value: '} } ; DROP ALL ; INSERT DATA { GRAPH <http://x> { <a> <b> "c" } }' },
  { value: '' },
  { value: 'English', lang: 'en' },
  { value: 'British', lang: 'en-GB', back: { lang: 'en-gb' } },
  { value: 'Grüße', lang: 'de' },
  { value: '2021-01-25', datatype: `${XSD}date` },
  { value: '42', datatype: `${XSD}integer` },
  { value: '3.25', datatype: `${XSD}decimal` },
  // Virtuoso keeps xsd:boolean as a number: "true" comes back as "1" (same type, so the count still matches).
  { value: 'true', datatype: `${XSD}boolean`, back: { value: '1' } },
  { value: 'custom "typed"\nvalue', datatype: 'http://example.org/datatype#mine' },
];

function trickyQuads(graph: string): Quad[] {
  return TRICKY.map((t, i) =>
    quad(
      iri(`http://example.org/tricky/${i}`),
      iri('http://example.org/value'),
      t.lang ? literal(t.value, t.lang) : t.datatype ? literal(t.value, iri(t.datatype)) : literal(t.value),
      iri(graph),
    ),
  );
}

async function readTricky(
  vt: Virtuoso,
  graph: string,
): Promise<{ i: number; value: string; lang?: string; datatype?: string }[]> {
  const rows = await select(vt, `SELECT ?s ?o WHERE { GRAPH <${graph}> { ?s <http://example.org/value> ?o } }`);
  return rows
    .map((r) => {
      const o = r.o!;
      const out: { i: number; value: string; lang?: string; datatype?: string } = {
        i: Number(r.s!.value.split('/').pop()),
        value: o.value,
      };
      if (o['xml:lang']) out.lang = o['xml:lang'];
      if (o.datatype) out.datatype = o.datatype;
      return out;
    })
    .sort((a, b) => a.i - b.i);
}

function expectedTricky(): { i: number; value: string; lang?: string; datatype?: string }[] {
  return TRICKY.map((t, i) => {
    const out: { i: number; value: string; lang?: string; datatype?: string } = { i, value: t.back?.value ?? t.value };
    const lang = t.back?.lang ?? t.lang;
    if (lang) out.lang = lang;
    if (t.datatype) out.datatype = t.datatype;
    return out;
  });
}

describe('SparqlLoader against Virtuoso', () => {
  let vt: Virtuoso;
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();

  describe('Graph Store Protocol', () => {
    let loader: SparqlLoader;
    beforeAll(() => {
      loader = new SparqlLoader({ query: vt.sparql, graphStore: vt.graphCrud, retries: 0 });
    });
    afterAll(() => loader?.close());

    it('PUT replaces a graph: the same load twice keeps the count, a changed graph leaves nothing of the old one', async () => {
      const g = graphName('gsp-replace');
      expect(await loader.replaceGraph(g, fixture('graph-a.nt'))).toEqual({ sent: 10, counted: 10 });
      expect(await graphContent(vt, g)).toEqual(A);
      expect(await loader.replaceGraph(g, fixture('graph-a.nt'))).toEqual({ sent: 10, counted: 10 });
      expect(await graphContent(vt, g)).toEqual(A);
      expect(await loader.replaceGraph(g, fixture('graph-b.nt'))).toEqual({ sent: 5, counted: 5 });
      expect(await graphContent(vt, g)).toEqual(B);
    });

    it('leaves other graphs alone, and drops a graph (a missing one too)', async () => {
      const g1 = graphName('gsp-keep');
      const g2 = graphName('gsp-drop');
      await loader.replaceGraph(g1, fixture('graph-b.nt'));
      await loader.replaceGraph(g2, fixture('graph-a.nt'));
      await loader.dropGraph(g2);
      expect(await countTriples(vt, g2)).toBe(0);
      expect(await graphContent(vt, g1)).toEqual(B);
      await loader.dropGraph(graphName('never-loaded'));
      expect(await loader.countGraph(g1)).toBe(5);
    });

    it('sends duplicates once and empties a graph given no quads', async () => {
      const g = graphName('gsp-dups');
      const twice = [...fixture('graph-b.nt'), ...fixture('graph-b.nt')];
      expect(await loader.replaceGraph(g, twice)).toEqual({ sent: 5, counted: 5 });
      expect(await loader.replaceGraph(g, [])).toEqual({ sent: 0, counted: 0 });
      expect(await countTriples(vt, g)).toBe(0);
    });

    it('round-trips tricky literals exactly', async () => {
      const g = graphName('gsp-tricky');
      expect(await loader.replaceGraph(g, trickyQuads(g))).toEqual({ sent: TRICKY.length, counted: TRICKY.length });
      expect(await readTricky(vt, g)).toEqual(expectedTricky());
    });

    it('reports a store that holds a different number of triples than were sent as ENDPOINT_COUNT_MISMATCH', async () => {
      // Virtuoso folds "01"^^xsd:integer into "1"^^xsd:integer: two distinct triples sent, one stored.
      const g = graphName('gsp-mismatch');
      const s = iri('http://example.org/n');
      const p = iri('http://example.org/value');
      const error = await loader
        .replaceGraph(g, [
          quad(s, p, literal('1', iri(`${XSD}integer`))),
          quad(s, p, literal('01', iri(`${XSD}integer`))),
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect((error as PipelineError).code).toBe('ENDPOINT_COUNT_MISMATCH');
      expect((error as PipelineError).message).toBe(
        `Graph <${g}> holds 1 triples at endpoint ${vt.sparql} after 2 were sent`,
      );
    });
  });

  describe('SPARQL 1.1 Update', () => {
    it('INSERT DATA in batches into a staging graph, then a swap: tricky literals round-trip exactly and a reload replaces', async () => {
      const loader = new SparqlLoader({ query: vt.sparql, batchTriples: 4, retries: 0 });
      try {
        const g = graphName('update-tricky');
        expect(await loader.replaceGraph(g, trickyQuads(g))).toEqual({ sent: TRICKY.length, counted: TRICKY.length });
        expect(await readTricky(vt, g)).toEqual(expectedTricky());
        expect(await loader.replaceGraph(g, fixture('graph-a.nt'))).toEqual({ sent: 10, counted: 10 });
        expect(await graphContent(vt, g)).toEqual(A);
      } finally {
        await loader.close();
      }
    });

    it('keeps triples that share blank nodes together across batches', async () => {
      const loader = new SparqlLoader({ query: vt.sparql, update: vt.sparql, batchTriples: 2, retries: 0 });
      try {
        const g = graphName('update-bnodes');
        const p = iri('http://example.org/p');
        const q = iri('http://example.org/q');
        const quads: Quad[] = [];
        for (let i = 0; i < 5; i++) {
          quads.push(
            quad(iri(`http://example.org/s${i}`), p, blankNode(`n${i}`)),
            quad(blankNode(`n${i}`), q, literal(`v${i}`)),
          );
          quads.push(quad(blankNode(`n${i}`), q, literal(`w${i}`)));
        }
        expect(await loader.replaceGraph(g, quads)).toEqual({ sent: 15, counted: 15 });
        const rows = await select(
          vt,
          `SELECT ?s (GROUP_CONCAT(?v; separator=",") AS ?vs) WHERE { GRAPH <${g}> { ?s <http://example.org/p> ?b . ?b <http://example.org/q> ?v } } GROUP BY ?s`,
        );
        const got = rows.map((r) => `${r.s!.value} ${r.vs!.value.split(',').sort().join(',')}`).sort();
        expect(got).toEqual([0, 1, 2, 3, 4].map((i) => `http://example.org/s${i} v${i},w${i}`));
      } finally {
        await loader.close();
      }
    });

    it('halves a batch Virtuoso finds too large and keeps the smaller size', async () => {
      const loader = new SparqlLoader({ query: vt.sparql, batchTriples: 3000, retries: 0 });
      try {
        const g = graphName('update-split');
        const quads = Array.from({ length: 2000 }, (_, i) =>
          quad(
            iri(`http://example.org/gene/${i}`),
            iri('http://www.w3.org/2000/01/rdf-schema#label'),
            literal(`gene number ${i}`),
          ),
        );
        expect(await loader.replaceGraph(g, quads)).toEqual({ sent: 2000, counted: 2000 });
        expect(await countTriples(vt, g)).toBe(2000);
        expect(loader.batchTriples).toBeLessThan(2000);
        const rows = await select(vt, `SELECT ?l WHERE { GRAPH <${g}> { <http://example.org/gene/1999> ?p ?l } }`);
        expect(rows.map((r) => r.l!.value)).toEqual(['gene number 1999']);
      } finally {
        await loader.close();
      }
    });
  });
});
