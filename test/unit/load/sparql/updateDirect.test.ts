// SPARQL Update into graphs absent from the store: written straight in (INSERT DATA into the graph itself, no staging
// graph, no swap), with the count after it; a wrong count loads the graph again through staging. Against an in-process
// fake store (test/support/fakeUpdateStore.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFactory, type Quad } from 'n3';
import { EndpointSink } from '../../../../src/load/endpointSink.js';
import { SparqlLoader } from '../../../../src/load/sparql/loader.js';
import { emptyState, IN_FLIGHT } from '../../../../src/load/state.js';
import { PipelineError } from '../../../../src/errors.js';
import { startFakeUpdateStore, type FakeUpdateStore } from '../../../support/fakeUpdateStore.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const G = (n: string): string => `https://example.org/graph/${n}`;
/** `n` ground triples and one blank-node triple, as a pathway graph has (its creator). */
const quadsOf = (g: string, n: number): Quad[] => [
  ...Array.from({ length: n }, (_, i) =>
    quad(namedNode(`${g}#s${i}`), namedNode('https://example.org/p'), literal(`v${i}`)),
  ),
  quad(namedNode(g), namedNode('http://schema.org/creator'), blankNode('c')),
];

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function sinkFor(store: FakeUpdateStore, extra: { insertIntoAbsent?: boolean; retries?: number } = {}) {
  const out = mkdtempSync(path.join(tmpdir(), 'pkg-update-direct-'));
  cleanup.push(async () => rmSync(out, { recursive: true, force: true }));
  const loader = new SparqlLoader({
    query: store.endpoint,
    concurrency: 1,
    retries: 0,
    retryBaseMs: 1,
    insertIntoAbsent: true,
    ...extra,
  });
  cleanup.push(() => loader.close());
  const state = emptyState();
  return { sink: new EndpointSink(loader, out, state), state, target: loader.target };
}

/** Each update request in order, as `<first words> <graph it writes>`, staging graphs shown as STAGING. */
function updates(store: FakeUpdateStore): string[] {
  return store.server.seen
    .filter((r) => !r.body.startsWith('query='))
    .map((r) =>
      (r.body.startsWith('DELETE {') ? [r.body] : r.body.split(' ;\n'))
        .map((op) => {
          const [, verb, graph] =
            /^(INSERT DATA|INSERT|DELETE|DROP SILENT GRAPH) (?:\{ GRAPH )?(<[^>]+>)/.exec(op) ?? [];
          return `${verb} ${graph}`.replace(/<urn:pathway-kg:staging:[0-9a-f]+>/, 'STAGING');
        })
        .join(' ; '),
    );
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

describe('SPARQL Update: graphs absent from the store are written straight in', () => {
  it('one request, INSERT DATA then the blank-node INSERT, into the graph itself, no staging graph; the count confirms it', async () => {
    const store = await startFakeUpdateStore();
    cleanup.push(() => store.close());
    const { sink, state, target } = sinkFor(store);
    await sink.verify();
    await sink.replace(G('new'), quadsOf(G('new'), 3), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 4, failed: [] });
    expect(updates(store)).toEqual([`INSERT DATA <${G('new')}> ; INSERT <${G('new')}>`]);
    expect(store.server.seen.some((r) => r.body.includes('staging'))).toBe(false);
    expect(store.graphs.get(G('new'))!.size).toBe(4);
    expect(state.targets[target]).toEqual({ [G('new')]: 'h' });
  });

  it('a graph the store holds goes through a staging graph and the guarded swap, as before', async () => {
    const store = await startFakeUpdateStore();
    cleanup.push(() => store.close());
    store.graphs.set(G('there'), new Set(['<urn:x> <urn:y> "old" .']));
    const { sink } = sinkFor(store);
    await sink.verify();
    await sink.replace(G('there'), quadsOf(G('there'), 2), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, failed: [] });
    expect(updates(store)).toEqual(['INSERT DATA STAGING', 'INSERT STAGING', `DELETE <${G('there')}>`]);
    expect([...store.graphs.get(G('there'))!].some((l) => l.includes('"old"'))).toBe(false);
    expect(store.graphs.get(G('there'))!.size).toBe(3);
  });

  it('another client writes the graph between the start count and the insert: the wrong count loads it again through staging', async () => {
    const store = await startFakeUpdateStore((req) => {
      if (req.body.startsWith(`INSERT DATA { GRAPH <${G('raced')}>`))
        store.graphs.set(G('raced'), new Set(['<urn:x> <urn:y> "theirs" .']));
      return undefined;
    });
    cleanup.push(() => store.close());
    const { sink, state, target } = sinkFor(store);
    await sink.verify();
    await sink.replace(G('raced'), quadsOf(G('raced'), 2), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 3, failed: [] });
    expect(updates(store)).toEqual([
      `INSERT DATA <${G('raced')}> ; INSERT <${G('raced')}>`,
      'INSERT DATA STAGING',
      'INSERT STAGING',
      `DELETE <${G('raced')}>`,
    ]);
    expect([...store.graphs.get(G('raced'))!].some((l) => l.includes('theirs'))).toBe(false);
    expect(store.graphs.get(G('raced'))!.size).toBe(3);
    expect(state.targets[target]).toEqual({ [G('raced')]: 'h' });
  });

  it('a blank-node INSERT applied but answered 503, then retried, is applied twice: the wrong count loads the graph again through staging', async () => {
    let failed = false;
    const store = await startFakeUpdateStore((req) => {
      if (failed || !req.body.includes(`INSERT { GRAPH <${G('twice')}>`)) return undefined;
      failed = true;
      return { status: 503 };
    });
    cleanup.push(() => store.close());
    const { sink } = sinkFor(store, { retries: 1 });
    await sink.verify();
    await sink.replace(G('twice'), quadsOf(G('twice'), 2), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 3, failed: [] });
    expect(updates(store)).toEqual([
      `INSERT DATA <${G('twice')}> ; INSERT <${G('twice')}>`,
      `INSERT DATA <${G('twice')}> ; INSERT <${G('twice')}>`,
      'INSERT DATA STAGING',
      'INSERT STAGING',
      `DELETE <${G('twice')}>`,
    ]);
    expect(store.graphs.get(G('twice'))!.size).toBe(3);
  });

  it('a graph larger than --batch-triples: INSERT DATA batches, then the blank-node INSERT, each a request', async () => {
    const store = await startFakeUpdateStore();
    cleanup.push(() => store.close());
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-update-direct-'));
    cleanup.push(async () => rmSync(out, { recursive: true, force: true }));
    const loader = new SparqlLoader({
      query: store.endpoint,
      concurrency: 1,
      retries: 0,
      batchTriples: 2,
      insertIntoAbsent: true,
    });
    cleanup.push(() => loader.close());
    const sink = new EndpointSink(loader, out, emptyState());
    await sink.verify();
    await sink.replace(G('big'), quadsOf(G('big'), 3), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 4, failed: [] });
    expect(updates(store)).toEqual([`INSERT DATA <${G('big')}>`, `INSERT DATA <${G('big')}>`, `INSERT <${G('big')}>`]);
  });

  it('a server that finds the two-operation request too large gets the operations one request each', async () => {
    const store = await startFakeUpdateStore((req) =>
      req.body.includes(' ;\n') && req.body.startsWith('INSERT DATA')
        ? { status: 400, body: 'SQ200: generated SQL text has exceeded 10000 lines' }
        : undefined,
    );
    cleanup.push(() => store.close());
    const { sink } = sinkFor(store);
    await sink.verify();
    await sink.replace(G('split'), quadsOf(G('split'), 2), 'h');
    expect(await sink.finish()).toMatchObject({ loaded: 1, triples: 3, failed: [] });
    expect(updates(store)).toEqual([
      `INSERT DATA <${G('split')}> ; INSERT <${G('split')}>`,
      `INSERT DATA <${G('split')}>`,
      `INSERT <${G('split')}>`,
    ]);
    expect(store.graphs.get(G('split'))!.size).toBe(3);
  });

  it('insertIntoAbsent false (the default): an absent graph goes through staging too', async () => {
    const store = await startFakeUpdateStore();
    cleanup.push(() => store.close());
    const out = mkdtempSync(path.join(tmpdir(), 'pkg-update-direct-'));
    cleanup.push(async () => rmSync(out, { recursive: true, force: true }));
    const loader = new SparqlLoader({ query: store.endpoint, concurrency: 1, retries: 0 });
    cleanup.push(() => loader.close());
    const sink = new EndpointSink(loader, out, emptyState());
    await sink.verify();
    await sink.replace(G('new'), quadsOf(G('new'), 2), 'h');
    await sink.finish();
    expect(updates(store)).toEqual(['INSERT DATA STAGING', 'INSERT STAGING', `DELETE <${G('new')}>`]);
  });

  it('a graph short after the insert and after staging too is a count mismatch naming it, left in flight', async () => {
    const store = await startFakeUpdateStore((req) => {
      // The store drops one ground triple of every INSERT DATA it is sent.
      if (req.body.startsWith('INSERT DATA')) req.body = req.body.replace(/\n[^\n]*\n/, '\n');
      return undefined;
    });
    cleanup.push(() => store.close());
    const { sink, state, target } = sinkFor(store);
    await sink.verify();
    await sink.replace(G('lossy'), quadsOf(G('lossy'), 3), 'h');
    const error = await failure(sink.finish());
    expect(error.code).toBe('ENDPOINT_COUNT_MISMATCH');
    expect(error.message).toContain(`Graph <${G('lossy')}> holds 3 triples`);
    expect(updates(store)).toEqual([
      `INSERT DATA <${G('lossy')}> ; INSERT <${G('lossy')}>`,
      'INSERT DATA STAGING',
      'INSERT STAGING',
      // the staging graph given up on, dropped at the end of the load
      'DROP SILENT GRAPH STAGING',
    ]);
    expect(state.targets[target]).toEqual({ [G('lossy')]: IN_FLIGHT });
  });
});
