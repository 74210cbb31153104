// The loader with --serve-from against an in-process store that LOADs the documents it is told about
// (test/support/fakePullStore.ts): many graphs per request, counts, the fallback for a wrong count, failures, and the
// document URLs' secret.

import { afterEach, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { DOCUMENT_BYTES } from '../../../../src/load/sparql/pull.js';
import { checkServeFrom, endpointOptionsFromEnv } from '../../../../src/load/sparql/options.js';
import { PipelineError } from '../../../../src/errors.js';
import { startFakePullStore, type FakePullStore, type LoadHook } from '../../../support/fakePullStore.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const G = (n: number | string): string => `https://example.org/graph/${n}`;
const P = namedNode('https://example.org/p');
/** Long literals: documents of several MiB from few triples. */
const PAD = 'x'.repeat(200);

/** `n` ground triples and a chain of two blank nodes (labelled alike in every graph). */
function quadsOf(g: string, n: number, value = 'v'): Quad[] {
  return [
    ...Array.from({ length: n }, (_, i) => quad(namedNode(`${g}#s${i}`), P, literal(`${value}${i} ${PAD}`))),
    quad(namedNode(g), P, blankNode('a')),
    quad(blankNode('a'), P, blankNode('b')),
    quad(blankNode('b'), P, literal('end')),
  ];
}

/** What the fake store holds for the graph, blank nodes shown as _: (each load labels them afresh). */
const shape = (store: FakePullStore, g: string): string[] =>
  [...(store.graphs.get(g) ?? [])].map((t) => t.replace(/_:\d+_\w+/g, '_:')).sort();
const expectedShape = (g: string, n: number, value = 'v'): string[] =>
  [
    ...Array.from({ length: n }, (_, i) => `${g}#s${i} ${P.value} ${JSON.stringify(`${value}${i} ${PAD}`)}`),
    `${g} ${P.value} _:`,
    `_: ${P.value} _:`,
    `_: ${P.value} "end"`,
  ].sort();

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setUp(hook?: LoadHook, extra: { concurrency?: number; serveFrom?: string; retries?: number } = {}) {
  const store = await startFakePullStore(hook);
  cleanup.push(() => store.close());
  const retries: string[] = [];
  const loader = new SparqlLoader(
    {
      query: store.endpoint,
      graphStore: store.graphStore,
      serveFrom: 'http://127.0.0.1:0',
      concurrency: 2,
      retries: 0,
      retryBaseMs: 1,
      ...extra,
    },
    { onRetry: (e) => retries.push(String(e)) },
  );
  cleanup.push(() => loader.close());
  return { store, loader, retries };
}

describe('--serve-from: the store LOADs documents served by the loader', () => {
  it('loads many graphs per request, each into its own graph with its own blank nodes, one count per document', async () => {
    const { store, loader } = await setUp();
    // About 2.5 documents' worth: 60 graphs of 600 triples of ~300 bytes.
    const graphs = Array.from({ length: 60 }, (_, i) => G(i));
    const confirmed = new Map<string, number>();
    for (const g of graphs)
      await loader.replace(g, quadsOf(g, 600), { confirmed: (n) => confirmed.set(g, n), absent: true });
    const summary = await loader.finish();
    expect(summary).toMatchObject({ loaded: 60, failed: [], notStarted: [], triples: 60 * 603 });
    // Documents of DOCUMENT_BYTES and up (the last one made: what was left), each loaded by one request and one count.
    // Up to four requests run at once, so the store may fetch the last one first: sizes compared largest first.
    const sizes = store.fetches.map((f) => f.bytes).sort((a, b) => b - a);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const bytes of sizes.slice(0, -1)) expect(bytes).toBeGreaterThanOrEqual(DOCUMENT_BYTES);
    expect(sizes.at(-1)).toBeLessThan(DOCUMENT_BYTES);
    expect(store.updates).toHaveLength(sizes.length);
    expect(store.counts).toBe(sizes.length);
    expect(store.puts).toEqual([]);
    for (const g of graphs) {
      expect(shape(store, g)).toEqual(expectedShape(g, 600));
      expect(confirmed.get(g)).toBe(603);
    }
    // The blank nodes of two graphs were sent in one document with the same labels: they must stay apart.
    const blanks = (g: string) => [...store.graphs.get(g)!].join(' ').match(/_:\d+_\w+/g)!;
    expect(blanks(G(0)).some((b) => blanks(G(1)).includes(b))).toBe(false);
    // Every document was fetched once, and none can be fetched after the load.
    expect(store.fetches.every((f) => f.status === 200)).toBe(true);
    for (const f of store.fetches) await expect(fetch(f.url)).rejects.toThrow();
  });

  it('replaces what a graph held: its old triples are deleted by the same request', async () => {
    const { store, loader } = await setUp();
    for (const g of [G('a'), G('b')]) await loader.replace(g, quadsOf(g, 3, 'old'));
    await loader.finish();
    const again = new SparqlLoader({ query: store.endpoint, serveFrom: 'http://127.0.0.1:0', retries: 0 });
    cleanup.push(() => again.close());
    await again.replace(G('a'), quadsOf(G('a'), 2, 'new'));
    expect(await again.finish()).toMatchObject({ loaded: 1, failed: [] });
    expect(shape(store, G('a'))).toEqual(expectedShape(G('a'), 2, 'new'));
    expect(shape(store, G('b'))).toEqual(expectedShape(G('b'), 3, 'old'));
  });

  it('a graph whose count comes out wrong is written again the ordinary way (PUT) and counted again', async () => {
    let lost = false;
    const { store, loader } = await setUp((quads) => {
      if (lost) return quads;
      lost = true;
      return quads.filter((q) => !(q.graph.value === G(2) && q.subject.value === `${G(2)}#s0`));
    });
    for (const g of [G(1), G(2), G(3)]) await loader.replace(g, quadsOf(g, 5));
    expect(await loader.finish()).toMatchObject({ loaded: 3, failed: [], triples: 24 });
    expect(store.puts).toEqual([G(2)]);
    expect(shape(store, G(2))).toEqual(expectedShape(G(2), 5));
  });

  it('a document whose request was retried stays served until the load ends; the others are dropped once loaded', async () => {
    let calls = 0;
    // The first LOAD is answered 503 without being applied: the client retries it.
    const { store, loader, retries } = await setUp((quads) => (calls++ === 0 ? { status: 503, body: 'busy' } : quads), {
      retries: 1,
      concurrency: 1,
    });
    for (let i = 0; i < 60; i++) await loader.replace(G(i), quadsOf(G(i), 600));
    // Two full documents are loaded before finish(); wait until both are counted.
    for (let t = 0; store.counts < 2 && t < 400; t++) await new Promise((r) => setTimeout(r, 25));
    expect(store.counts).toBeGreaterThanOrEqual(2);
    expect(retries).toHaveLength(1);
    const [first, , second] = store.fetches.map((f) => f.url);
    expect(store.fetches[0]!.url).toBe(store.fetches[1]!.url);
    expect((await fetch(first!)).status).toBe(200);
    expect((await fetch(second!)).status).toBe(404);
    expect(await loader.finish()).toMatchObject({ loaded: 60, failed: [] });
    await expect(fetch(first!)).rejects.toThrow();
  });

  it('the same graph twice in one load: the second write waits for the first, and wins', async () => {
    const { store, loader } = await setUp();
    await loader.replace(G(1), quadsOf(G(1), 4, 'first'));
    await loader.replace(G(1), quadsOf(G(1), 2, 'second'));
    expect(await loader.finish()).toMatchObject({ loaded: 2, failed: [] });
    expect(store.updates).toHaveLength(2);
    expect(shape(store, G(1))).toEqual(expectedShape(G(1), 2, 'second'));
  });

  it('a refused LOAD fails its graphs, and no message carries the secret of the document URL', async () => {
    const { store, loader } = await setUp((_quads, url) => ({
      status: 400,
      body: `Virtuoso 22023 Error SR601: cannot load ${url}`,
    }));
    for (const g of [G(1), G(2)]) await loader.replace(g, quadsOf(g, 2));
    const summary = await loader.finish();
    expect(summary.failed.map((f) => [f.graph, f.code])).toEqual([
      [G(1), 'ENDPOINT_HTTP_STATUS'],
      [G(2), 'ENDPOINT_HTTP_STATUS'],
    ]);
    const token = new URL(store.fetches[0]!.url).pathname.split('/')[1]!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const error = loader.notLoadedError(summary)!;
    const everything = JSON.stringify([summary, error.message, error.details, (error.cause as Error).message]);
    expect(everything).toContain('cannot load');
    expect(everything).not.toContain(token);
  });

  it('an address that cannot be served from stops the load with CONFIG_INVALID; nothing reaches the store', async () => {
    const { store, loader } = await setUp(undefined, { serveFrom: 'http://192.0.2.1:8' });
    for (const g of [G(1), G(2)]) await loader.replace(g, quadsOf(g, 2));
    const summary = await loader.finish();
    expect(loader.stopped).toBeInstanceOf(PipelineError);
    expect(loader.stopped).toMatchObject({ code: 'CONFIG_INVALID', key: '--serve-from' });
    expect(summary.loaded).toBe(0);
    expect(store.updates).toEqual([]);
  });
});

describe('--serve-from: the flag', () => {
  it('takes http://<address>:<port> only', () => {
    expect(checkServeFrom('http://127.0.0.1:8899')).toBe('http://127.0.0.1:8899');
    expect(checkServeFrom('http://[::1]:8899/')).toBe('http://[::1]:8899/');
    for (const bad of [
      'https://127.0.0.1:8899',
      'http://127.0.0.1',
      'http://127.0.0.1:8899/docs',
      'http://127.0.0.1:8899/?a=1',
      'http://user:pw@127.0.0.1:8899',
      'ftp://127.0.0.1:21',
      '127.0.0.1:8899',
    ]) {
      expect(() => checkServeFrom(bad), bad).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', key: '--serve-from' }),
      );
    }
  });

  it('reaches the loader options from the flags; absent, no server is started', () => {
    expect(
      endpointOptionsFromEnv({ endpoint: 'http://s/sparql', serveFrom: 'http://10.0.0.5:7001' }, {}),
    ).toMatchObject({
      serveFrom: 'http://10.0.0.5:7001',
    });
    expect(endpointOptionsFromEnv({ endpoint: 'http://s/sparql' }, {})).not.toHaveProperty('serveFrom');
  });
});
