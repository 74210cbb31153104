// Against the real Virtuoso: digest auth on its authenticated endpoints, basic auth through a checking proxy.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { PipelineError } from '../../../../src/errors.js';
import { startFaultProxy, type FaultProxy } from '../../../support/faultProxy.js';
import { holdStore } from '../../../support/virtuosoLock.js';
import { countTriples, graphContent, graphName, requireVirtuoso, type Virtuoso } from '../../../support/virtuoso.js';

const { namedNode: iri, literal, quad } = DataFactory;

function labels(n: number, tag: string): Quad[] {
  return Array.from({ length: n }, (_, i) =>
    quad(
      iri(`http://example.org/${tag}/${i}`),
      iri('http://www.w3.org/2000/01/rdf-schema#label'),
      literal(`${tag} ${i}`),
    ),
  );
}
function expected(n: number, tag: string): string[] {
  return Array.from(
    { length: n },
    (_, i) => `<http://example.org/${tag}/${i}> <http://www.w3.org/2000/01/rdf-schema#label> "${tag} ${i}"`,
  ).sort();
}

async function failure(p: Promise<unknown>): Promise<PipelineError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PipelineError)) throw new Error(`expected a PipelineError, got ${String(error)}`);
  return error;
}

describe('endpoint authentication against Virtuoso', () => {
  let vt: Virtuoso;
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();

  it('digest auth on /sparql-auth: Update batches and the count check, several graphs at once', async () => {
    const loader = new SparqlLoader({
      query: vt.sparqlAuth,
      concurrency: 3,
      batchTriples: 3,
      retries: 0,
      credentials: { user: vt.user, password: vt.password },
    });
    try {
      const graphs = [0, 1, 2, 3, 4].map((i) => ({
        graph: graphName(`digest-update-${i}`),
        quads: labels(4 + i, `du${i}`),
      }));
      const confirmed: [string, number][] = [];
      for (const g of graphs)
        await loader.replace(g.graph, g.quads, { confirmed: (n) => confirmed.push([g.graph, n]) });
      expect(loader.notLoadedError(await loader.finish())).toBeUndefined();
      expect(confirmed.sort()).toEqual(graphs.map((g, i) => [g.graph, 4 + i]).sort());
      for (const [i, g] of graphs.entries()) expect(await graphContent(vt, g.graph)).toEqual(expected(4 + i, `du${i}`));
    } finally {
      await loader.close();
    }
  });

  it('digest auth on /sparql-graph-crud-auth: Graph Store PUT', async () => {
    const loader = new SparqlLoader({
      query: vt.sparqlAuth,
      graphStore: vt.graphCrudAuth,
      retries: 0,
      credentials: { user: vt.user, password: vt.password },
    });
    try {
      const g = graphName('digest-gsp');
      expect(await loader.replaceGraph(g, labels(7, 'dg'))).toEqual({ sent: 7, counted: 7 });
      expect(await graphContent(vt, g)).toEqual(expected(7, 'dg'));
      await loader.dropGraph(g);
      expect(await countTriples(vt, g)).toBe(0);
    } finally {
      await loader.close();
    }
  });

  it('wrong credentials: ENDPOINT_AUTH naming the endpoint and graph, the password nowhere, nothing loaded', async () => {
    const password = 'wrong-Pa55word-xyz';
    const loader = new SparqlLoader({
      query: vt.sparqlAuth,
      graphStore: vt.graphCrudAuth,
      retries: 3,
      credentials: { user: vt.user, password },
    });
    try {
      const g = graphName('digest-wrong');
      const error = await failure(loader.replaceGraph(g, labels(3, 'dw')));
      expect(error.code).toBe('ENDPOINT_AUTH');
      expect(error.message).toBe(
        `Endpoint ${vt.graphCrudAuth} rejected the credentials in PATHWAY_KG_ENDPOINT_USER / PATHWAY_KG_ENDPOINT_PASSWORD (HTTP 401) while loading graph <${g}>`,
      );
      expect(error.details).toMatchObject({ attempts: 1, status: 401, graph: g });
      const shown = `${error.message} ${JSON.stringify(error)} ${error.located()}`;
      expect(shown).not.toContain(password);
      expect(await countTriples(vt, g)).toBe(0);
    } finally {
      await loader.close();
    }
  });

  it('no credentials for an authenticated endpoint: ENDPOINT_AUTH saying which variables to set', async () => {
    const loader = new SparqlLoader({ query: vt.sparqlAuth, retries: 3 });
    try {
      const g = graphName('digest-none');
      const error = await failure(loader.replaceGraph(g, labels(2, 'dn')));
      expect(error.code).toBe('ENDPOINT_AUTH');
      expect(error.message).toBe(
        `Endpoint ${vt.sparqlAuth} requires authentication (HTTP 401) while loading graph <${g}>: set PATHWAY_KG_ENDPOINT_USER and PATHWAY_KG_ENDPOINT_PASSWORD`,
      );
    } finally {
      await loader.close();
    }
  });

  describe('basic auth (a proxy on 127.0.0.1 that asks for it, in front of Virtuoso)', () => {
    let proxy: FaultProxy;
    const user = 'basic-user';
    const password = 'basic-Pa55';
    beforeAll(async () => {
      const good = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      proxy = await startFaultProxy(
        vt.base,
        (req) =>
          req.headers.authorization === good
            ? 'pass'
            : { status: 401, body: 'who are you', headers: { 'www-authenticate': 'Basic realm="test"' } },
        { stripAuthorization: true },
      );
    });
    afterAll(() => proxy?.close());

    it('answers the challenge and then sends the credentials up front', async () => {
      const loader = new SparqlLoader({
        query: `${proxy.base}/sparql`,
        graphStore: `${proxy.base}/sparql-graph-crud`,
        retries: 0,
        credentials: { user, password },
      });
      try {
        const g = graphName('basic');
        expect(await loader.replaceGraph(g, labels(5, 'ba'))).toEqual({ sent: 5, counted: 5 });
        expect(await graphContent(vt, g)).toEqual(expected(5, 'ba'));
        // PUT (401), PUT again with credentials, then the count query with them from the start
        expect(proxy.log.map((r) => [r.method, r.fault])).toEqual([
          ['PUT', '401'],
          ['PUT', 'pass'],
          ['POST', 'pass'],
        ]);
      } finally {
        await loader.close();
      }
    });

    it('wrong basic credentials: ENDPOINT_AUTH', async () => {
      const loader = new SparqlLoader({
        query: `${proxy.base}/sparql`,
        graphStore: `${proxy.base}/sparql-graph-crud`,
        retries: 2,
        credentials: { user, password: 'nope-nope' },
      });
      try {
        const g = graphName('basic-wrong');
        const error = await failure(loader.replaceGraph(g, labels(1, 'bw')));
        expect(error.code).toBe('ENDPOINT_AUTH');
        expect(error.message).toBe(
          `Endpoint ${proxy.base}/sparql-graph-crud rejected the credentials in PATHWAY_KG_ENDPOINT_USER / PATHWAY_KG_ENDPOINT_PASSWORD (HTTP 401) while loading graph <${g}>`,
        );
        expect(JSON.stringify(error)).not.toContain('nope-nope');
        expect(await countTriples(vt, g)).toBe(0);
      } finally {
        await loader.close();
      }
    });
  });
});
