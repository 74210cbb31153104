// Against the real Virtuoso behind a proxy that holds requests past the client's timeout and only then forwards
// them: the server executes each one after the loader has retried it and moved on. Whatever such a late request
// is, the graph ends up exactly as loaded, and stays so once every late request has run.

import { beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { startFaultProxy, type Fault, type ProxiedRequest } from '../../../support/faultProxy.js';
import { holdStore } from '../../../support/virtuosoLock.js';
import { graphContent, graphName, requireVirtuoso, select, type Virtuoso } from '../../../support/virtuoso.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const CITES = 'http://example.org/cites';
const TIMEOUT_MS = 300;

/** Three ground triples and a blank node with two triples: what a pathway with one citation looks like. */
function quads(tag: string): Quad[] {
  const c = blankNode('c');
  return [
    ...[0, 1, 2].map((i) => quad(iri(`http://example.org/${tag}/${i}`), iri(LABEL), literal(`${tag} ${i}`))),
    quad(iri(`http://example.org/${tag}/0`), iri(CITES), c),
    quad(c, iri(LABEL), literal(`${tag} citation`)),
  ];
}
function expected(tag: string): string[] {
  return [
    ...[0, 1, 2].map((i) => `<http://example.org/${tag}/${i}> <${LABEL}> "${tag} ${i}"`),
    `<http://example.org/${tag}/0> <${CITES}> _:`,
    `_: <${LABEL}> "${tag} citation"`,
  ].sort();
}

/** What kind of update a request body is, whatever graph it names (the loader picks staging names at random). */
function kind(req: ProxiedRequest): string {
  const body = req.body;
  if (body.startsWith('query=')) return 'query';
  for (const k of ['DROP', 'INSERT DATA', 'INSERT {', 'DELETE {', 'DELETE DATA']) if (body.startsWith(k)) return k;
  return body.slice(0, 12);
}

describe('requests the server executes after the loader gave up on them (SPARQL Update)', () => {
  let vt: Virtuoso;
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();

  it('the first update of a graph held 3 s, the first of every other kind 1 s: the graph is right after all of them ran', async () => {
    const seen = new Set<string>();
    let updates = 0;
    const plan = (req: ProxiedRequest): Fault => {
      const k = kind(req);
      if (k === 'query') return 'pass';
      updates++;
      if (seen.has(k)) return 'pass';
      seen.add(k);
      // The very first update (the old DROP, or the first staging insert) lands last of all.
      return { holdMs: updates === 1 ? 3000 : 1000 };
    };
    const proxy = await startFaultProxy(vt.base, plan);
    const loader = new SparqlLoader({
      query: `${proxy.base}/sparql`,
      retries: 4,
      retryBaseMs: 20,
      retryMaxMs: 50,
      timeoutMs: TIMEOUT_MS,
      batchTriples: 2,
    });
    const g = graphName('late');
    try {
      // The graph already holds an older version, as on a nightly run.
      await loader.replaceGraph(g, quads('old'));
      seen.clear();
      updates = 0;
      expect(await loader.replaceGraph(g, quads('late'))).toEqual({ sent: 5, counted: 5 });
      await proxy.settled(); // every held request has now been executed by the server
      expect(proxy.log.filter((r) => r.fault.startsWith('hold')).length).toBeGreaterThanOrEqual(3);
      expect(await graphContent(vt, g)).toEqual(expected('late'));
      // Staging graphs given up on are the caller's to drop; nothing else under the prefix but those.
      const abandoned = loader.takeAbandoned();
      const staging = await select(
        vt,
        `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:pathway-kg:staging:")) }`,
      );
      for (const row of staging) expect(abandoned).toContain(row.g!.value);
    } finally {
      await loader.close();
      await proxy.close();
    }
  }, 60_000);

  it('a swap executed twice (its answer lost, the retry applied, the first copy late) leaves the graph as loaded', async () => {
    let swaps = 0;
    const proxy = await startFaultProxy(vt.base, (req) =>
      kind(req) === 'DELETE {' && swaps++ === 0 ? { holdMs: 1000 } : 'pass',
    );
    const loader = new SparqlLoader({
      query: `${proxy.base}/sparql`,
      retries: 2,
      retryBaseMs: 20,
      timeoutMs: TIMEOUT_MS,
    });
    const g = graphName('late-swap');
    try {
      await loader.replaceGraph(g, quads('first'));
      await loader.replaceGraph(g, quads('second'));
      await proxy.settled();
      expect(swaps).toBe(3); // first load: held, then retried; second load: once
      expect(await graphContent(vt, g)).toEqual(expected('second'));
    } finally {
      await loader.close();
      await proxy.close();
    }
  }, 60_000);
});
