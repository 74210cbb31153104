// The store and the state must not disagree for long: a run checks every graph's triple count against the
// count confirmed at its load and loads again what differs, and a graph is journalled "in flight" before the
// first request that can change it. Against the real Virtuoso (test/setup/virtuoso.ts), over SPARQL Update.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { holdStore } from '../../support/virtuosoLock.js';
import { startFaultProxy, type Fault, type ProxiedRequest } from '../../support/faultProxy.js';
import { countTriples, graphContent, showTerm, requireVirtuoso, type Virtuoso } from '../../support/virtuoso.js';
import { DATASET, ONTOLOGIES, report, run, state, workspace, WP, type Workspace } from '../../support/incremental.js';

const PATHWAYS = [WP(9001), WP(9002), WP(9003), WP(9004)];
/** Not in any example: a pathway graph someone else put into the store. */
const FOREIGN = WP(9999);
const LEFTOVER = 'urn:pathway-kg:staging:left-by-a-killed-run';

/** The store holds exactly all.nq for every example graph (parsed here with n3, not by the loader). */
async function expectStoreEqualsNq(vt: Virtuoso, ws: Workspace): Promise<void> {
  const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(path.join(ws.out, 'all.nq'), 'utf8'));
  for (const g of [...PATHWAYS, ONTOLOGIES, DATASET]) {
    const want = quads
      .filter((q) => q.graph.value === g)
      .map((q) => `${showTerm(q.subject)} ${showTerm(q.predicate)} ${showTerm(q.object)}`)
      .sort();
    expect(await graphContent(vt, g), `content of <${g}>`).toEqual(want);
  }
}

async function update(vt: Virtuoso, sparql: string): Promise<void> {
  const res = await fetch(vt.sparql, {
    method: 'POST',
    headers: { 'content-type': 'application/sparql-update' },
    body: sparql,
  });
  if (!res.ok) throw new Error(`update failed: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

async function clearStore(vt: Virtuoso): Promise<void> {
  await update(
    vt,
    [...PATHWAYS, FOREIGN, ONTOLOGIES, DATASET, LEFTOVER].map((g) => `DROP SILENT GRAPH <${g}>`).join(' ;\n'),
  );
}

const isUpdate = (req: ProxiedRequest): boolean =>
  String(req.headers['content-type']).startsWith('application/sparql-update');

describe('the store checked against the state at the start of a run (SPARQL Update)', () => {
  let vt: Virtuoso;
  beforeAll(() => {
    vt = requireVirtuoso();
  });
  holdStore();

  it("a graph emptied and a graph with extra triples behind the state's back are loaded again; a staging leftover is dropped; a foreign graph is left alone", async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-repair-');
    const direct = ['--endpoint', vt.sparql, '--batch-triples', '7'];
    expect((await run(ws, direct)).status).toBe(0);
    // What a late DROP and a late blank-node INSERT did to confirmed graphs, and what a killed run left.
    await update(vt, `DROP SILENT GRAPH <${WP(9001)}>`);
    await update(
      vt,
      `INSERT { GRAPH <${WP(9002)}> { <${WP(9002)}> <http://purl.org/dc/terms/references> _:b . _:b <http://www.w3.org/2000/01/rdf-schema#label> "a duplicate" } } WHERE {}`,
    );
    await update(vt, `INSERT DATA { GRAPH <${LEFTOVER}> { <urn:x> <urn:y> "z" } }`);
    await update(vt, `INSERT DATA { GRAPH <${FOREIGN}> { <urn:x> <urn:y> "not ours" } }`);

    const r = await run(ws, direct);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    await expectStoreEqualsNq(vt, ws);
    const load = (await report(ws)).load;
    expect(load.repaired.sort()).toEqual([WP(9001), WP(9002)]);
    expect(load.stagingDropped).toBe(1);
    expect(load.loaded).toBe(4); // the two repaired graphs, and the run-wide ontology and dataset graphs
    expect(await countTriples(vt, LEFTOVER)).toBe(0);
    expect(await countTriples(vt, FOREIGN)).toBe(1);

    // Nothing differs now: the next run repairs nothing, and with no input changed sends nothing either.
    expect((await run(ws, direct)).status).toBe(0);
    expect((await report(ws)).load).toMatchObject({ repaired: [], stagingDropped: 0, loaded: 0 });
  });

  it('a --full reload stopped by 503s in the middle of a graph, then a plain re-run: every graph whole', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-repair-full-');
    const direct = ['--endpoint', vt.sparql, '--batch-triples', '7'];
    expect((await run(ws, direct)).status).toBe(0);
    // Let a few updates through (part of the first graph's batches), then answer 503 to every update.
    let updates = 0;
    const proxy = await startFaultProxy(vt.base, (req): Fault =>
      isUpdate(req) && ++updates > 4 ? { status: 503 } : 'pass',
    );
    try {
      const r = await run(ws, [
        '--full',
        '--endpoint',
        `${proxy.base}/sparql`,
        '--batch-triples',
        '7',
        '--retries',
        '1',
        '--concurrency',
        '1',
      ]);
      expect(r.status).toBe(6);
    } finally {
      await proxy.close();
    }
    // The graphs the store held before are whole (a load into a staging graph never touches them).
    await expectStoreEqualsNq(vt, ws);
    const again = await run(ws, direct);
    expect(again.status).toBe(0);
    await expectStoreEqualsNq(vt, ws);
  });

  it('a swap whose answer is lost leaves the graph journalled in flight, and the next run loads it again', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-repair-inflight-');
    let plan = (_req: ProxiedRequest): Fault => 'pass';
    const proxy = await startFaultProxy(vt.base, (req) => plan(req));
    const target = `${proxy.base}/sparql`;
    try {
      expect((await run(ws, ['--endpoint', target])).status).toBe(0);
      // The swap of the first graph goes through to the server, but its answer is lost every time.
      plan = (req) => (isUpdate(req) && req.body.startsWith('DELETE {') ? 'drop-after-forward' : 'pass');
      const r = await run(ws, ['--full', '--endpoint', target, '--retries', '1', '--concurrency', '1']);
      expect(r.status).toBe(4);
      const recorded = (await state(ws)).targets[target] as Record<string, string>;
      const inFlight = Object.keys(recorded).filter((g) => recorded[g] === 'in-flight');
      // Every graph whose swap was sent (the run had queued several before the failure ended the load).
      expect(inFlight.filter((g) => PATHWAYS.includes(g)).length).toBeGreaterThan(0);

      // Through the same target, now answering: the in-flight graphs are loaded again, besides the run-wide ones
      // (their inputs did not change, so without the in-flight record they would be taken as loaded).
      plan = () => 'pass';
      const from = proxy.log.length;
      const again = await run(ws, ['--endpoint', target]);
      expect(again.status).toBe(0);
      const swapped = proxy.log
        .slice(from)
        .filter((q) => q.body.startsWith('DELETE {'))
        .map((q) => /INSERT \{ GRAPH <([^>]+)>/.exec(q.body)?.[1]);
      // A swap the server was slow to answer may be sent twice (it is guarded, so harmless): graphs are compared.
      expect([...new Set(swapped)].sort()).toEqual([...new Set([...inFlight, ONTOLOGIES, DATASET])].sort());
      expect(Object.values((await state(ws)).targets[target])).not.toContain('in-flight');
    } finally {
      await proxy.close();
    }
    await expectStoreEqualsNq(vt, ws);
  });
});
