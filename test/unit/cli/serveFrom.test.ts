// `pathway-kg run --serve-from`: the whole run loads the example corpus by documents the store LOADs
// (test/support/fakePullStore.ts), records it like any other load, and a flag it cannot serve from is a usage error.

import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePullStore } from '../../support/fakePullStore.js';
import { nqGraphs, run, state, workspace, type Workspace } from '../../support/incremental.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setUp() {
  const store = await startFakePullStore();
  cleanup.push(() => store.close());
  const ws: Workspace = await workspace('pkg-serve-from-');
  cleanup.push(() => rm(ws.dir, { recursive: true, force: true }));
  return { store, ws, flags: ['--endpoint', store.endpoint, '--retries', '0', '--timeout', '5000'] };
}

describe('run --serve-from', () => {
  it('loads every graph of all.nq through served documents; an unchanged re-run sends nothing', async () => {
    const { store, ws, flags } = await setUp();
    const first = await run(ws, [...flags, '--serve-from', 'http://127.0.0.1:0']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const graphs = await nqGraphs(ws);
    expect(graphs.size).toBeGreaterThan(2);
    for (const [g, lines] of graphs) expect(store.graphs.get(g)?.size, g).toBe(new Set(lines).size);
    // The example corpus fits one document: one Update request and one count besides the check before the load.
    expect(store.updates).toHaveLength(1);
    expect(store.updates[0]).toMatch(/\nLOAD <http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/0\.nq>$/);
    const loaded = (await state(ws)) as unknown;
    expect(JSON.stringify(loaded)).not.toContain(new URL(/LOAD <([^>]+)>/.exec(store.updates[0]!)![1]!).pathname);

    const again = await run(ws, [...flags, '--serve-from', 'http://127.0.0.1:0']);
    expect(again.status).toBe(0);
    expect(store.updates).toHaveLength(1);
  });

  it('an address of another machine cannot be bound: exit 2, naming --serve-from, nothing loaded', async () => {
    const { store, ws, flags } = await setUp();
    const result = await run(ws, [...flags, '--serve-from', 'http://192.0.2.1:8']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--serve-from');
    expect(store.updates).toEqual([]);
  });

  it('a URL with a path is refused before anything runs', async () => {
    const { store, ws, flags } = await setUp();
    const result = await run(ws, [...flags, '--serve-from', 'http://127.0.0.1:8080/docs']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--serve-from');
    expect(store.counts).toBe(0);
  });
});
