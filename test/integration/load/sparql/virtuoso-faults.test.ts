// Against the real Virtuoso behind a fault-injecting proxy: retries end with the right content, or fail clearly.

import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import type { EndpointOptions } from '../../../../src/load/sparql/options.js';
import { PipelineError } from '../../../../src/errors.js';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from '../../../support/faultProxy.js';
import { holdStore } from '../../../support/virtuosoLock.js';
import { countTriples, graphContent, graphName, requireVirtuoso, type Virtuoso } from '../../../support/virtuoso.js';

const { namedNode: iri, literal, blankNode, quad } = DataFactory;
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

function labels(n: number, tag: string): Quad[] {
  return Array.from({ length: n }, (_, i) =>
    quad(iri(`http://example.org/${tag}/${i}`), iri(LABEL), literal(`${tag} ${i}`)),
  );
}
function expected(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `<http://example.org/${tag}/${i}> <${LABEL}> "${tag} ${i}"`).sort();
}

async function failure(p: Promise<unknown>): Promise<PipelineError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PipelineError)) throw new Error(`expected a PipelineError, got ${String(error)}`);
  return error;
}

/** A port on 127.0.0.1 with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('loader retries against Virtuoso behind a fault-injecting proxy', () => {
  let vt: Virtuoso;
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();

  /** Starts a proxy with `plan`, a loader through it (fast backoff), runs `fn`, closes both. */
  async function withProxy(
    plan: (req: ProxiedRequest) => Fault,
    opts: (proxyBase: string) => Partial<EndpointOptions>,
    fn: (loader: SparqlLoader, proxy: FaultProxy, retries: PipelineError[]) => Promise<void>,
  ): Promise<void> {
    const proxy = await startFaultProxy(vt.base, plan);
    const retries: PipelineError[] = [];
    const loader = new SparqlLoader(
      { query: `${proxy.base}/sparql`, retryBaseMs: 20, retryMaxMs: 100, ...opts(proxy.base) },
      { onRetry: (e) => retries.push(e as PipelineError) },
    );
    try {
      await fn(loader, proxy, retries);
    } finally {
      await loader.close();
      await proxy.close();
    }
  }

  it('rides out bursts of 503 and ends with every graph right', async () => {
    const burst = new Set([0, 1, 2, 6, 7]);
    await withProxy(
      (req) => (burst.has(req.index) ? { status: 503 } : 'pass'),
      (base) => ({ graphStore: `${base}/sparql-graph-crud`, retries: 4, concurrency: 2 }),
      async (loader, proxy, retries) => {
        const graphs = [0, 1, 2].map((i) => ({ graph: graphName(`burst-${i}`), quads: labels(3 + i, `burst${i}`) }));
        const confirmed: [string, number][] = [];
        for (const g of graphs)
          await loader.replace(g.graph, g.quads, { confirmed: (n) => confirmed.push([g.graph, n]) });
        expect(loader.notLoadedError(await loader.finish())).toBeUndefined();
        expect(confirmed.sort()).toEqual(graphs.map((g, i) => [g.graph, 3 + i]).sort());
        for (const [i, g] of graphs.entries())
          expect(await graphContent(vt, g.graph)).toEqual(expected(3 + i, `burst${i}`));
        expect(proxy.log.filter((r) => r.fault === '503')).toHaveLength(5);
        expect(retries.map((e) => [e.code, e.details?.status])).toEqual(Array(5).fill(['ENDPOINT_HTTP_STATUS', 503]));
      },
    );
  });

  it('retries a response slower than the timeout (the server had applied it) and ends right', async () => {
    let slowed = 0;
    await withProxy(
      (req) => (req.method === 'PUT' && slowed++ < 2 ? { delayMs: 1500 } : 'pass'),
      (base) => ({ graphStore: `${base}/sparql-graph-crud`, retries: 3, timeoutMs: 300 }),
      async (loader, proxy, retries) => {
        const g = graphName('slow');
        expect(await loader.replaceGraph(g, labels(6, 'slow'))).toEqual({ sent: 6, counted: 6 });
        expect(await graphContent(vt, g)).toEqual(expected(6, 'slow'));
        expect(proxy.log.map((r) => [r.method, r.fault])).toEqual([
          ['PUT', 'delay 1500'],
          ['PUT', 'delay 1500'],
          ['PUT', 'pass'],
          ['POST', 'pass'],
        ]);
        expect(retries.map((e) => e.code)).toEqual(['ENDPOINT_TIMEOUT', 'ENDPOINT_TIMEOUT']);
      },
    );
  });

  it('retries dropped connections; a blank-node insert applied twice is caught and the graph staged again', async () => {
    let droppedGround = false;
    let droppedInsert = false;
    await withProxy(
      (req) => {
        if (req.body.startsWith('INSERT {') && !droppedInsert) {
          droppedInsert = true;
          return 'drop-after-forward';
        }
        if (req.body.startsWith('INSERT DATA') && !droppedGround) {
          droppedGround = true;
          return 'drop';
        }
        return 'pass';
      },
      () => ({ retries: 3, batchTriples: 2 }),
      async (loader, proxy, retries) => {
        const g = graphName('dropped');
        const quads = [
          ...labels(3, 'dropped'),
          quad(iri('http://example.org/dropped/0'), iri('http://example.org/cites'), blankNode('c')),
          quad(blankNode('c'), iri(LABEL), literal('a citation')),
        ];
        expect(await loader.replaceGraph(g, quads)).toEqual({ sent: 5, counted: 5 });
        expect(await graphContent(vt, g)).toEqual(
          [
            ...expected(3, 'dropped'),
            '<http://example.org/dropped/0> <http://example.org/cites> _:',
            `_: <${LABEL}> "a citation"`,
          ].sort(),
        );
        const kind = (body: string): string =>
          body.startsWith('query=')
            ? 'COUNT'
            : body.startsWith('INSERT DATA')
              ? 'INSERT DATA'
              : body.startsWith('INSERT {')
                ? 'INSERT {}'
                : body.split(' ')[0]!;
        expect(proxy.log.map((r) => `${kind(r.body)}: ${r.fault}`)).toEqual([
          'INSERT DATA: drop', // into a staging graph; never reached the server
          'INSERT DATA: pass', // 2 triples
          'INSERT DATA: pass', // 1 triple
          'INSERT {}: drop-after-forward', // the blank-node group and the marker: applied, answer lost
          'INSERT {}: pass', // retried: applied again, with fresh blank nodes
          'COUNT: pass', // the staging graph: a retried blank-node insert may still land there, so it is given up
          'INSERT DATA: pass', // a fresh staging graph
          'INSERT DATA: pass',
          'INSERT {}: pass',
          'COUNT: pass', // 5 and the marker
          'DELETE: pass', // the swap into the graph
          'COUNT: pass', // the graph: 5
        ]);
        expect(retries.map((e) => e.code)).toEqual(['ENDPOINT_UNREACHABLE', 'ENDPOINT_UNREACHABLE']);
        expect(loader.takeAbandoned()).toHaveLength(1);
      },
    );
  });

  it('fails after its retry budget, names the graphs not loaded, and leaves the loaded ones right', async () => {
    const [a, x, b] = ['budget-a', 'budget-x', 'budget-b'].map(graphName) as [string, string, string];
    await withProxy(
      (req) =>
        req.url.includes(encodeURIComponent(x)) ? { status: 503, body: 'Service Unavailable: injected' } : 'pass',
      (base) => ({ graphStore: `${base}/sparql-graph-crud`, retries: 2, concurrency: 1 }),
      async (loader, proxy) => {
        await loader.replace(a, labels(2, 'ba'));
        await loader.replace(x, labels(2, 'bx'));
        await loader.replace(b, labels(2, 'bb')); // waits for a connection when the load stops: never started
        const error = loader.notLoadedError(await loader.finish())!;
        const store = `${proxy.base}/sparql-graph-crud`;
        expect(error.code).toBe('ENDPOINT_HTTP_STATUS');
        expect(error.message).toBe(
          `2 graphs not loaded into ${store}: <${x}>, <${b}>; first error: Endpoint ${store} answered HTTP 503 while loading graph <${x}> (3 attempts): Service Unavailable: injected`,
        );
        expect(error.details).toMatchObject({
          loaded: 1,
          notStarted: [b],
          failed: [{ graph: x, code: 'ENDPOINT_HTTP_STATUS' }],
        });
        expect(proxy.log.filter((r) => r.fault === '503')).toHaveLength(3);
        expect(await graphContent(vt, a)).toEqual(expected(2, 'ba'));
        expect(await countTriples(vt, x)).toBe(0);
        expect(await countTriples(vt, b)).toBe(0);
      },
    );
  });

  it('a server that never answers in time: ENDPOINT_TIMEOUT after the retries', async () => {
    await withProxy(
      () => ({ delayMs: 3000 }),
      (base) => ({ graphStore: `${base}/sparql-graph-crud`, retries: 1, timeoutMs: 200 }),
      async (loader, proxy) => {
        const g = graphName('timeout');
        const error = await failure(loader.replaceGraph(g, labels(1, 'to')));
        expect(error.code).toBe('ENDPOINT_TIMEOUT');
        expect(error.message).toBe(
          `Endpoint ${proxy.base}/sparql-graph-crud did not answer within 200 ms while loading graph <${g}> (2 attempts)`,
        );
        expect(proxy.log).toHaveLength(2);
      },
    );
  });

  it('does not retry a 4xx', async () => {
    await withProxy(
      () => ({ status: 400, body: '<html><body><h1>Bad   request</h1>\n</body></html>' }),
      (base) => ({ graphStore: `${base}/sparql-graph-crud`, retries: 4 }),
      async (loader, proxy) => {
        const g = graphName('four-hundred');
        const error = await failure(loader.replaceGraph(g, labels(1, 'fh')));
        expect(error.code).toBe('ENDPOINT_HTTP_STATUS');
        expect(error.message).toBe(
          `Endpoint ${proxy.base}/sparql-graph-crud answered HTTP 400 while loading graph <${g}> (1 attempt): Bad request`,
        );
        expect(error.details).toMatchObject({ status: 400, body: 'Bad request', attempts: 1 });
        expect(proxy.log).toHaveLength(1);
      },
    );
  });

  it('an endpoint nobody listens on: ENDPOINT_UNREACHABLE after the retries', async () => {
    const port = await closedPort();
    const store = `http://127.0.0.1:${port}/sparql-graph-crud`;
    const retries: unknown[] = [];
    const loader = new SparqlLoader(
      { query: `http://127.0.0.1:${port}/sparql`, graphStore: store, retries: 2, retryBaseMs: 10 },
      { onRetry: (e) => retries.push(e) },
    );
    try {
      const g = graphName('unreachable');
      const error = await failure(loader.replaceGraph(g, labels(1, 'un')));
      expect(error.code).toBe('ENDPOINT_UNREACHABLE');
      expect(error.message).toBe(
        `Cannot reach endpoint ${store} while loading graph <${g}>: connect ECONNREFUSED 127.0.0.1:${port} (3 attempts)`,
      );
      expect(retries).toHaveLength(2);
    } finally {
      await loader.close();
    }
  });
});
