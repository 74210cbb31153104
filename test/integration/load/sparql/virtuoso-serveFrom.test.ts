// Against the real Virtuoso: --serve-from, where Virtuoso LOADs N-Quads documents this process serves. It must put
// each quad into its own graph (not the default graph, nor one named after the document), keep the blank nodes of
// graphs sent in one document apart, replace what a graph held, and keep tricky literals as Graph Store PUT does.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Parser, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';
import { holdStore } from '../../../support/virtuosoLock.js';
import { graphContent, graphName, requireVirtuoso, select, type Virtuoso } from '../../../support/virtuoso.js';

const { namedNode: iri, literal, quad } = DataFactory;

function fixture(name: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(
    readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'load', name), 'utf8'),
  );
}

describe('--serve-from against Virtuoso', () => {
  let vt: Virtuoso;
  const loaders: SparqlLoader[] = [];
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();
  afterAll(async () => {
    for (const l of loaders) await l.close();
  });
  const loader = (): SparqlLoader => {
    const l = new SparqlLoader({ query: vt.sparql, serveFrom: 'http://127.0.0.1:0', retries: 0 });
    loaders.push(l);
    return l;
  };

  it('loads graphs from one document into their own graphs, then replaces them; the same as Graph Store PUT', async () => {
    const [a, b, c] = [graphName('pull-a'), graphName('pull-b'), graphName('pull-c')];
    const reference = [graphName('pull-ref-a'), graphName('pull-ref-b')] as const;
    // The reference: the same fixtures by Graph Store PUT.
    const put = new SparqlLoader({ query: vt.sparql, graphStore: vt.graphCrud, retries: 0 });
    loaders.push(put);
    await put.replaceGraph(reference[0], fixture('graph-a.nt'));
    await put.replaceGraph(reference[1], fixture('graph-b.nt'));

    const first = loader();
    // graph-a.nt holds a blank node; loaded twice in one document (a and c), the two must not become one node.
    await first.replace(a, fixture('graph-a.nt'));
    await first.replace(b, fixture('graph-b.nt'));
    await first.replace(c, fixture('graph-a.nt'));
    expect(await first.finish()).toMatchObject({ loaded: 3, triples: 25, failed: [], notStarted: [] });
    expect(await graphContent(vt, a)).toEqual(await graphContent(vt, reference[0]));
    expect(await graphContent(vt, b)).toEqual(await graphContent(vt, reference[1]));
    expect(await graphContent(vt, c)).toEqual(await graphContent(vt, reference[0]));
    const blank = async (g: string) =>
      (await select(vt, `SELECT ?o WHERE { GRAPH <${g}> { ?s <http://purl.org/dc/terms/references> ?o } }`))[0]!.o!
        .value;
    expect(await blank(a)).not.toBe(await blank(c));

    // Nothing went anywhere else: not into the default graph, nor into a graph named after a document URL.
    const strays = await select(
      vt,
      `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "http://127.0.0.1:")) }`,
    );
    expect(strays.filter((r) => r.g!.value.includes('.nq'))).toEqual([]);

    // A second load replaces a: nothing of graph-a.nt is left.
    const second = loader();
    await second.replace(a, fixture('graph-b.nt'));
    expect(await second.finish()).toMatchObject({ loaded: 1, triples: 5, failed: [] });
    expect(await graphContent(vt, a)).toEqual(await graphContent(vt, reference[1]));
    expect(await graphContent(vt, c)).toEqual(await graphContent(vt, reference[0]));
  });

  it('works through the digest-authenticated endpoint, as a user with SPARQL_UPDATE only', async () => {
    const g = graphName('pull-auth');
    const l = new SparqlLoader({
      query: vt.sparqlAuth,
      serveFrom: 'http://127.0.0.1:0',
      retries: 0,
      credentials: { user: vt.user, password: vt.password },
    });
    loaders.push(l);
    await l.replace(g, fixture('graph-b.nt'));
    const summary = await l.finish();
    expect(summary).toMatchObject({ loaded: 1, triples: 5, failed: [] });
  });

  it('keeps tricky literals as they are', async () => {
    const g = graphName('pull-tricky');
    const values = [
      'double "quotes"',
      'line one\nline two\r\nthree',
      'tab\tback\\slash',
      'é 漢字 😀',
      '} ; DROP ALL ;',
    ];
    const quads = values.map((v, i) => quad(iri(`http://example.org/t/${i}`), iri('http://example.org/v'), literal(v)));
    const l = loader();
    await l.replace(g, quads);
    expect(await l.finish()).toMatchObject({ loaded: 1, triples: values.length, failed: [] });
    const rows = await select(vt, `SELECT ?s ?o WHERE { GRAPH <${g}> { ?s <http://example.org/v> ?o } }`);
    const back = rows
      .map((r) => [Number(r.s!.value.split('/').pop()), r.o!.value])
      .sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(back).toEqual(values.map((v, i) => [i, v]));
  });
});
