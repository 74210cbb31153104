// EndpointSink against an in-process Graph Store on 127.0.0.1 (test/support/httpServer.ts): what it records in the run
// state and journal around each request, what verify() repairs, and when a failure stops the load.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { EndpointSink } from '../../../src/load/endpointSink.js';
import { endsTheLoad, SparqlLoader } from '../../../src/load/sparql/loader.js';
import { emptyState, IN_FLIGHT, type RunState } from '../../../src/load/state.js';
import { PipelineError } from '../../../src/errors.js';
import { startServer, type Answer, type SeenRequest, type TestServer } from '../../support/httpServer.js';

const { namedNode, literal, quad } = DataFactory;
const G = (n: string): string => `https://example.org/graph/${n}`;
const quadsOf = (g: string, n: number): Quad[] =>
  Array.from({ length: n }, (_, i) =>
    quad(namedNode(`${g}#s${i}`), namedNode('https://example.org/p'), literal(`v${i}`)),
  );

/** A Graph Store + SPARQL count endpoint over a Map; `fault` may answer a request instead (by its index). */
interface FakeStore {
  server: TestServer;
  graphs: Map<string, number>;
  /** Journal lines present on disk when each PUT or DELETE arrived, by graph. */
  journalAtWrite: Map<string, string[]>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fakeStore(
  out: string,
  fault: (req: SeenRequest) => Answer | undefined = () => undefined,
): Promise<FakeStore> {
  const graphs = new Map<string, number>();
  const journalAtWrite = new Map<string, string[]>();
  const server = await startServer((req) => {
    const injected = fault(req);
    if (injected) return injected;
    const url = new URL(req.url, 'http://x');
    const graph = url.searchParams.get('graph') ?? '';
    if (req.method === 'PUT' || req.method === 'DELETE' || (req.method === 'POST' && url.searchParams.has('graph'))) {
      journalAtWrite.set(graph, journal(out));
      if (req.method === 'DELETE') return graphs.delete(graph) ? { status: 200 } : { status: 404 };
      const lines = req.body.split('\n').filter((l) => l !== '').length;
      // PUT replaces the graph; POST adds to it (every line counted: lines already there are not recognised).
      graphs.set(graph, (req.method === 'POST' ? (graphs.get(graph) ?? 0) : 0) + lines);
      return { status: 201 };
    }
    const query = new URLSearchParams(req.body).get('query') ?? '';
    const one = /GRAPH <([^>]+)>/.exec(query)?.[1];
    const rows =
      one !== undefined
        ? [{ n: { value: String(graphs.get(one) ?? 0) } }]
        : [...graphs].map(([g, n]) => ({ g: { type: 'uri', value: g }, n: { value: String(n) } }));
    return {
      status: 200,
      headers: { 'content-type': 'application/sparql-results+json' },
      body: JSON.stringify({ results: { bindings: rows } }),
    };
  });
  cleanup.push(() => server.close());
  return { server, graphs, journalAtWrite };
}

function outDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkg-sink-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function journal(out: string): string[] {
  try {
    return readFileSync(path.join(out, 'state.journal'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

function sinkFor(
  store: FakeStore,
  out: string,
  state: RunState,
  extra: { concurrency?: number; retries?: number; confirmBatch?: number; postToAbsent?: boolean } = {},
): EndpointSink {
  const loader = new SparqlLoader({
    query: `${store.server.url}/sparql`,
    graphStore: `${store.server.url}/crud`,
    retries: 0,
    retryBaseMs: 1,
    retryMaxMs: 2,
    ...extra,
  });
  cleanup.push(() => loader.close());
  return new EndpointSink(loader, out, state);
}

async function failure(p: Promise<unknown>): Promise<PipelineError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

describe('EndpointSink records each graph around its requests', () => {
  it('journals a graph in flight before its PUT reaches the store, and as loaded with its count once counted', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const state = emptyState();
    const sink = sinkFor(store, out, state);
    await sink.replace(G('a'), quadsOf(G('a'), 3), 'hash-a');
    await sink.replace(G('b'), quadsOf(G('b'), 2), 'hash-b');
    const summary = await sink.finish();
    const target = `${store.server.url}/crud`;
    expect(summary).toEqual({
      target,
      loaded: 2,
      dropped: 0,
      triples: 5,
      failed: [],
      notStarted: [],
      repaired: [],
      stagingDropped: 0,
    });
    expect(store.journalAtWrite.get(G('a'))).toContain(JSON.stringify({ target, graph: G('a'), hash: IN_FLIGHT }));
    expect(store.journalAtWrite.get(G('a'))!.some((l) => l.includes('hash-a'))).toBe(false);
    expect(journal(out).map((l) => JSON.parse(l) as unknown)).toEqual(
      expect.arrayContaining([
        { target, graph: G('a'), hash: 'hash-a', triples: 3 },
        { target, graph: G('b'), hash: 'hash-b', triples: 2 },
      ]),
    );
    expect(state.targets[target]).toEqual({ [G('a')]: 'hash-a', [G('b')]: 'hash-b' });
    expect(state.targetTriples?.[target]).toEqual({ [G('a')]: 3, [G('b')]: 2 });
    expect(sink.loadedHash(G('a'))).toBe('hash-a');
  });

  it('a drop is journalled in flight before the DELETE, then removed from the state', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const state = emptyState();
    const sink = sinkFor(store, out, state, { concurrency: 1 });
    const target = `${store.server.url}/crud`;
    await sink.replace(G('gone'), quadsOf(G('gone'), 2), 'h');
    state.targets[target]![G('gone')] = 'h';
    await sink.drop(G('gone'));
    expect((await sink.finish()).dropped).toBe(1);
    expect(store.graphs.has(G('gone'))).toBe(false);
    expect(store.journalAtWrite.get(G('gone'))!.at(-1)).toBe(
      JSON.stringify({ target, graph: G('gone'), hash: IN_FLIGHT }),
    );
    expect(JSON.parse(journal(out).at(-1)!)).toEqual({ target, graph: G('gone'), hash: null });
    expect(sink.loadedGraphs()).toEqual([]);
  });
});

describe('EndpointSink.verify: the store checked against the state before a load', () => {
  it('marks a graph whose count changed, or that is gone, in flight; drops staging graphs; leaves graphs it does not know alone', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const target = `${store.server.url}/crud`;
    store.graphs.set(G('right'), 4);
    store.graphs.set(G('damaged'), 3);
    store.graphs.set(G('not-ours'), 9);
    store.graphs.set('urn:pathway-kg:staging:0123abcd', 2);
    const state = emptyState();
    state.targets[target] = { [G('right')]: 'h1', [G('damaged')]: 'h2', [G('lost')]: 'h3' };
    state.targetTriples = { [target]: { [G('right')]: 4, [G('damaged')]: 4, [G('lost')]: 1 } };
    const sink = sinkFor(store, out, state);
    await sink.verify();
    const summary = await sink.finish();
    expect(summary.repaired).toEqual([G('damaged'), G('lost')]);
    expect(summary.stagingDropped).toBe(1);
    expect(state.targets[target]).toEqual({ [G('right')]: 'h1', [G('damaged')]: IN_FLIGHT, [G('lost')]: IN_FLIGHT });
    expect([...store.graphs.keys()].sort()).toEqual([G('damaged'), G('not-ours'), G('right')].sort());
    expect(store.server.seen.filter((r) => r.method !== 'POST').map((r) => r.method)).toEqual(['DELETE']);
  });

  it('a store that cannot be counted stops the load before any graph is sent', async () => {
    const out = outDir();
    const store = await fakeStore(out, () => ({ status: 503, body: 'down' }));
    const sink = sinkFor(store, out, emptyState());
    const error = await failure(sink.verify());
    expect(error.code).toBe('ENDPOINT_HTTP_STATUS');
    expect(sink.stopped).toBe(error);
    await sink.replace(G('a'), quadsOf(G('a'), 1), 'h');
    const notLoaded = await failure(sink.finish());
    expect(notLoaded.message).toBe(
      `1 graphs not loaded into ${store.server.url}/crud: <${G('a')}>; first error: ${error.message}`,
    );
    expect(store.server.seen).toHaveLength(1);
    expect(journal(out)).toEqual([]);
  });
});

describe('one decision stops a load: endsTheLoad', () => {
  const status = (s: number): PipelineError =>
    new PipelineError('ENDPOINT_HTTP_STATUS', `HTTP ${s}`, { details: { status: s } });
  it('stops on an unreachable store, a timeout, refused credentials and a 5xx; not on a 4xx, a count mismatch or a bad graph', () => {
    const stops = [
      new PipelineError('ENDPOINT_UNREACHABLE', 'x'),
      new PipelineError('ENDPOINT_TIMEOUT', 'x'),
      new PipelineError('ENDPOINT_AUTH', 'x'),
      status(500),
      status(503),
    ];
    const goesOn = [
      status(499),
      status(400),
      status(404),
      status(429),
      new PipelineError('ENDPOINT_HTTP_STATUS', 'no status'),
      new PipelineError('ENDPOINT_COUNT_MISMATCH', 'x'),
      new PipelineError('INTERNAL', 'x'),
    ];
    expect(stops.map(endsTheLoad)).toEqual(stops.map(() => true));
    expect(goesOn.map(endsTheLoad)).toEqual(goesOn.map(() => false));
  });

  it('a 503 that outlives the retries: later graphs, even those already waiting, are not started; the state keeps what was confirmed', async () => {
    const out = outDir();
    const store = await fakeStore(out, (req) =>
      req.method === 'PUT' && req.url.includes(encodeURIComponent(G('b'))) ? { status: 503, body: 'busy' } : undefined,
    );
    const state = emptyState();
    const sink = sinkFor(store, out, state, { concurrency: 1, retries: 1 });
    const target = `${store.server.url}/crud`;
    for (const g of ['a', 'b', 'c']) await sink.replace(G(g), quadsOf(G(g), 2), `h-${g}`);
    await vi.waitFor(() => expect(sink.stopped?.code).toBe('ENDPOINT_HTTP_STATUS'), { timeout: 10_000 });
    await sink.replace(G('d'), quadsOf(G('d'), 2), 'h-d');
    const error = await failure(sink.finish({ pagesNotRead: 7 }));
    expect(error.message).toBe(
      `3 graphs not loaded into ${target}: <${G('b')}>, <${G('c')}>, <${G('d')}>; the run stopped with 7 more pages not read; first error: ` +
        `Endpoint ${target} answered HTTP 503 while loading graph <${G('b')}> (2 attempts): busy`,
    );
    expect(error.details).toMatchObject({
      loaded: 1,
      failed: [{ graph: G('b'), code: 'ENDPOINT_HTTP_STATUS' }],
      notStarted: [G('c'), G('d')],
    });
    expect(store.server.seen.filter((r) => r.method === 'PUT')).toHaveLength(3); // a, and b twice
    expect(state.targets[target]).toEqual({ [G('a')]: 'h-a', [G('b')]: IN_FLIGHT });
  });

  it('a 400 for one graph is that graph’s failure: the others are loaded', async () => {
    const out = outDir();
    const store = await fakeStore(out, (req) =>
      req.method === 'PUT' && req.url.includes(encodeURIComponent(G('b')))
        ? { status: 400, body: 'bad turtle' }
        : undefined,
    );
    const state = emptyState();
    const sink = sinkFor(store, out, state, { concurrency: 1 });
    for (const g of ['a', 'b', 'c']) await sink.replace(G(g), quadsOf(G(g), 2), `h-${g}`);
    const error = await failure(sink.finish());
    expect(sink.stopped).toBeUndefined();
    expect(error.message).toMatch(new RegExp(`^1 graphs not loaded into .*: <${G('b')}>; first error: .*HTTP 400`));
    expect(error.details).toMatchObject({ loaded: 2, notStarted: [] });
    expect([...store.graphs.keys()]).toEqual([G('a'), G('c')]);
  });
});

describe('fewer round trips: counts confirmed many graphs per query, POST to graphs known to be absent', () => {
  const counts = (store: FakeStore) =>
    store.server.seen.filter((r) => r.method === 'POST' && !r.url.includes('graph='));

  it('twelve graphs confirmed by one whole-store count, each journalled loaded only after it', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const state = emptyState();
    const sink = sinkFor(store, out, state, { confirmBatch: 50 });
    const names = Array.from({ length: 12 }, (_, i) => G(`many-${i}`));
    for (const [i, g] of names.entries()) await sink.replace(g, quadsOf(g, i + 1), `h${i}`);
    expect(journal(out).some((l) => l.includes('"triples"'))).toBe(false); // nothing confirmed before its count
    const summary = await sink.finish();
    expect(summary).toMatchObject({ loaded: 12, triples: 78, failed: [] });
    // One query, or two when the first graph waited its 2 s on a slow machine: never one per graph.
    const queries = counts(store).map((r) => new URLSearchParams(r.body).get('query'));
    expect(queries.length).toBeLessThanOrEqual(2);
    expect(new Set(queries)).toEqual(
      new Set(['SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g']),
    );
    // Every confirmation in the journal comes after the count query was answered, with the graph's own count.
    expect(
      journal(out)
        .filter((l) => l.includes('"triples"'))
        .map((l) => (JSON.parse(l) as { triples: number }).triples)
        .sort((a, b) => a - b),
    ).toEqual(names.map((_, i) => i + 1));
  });

  it('confirmBatch 1 (the default), one graph at a time: each graph is counted, so journalled, before the next is sent', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const sink = sinkFor(store, out, emptyState(), { concurrency: 1 });
    for (const g of ['p', 'q']) await sink.replace(G(g), quadsOf(G(g), 2), 'h');
    await sink.finish();
    const steps = store.server.seen.map((r) =>
      r.method === 'PUT'
        ? `PUT ${new URL(r.url, 'http://x').searchParams.get('graph')}`
        : `COUNT ${/GRAPH <([^>]+)>/.exec(new URLSearchParams(r.body).get('query') ?? '')?.[1]}`,
    );
    expect(steps).toEqual([`PUT ${G('p')}`, `COUNT ${G('p')}`, `PUT ${G('q')}`, `COUNT ${G('q')}`]);
    expect(store.journalAtWrite.get(G('q'))!.some((l) => l.includes(G('p')) && l.includes('"triples":2'))).toBe(true);
  });

  it('confirmBatch 1: one count query per graph, naming it', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const sink = sinkFor(store, out, emptyState(), { confirmBatch: 1 });
    for (const g of ['x', 'y', 'z']) await sink.replace(G(g), quadsOf(G(g), 2), 'h');
    await sink.finish();
    expect(
      counts(store)
        .map((r) => /GRAPH <([^>]+)>/.exec(new URLSearchParams(r.body).get('query') ?? '')?.[1])
        .sort(),
    ).toEqual([G('x'), G('y'), G('z')]);
  });

  it('a graph the store holds short of what was sent is a count mismatch in the batch count too, and stays in flight', async () => {
    const out = outDir();
    // The store keeps one triple fewer than it was sent for graph "short".
    const store = await fakeStore(out, (req) => {
      if (req.method !== 'PUT' || !req.url.includes(encodeURIComponent(G('short')))) return undefined;
      store.graphs.set(G('short'), req.body.split('\n').filter((l) => l !== '').length - 1);
      return { status: 201 };
    });
    const state = emptyState();
    const sink = sinkFor(store, out, state, { confirmBatch: 50 });
    await sink.replace(G('ok'), quadsOf(G('ok'), 3), 'h-ok');
    await sink.replace(G('short'), quadsOf(G('short'), 3), 'h-short');
    const error = await failure(sink.finish());
    expect(error.code).toBe('ENDPOINT_COUNT_MISMATCH');
    expect(error.message).toContain(
      `Graph <${G('short')}> holds 2 triples at endpoint ${store.server.url}/sparql after 3 were sent`,
    );
    expect(state.targets[`${store.server.url}/crud`]).toEqual({ [G('ok')]: 'h-ok', [G('short')]: IN_FLIGHT });
  });

  it('postToAbsent: a graph verify() did not find is created with POST; one the store holds, or one written before in this run, with PUT', async () => {
    const out = outDir();
    const store = await fakeStore(out, (req) => {
      if (req.method !== 'POST' || !req.url.includes('graph=')) return undefined;
      const graph = new URL(req.url, 'http://x').searchParams.get('graph')!;
      store.graphs.set(graph, (store.graphs.get(graph) ?? 0) + req.body.split('\n').filter((l) => l !== '').length);
      return { status: 201 };
    });
    store.graphs.set(G('there'), 7);
    const sink = sinkFor(store, out, emptyState(), { postToAbsent: true, concurrency: 1 });
    await sink.verify();
    await sink.replace(G('new'), quadsOf(G('new'), 2), 'h');
    await sink.replace(G('there'), quadsOf(G('there'), 2), 'h');
    await sink.replace(G('new'), quadsOf(G('new'), 3), 'h2');
    expect(await sink.finish()).toMatchObject({ loaded: 3, failed: [] });
    const writes = store.server.seen
      .filter((r) => r.url.includes('graph='))
      .map((r) => `${r.method} ${new URL(r.url, 'http://x').searchParams.get('graph')}`);
    expect(writes).toEqual([`POST ${G('new')}`, `PUT ${G('there')}`, `PUT ${G('new')}`]);
    expect(store.graphs.get(G('new'))).toBe(3);
  });

  it('a POST that finds the graph there after all (written by another client since the start count) is followed by a PUT', async () => {
    const out = outDir();
    const store = await fakeStore(out, (req) => {
      // Another client creates the graph with 5 triples just before our POST reaches the store.
      if (req.method === 'POST' && req.url.includes('graph=')) store.graphs.set(G('raced'), 5);
      return undefined;
    });
    const state = emptyState();
    const sink = sinkFor(store, out, state, { postToAbsent: true, concurrency: 1 });
    await sink.verify();
    await sink.replace(G('raced'), quadsOf(G('raced'), 2), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 2, failed: [] });
    const steps = store.server.seen
      .filter((r) => r.url.includes('graph=') || /GRAPH <http/.test(new URLSearchParams(r.body).get('query') ?? ''))
      .map((r) => (r.url.includes('graph=') ? r.method : 'COUNT'));
    expect(steps).toEqual(['POST', 'COUNT', 'PUT', 'COUNT']);
    expect(store.graphs.get(G('raced'))).toBe(2);
    expect(state.targets[`${store.server.url}/crud`]).toEqual({ [G('raced')]: 'h' });
  });

  it('a POST the store applied but answered 503, then retried, is applied twice: the wrong count sends a PUT', async () => {
    const out = outDir();
    let posts = 0;
    const store = await fakeStore(out, (req) => {
      if (req.method !== 'POST' || !req.url.includes('graph=') || ++posts > 1) return undefined;
      store.graphs.set(G('twice'), 3); // applied, then the answer is lost
      return { status: 503 };
    });
    const sink = sinkFor(store, out, emptyState(), { postToAbsent: true, concurrency: 1, retries: 1 });
    await sink.verify();
    await sink.replace(G('twice'), quadsOf(G('twice'), 3), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 3, failed: [] });
    expect(store.server.seen.filter((r) => r.url.includes('graph=')).map((r) => r.method)).toEqual([
      'POST',
      'POST',
      'PUT',
    ]);
    expect(store.graphs.get(G('twice'))).toBe(3);
  });

  it('a graph short after its POST and again after the PUT is a count mismatch naming it, left in flight', async () => {
    const out = outDir();
    const store = await fakeStore(out, (req) => {
      if (!req.url.includes('graph=') || req.method === 'DELETE') return undefined;
      store.graphs.set(G('lossy'), req.body.split('\n').filter((l) => l !== '').length - 1);
      return { status: 201 };
    });
    const state = emptyState();
    const sink = sinkFor(store, out, state, { postToAbsent: true, concurrency: 1 });
    await sink.verify();
    await sink.replace(G('lossy'), quadsOf(G('lossy'), 4), 'h');
    const error = await failure(sink.finish());
    expect(error.code).toBe('ENDPOINT_COUNT_MISMATCH');
    expect(error.message).toContain(`Graph <${G('lossy')}> holds 3 triples`);
    expect(store.server.seen.filter((r) => r.url.includes('graph=')).map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(state.targets[`${store.server.url}/crud`]).toEqual({ [G('lossy')]: IN_FLIGHT });
  });

  it('postToAbsent false (the default): an absent graph is PUT too', async () => {
    const out = outDir();
    const store = await fakeStore(out);
    const sink = sinkFor(store, out, emptyState());
    await sink.verify();
    await sink.replace(G('new'), quadsOf(G('new'), 2), 'h');
    await sink.finish();
    expect(store.server.seen.filter((r) => r.url.includes('graph=')).map((r) => r.method)).toEqual(['PUT']);
  });
});
