// Incremental runs against the real Virtuoso (test/setup/virtuoso.ts): the store always ends equal to all.nq.

import { spawn } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdStore } from '../../support/virtuosoLock.js';
import { runCli } from '../../support/cli.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from '../../support/faultProxy.js';
import {
  countTriples,
  graphContent,
  showTerm,
  requireVirtuoso,
  select,
  type Virtuoso,
} from '../../support/virtuoso.js';
import { DATASET, ONTOLOGIES, report, run, state, workspace, WP, type Workspace } from '../../support/incremental.js';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const EXAMPLE_GRAPHS = [WP(9001), WP(9002), WP(9003), WP(9004), ONTOLOGIES, DATASET];
const MARKER = 'http://test.pathway-kg.example/incremental#marker';

/** Graphs other than the shared-node graphs (test/load/layout/ tests those). */
const notShared = (graphs: string[]): string[] => graphs.filter((g) => !g.startsWith('urn:pathway-kg:shared:'));

/** all.nq's shared-node graphs: graph -> its lines, as one text. */
async function sharedGraphLines(ws: Workspace): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const line of (await readFile(path.join(ws.out, 'all.nq'), 'utf8')).split('\n')) {
    const g = / <(urn:pathway-kg:shared:[0-9]+)> \.$/.exec(line)?.[1];
    if (g !== undefined) out.set(g, (out.get(g) ?? '') + line + '\n');
  }
  return out;
}

/** all.nq as graph -> sorted triples in graphContent()'s notation, parsed here (not by the loader). */
async function expectedGraphs(ws: Workspace): Promise<Map<string, string[]>> {
  const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(path.join(ws.out, 'all.nq'), 'utf8'));
  const graphs = new Map<string, string[]>();
  for (const q of quads) {
    const g = q.graph.value;
    if (!graphs.has(g)) graphs.set(g, []);
    graphs.get(g)!.push(`${showTerm(q.subject)} ${showTerm(q.predicate)} ${showTerm(q.object)}`);
  }
  for (const list of graphs.values()) list.sort();
  return graphs;
}

/** The store holds exactly all.nq: every graph with the same triples, and no example graph that all.nq lacks. */
async function expectStoreEqualsNq(vt: Virtuoso, ws: Workspace): Promise<void> {
  const expected = await expectedGraphs(ws);
  for (const g of EXAMPLE_GRAPHS) {
    const want = expected.get(g) ?? [];
    expect(await countTriples(vt, g), `triples in <${g}>`).toBe(want.length);
    expect(await graphContent(vt, g), `content of <${g}>`).toEqual(want);
  }
}

async function update(vt: Virtuoso, sparql: string): Promise<void> {
  const res = await fetch(vt.sparql, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ update: sparql }).toString(),
  });
  if (!res.ok) throw new Error(`update failed: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

async function clearStore(vt: Virtuoso): Promise<void> {
  await update(vt, [...EXAMPLE_GRAPHS, WP(9005)].map((g) => `DROP SILENT GRAPH <${g}>`).join(' ;\n'));
}

/** Graph -> the triple mark() took out of it (N-Triples), put back by expectStoreEqualsNqIgnoringMarkers. */
const takenOut = new Map<string, string>();

/**
 * Swaps one triple of a graph for a marker behind the tool's back: the marker disappears only if the tool replaces
 * that graph. Count-neutral on purpose: a run loads again any graph whose triple count differs from the count
 * confirmed at its load, so an added marker would make every marked graph look damaged.
 */
async function mark(vt: Virtuoso, graph: string): Promise<void> {
  const rows = await select(
    vt,
    `SELECT ?s ?p ?o WHERE { GRAPH <${graph}> { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o) && datatype(?o) = <${XSD_STRING}> && lang(?o) = "") } } ORDER BY ?s ?p ?o LIMIT 1`,
  );
  const row = rows[0];
  if (!row) throw new Error(`no plain-literal triple to swap for a marker in <${graph}>`);
  const triple = `<${row.s!.value}> <${row.p!.value}> ${JSON.stringify(row.o!.value)}`;
  takenOut.set(graph, triple);
  await update(
    vt,
    `DELETE DATA { GRAPH <${graph}> { ${triple} } } ;\nINSERT DATA { GRAPH <${graph}> { <${MARKER}> <${MARKER}> "${graph}" } }`,
  );
}

async function marked(vt: Virtuoso, graph: string): Promise<boolean> {
  return (await select(vt, `SELECT ?o WHERE { GRAPH <${graph}> { <${MARKER}> <${MARKER}> ?o } }`)).length > 0;
}

/** The store, with the marked graphs' markers swapped back for the triples they replaced, is all.nq. */
async function expectStoreEqualsNqIgnoringMarkers(vt: Virtuoso, ws: Workspace, graphs: string[]): Promise<void> {
  const restore = graphs.map(
    (g) =>
      `DELETE DATA { GRAPH <${g}> { <${MARKER}> <${MARKER}> "${g}" } } ;\nINSERT DATA { GRAPH <${g}> { ${takenOut.get(g)} } }`,
  );
  await update(vt, restore.join(' ;\n'));
  takenOut.clear();
  await expectStoreEqualsNq(vt, ws);
}

async function retitleLine(ws: Workspace, n: number, suffix: string): Promise<void> {
  const file = path.join(ws.pages, `WP${n}.md`);
  const text = await readFile(file, 'utf8');
  const m = /\ntitle: (.*)\n/.exec(text);
  if (!m) throw new Error(`no title line in ${file}`);
  await writeFile(file, text.replace(m[0], `\ntitle: ${m[1]}${suffix}\n`));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Graph named in a Graph Store request (`?graph=`); undefined for other requests. */
function requestGraph(req: ProxiedRequest): string | undefined {
  return new URL(req.url, 'http://x').searchParams.get('graph') ?? undefined;
}

let vt: Virtuoso;
beforeAll(() => {
  vt = requireVirtuoso();
});
holdStore();

for (const protocol of ['graph-store', 'update'] as const) {
  describe(`incremental runs into Virtuoso through ${protocol === 'graph-store' ? 'the Graph Store Protocol' : 'SPARQL Update'}`, () => {
    let ws: Workspace;
    const flags = (): string[] =>
      protocol === 'graph-store'
        ? ['--endpoint', vt.sparql, '--graph-store', vt.graphCrud]
        : ['--endpoint', vt.sparql, '--batch-triples', '7'];
    beforeAll(async () => {
      await clearStore(vt);
      ws = await workspace('pkg-inc-vt-');
    });

    it('first run loads every graph; the store equals all.nq graph by graph', async () => {
      const r = await run(ws, flags());
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const load = (await report(ws)).load;
      expect(load).toMatchObject({
        loaded: 6 + (await sharedGraphLines(ws)).size,
        dropped: 0,
        failed: [],
        notStarted: [],
      });
      await expectStoreEqualsNq(vt, ws);
      const title = await select(
        vt,
        `SELECT ?t WHERE { GRAPH <${WP(9002)}> { <${WP(9002)}_r140001> <http://purl.org/dc/elements/1.1/title> ?t } }`,
      );
      expect(title.map((b) => [b.t!.value, b.t!['xml:lang']])).toEqual([['Example glutathione reduction', 'en']]);
      const created = await select(
        vt,
        `SELECT ?c WHERE { GRAPH <${DATASET}> { <${DATASET}> <http://purl.org/dc/terms/created> ?c } }`,
      );
      expect(created.map((b) => b.c!.value)).toEqual([(await report(ws)).startedAt]);
      expect(existsSync(path.join(ws.out, 'state.journal'))).toBe(false);
    });

    it('an unchanged re-run checks every graph’s count and sends nothing: the store keeps the dataset graph of the run that made it', async () => {
      const made = (await report(ws)).startedAt;
      for (const n of [9001, 9002, 9003, 9004]) await mark(vt, WP(n));
      const r = await run(ws, flags());
      expect(r.status).toBe(0);
      const rep = await report(ws);
      expect(rep.pages.unchanged).toBe(4);
      expect(rep.unchangedSince).toBe(made);
      expect(rep.load).toMatchObject({ loaded: 0, dropped: 0, repaired: [] });
      for (const n of [9001, 9002, 9003, 9004]) expect(await marked(vt, WP(n))).toBe(true);
      const created = await select(
        vt,
        `SELECT ?c WHERE { GRAPH <${DATASET}> { <${DATASET}> <http://purl.org/dc/terms/created> ?c } }`,
      );
      expect(created.map((b) => b.c!.value)).toEqual([made]);
      await expectStoreEqualsNqIgnoringMarkers(vt, ws, [WP(9001), WP(9002), WP(9003), WP(9004)]);
    });

    it('a changed page: only its graph is replaced', async () => {
      for (const n of [9001, 9002, 9003, 9004]) await mark(vt, WP(n));
      await retitleLine(ws, 9002, ', edited');
      const r = await run(ws, flags());
      expect(r.status).toBe(0);
      expect((await report(ws)).load).toMatchObject({ loaded: 3, dropped: 0 });
      expect(await marked(vt, WP(9002))).toBe(false);
      for (const n of [9001, 9003, 9004]) expect(await marked(vt, WP(n))).toBe(true);
      const title = await select(
        vt,
        `SELECT ?t WHERE { GRAPH <${WP(9002)}> { <${WP(9002)}_r140001> <http://purl.org/dc/elements/1.1/title> ?t } }`,
      );
      expect(title.map((b) => b.t!.value)).toEqual(['Example glutathione reduction, edited']);
      await expectStoreEqualsNqIgnoringMarkers(vt, ws, [WP(9001), WP(9003), WP(9004)]);
    });

    it('a removed page: its graph is dropped from the store, nothing else is sent', async () => {
      for (const n of [9001, 9002, 9004]) await mark(vt, WP(n));
      const before = await sharedGraphLines(ws);
      await rm(path.join(ws.pages, 'WP9003.md'));
      const r = await run(ws, flags());
      expect(r.status).toBe(0);
      // Besides the run-wide graphs: the shared-node graphs whose content WP9003's removal changed (or emptied).
      const after = await sharedGraphLines(ws);
      const changed = [...after].filter(([g, lines]) => before.get(g) !== lines).length;
      const emptied = [...before.keys()].filter((g) => !after.has(g)).length;
      expect((await report(ws)).load).toMatchObject({ loaded: 2 + changed, dropped: 1 + emptied });
      expect(await countTriples(vt, WP(9003))).toBe(0);
      for (const n of [9001, 9002, 9004]) expect(await marked(vt, WP(n))).toBe(true);
      await expectStoreEqualsNqIgnoringMarkers(vt, ws, [WP(9001), WP(9002), WP(9004)]);
      expect(Object.keys((await state(ws)).targets)).toEqual([protocol === 'graph-store' ? vt.graphCrud : vt.sparql]);
      expect(notShared(Object.keys(Object.values<any>((await state(ws)).targets)[0])).sort()).toEqual(
        [WP(9001), WP(9002), WP(9004), DATASET, ONTOLOGIES].sort(),
      );
    });

    it('a page made invalid keeps its graph in the store', async () => {
      await mark(vt, WP(9001));
      const page = path.join(ws.pages, 'WP9001.md');
      await writeFile(page, (await readFile(page, 'utf8')).replace(/^---\n/, ''));
      const r = await run(ws, flags());
      expect(r.status).toBe(3);
      expect((await report(ws)).load).toMatchObject({ loaded: 2, dropped: 0 });
      expect(await marked(vt, WP(9001))).toBe(true);
      await expectStoreEqualsNqIgnoringMarkers(vt, ws, [WP(9001)]);
      await cp(path.join(PROJECT_ROOT, 'examples', 'pages', 'WP9001.md'), page);
    });
  });
}

describe('a rejected page and a target that never had its graph', () => {
  it('the previous version kept in all.nq is loaded too, so the store equals all.nq', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-rej-');
    expect((await run(ws)).status).toBe(0);
    const page = path.join(ws.pages, 'WP9001.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^---\n/, ''));
    const r = await run(ws, ['--endpoint', vt.sparql, '--graph-store', vt.graphCrud]);
    expect(r.status).toBe(3);
    expect((await report(ws)).load).toMatchObject({ loaded: 6 + (await sharedGraphLines(ws)).size, dropped: 0 });
    await expectStoreEqualsNq(vt, ws);
    expect(await countTriples(vt, WP(9001))).toBeGreaterThan(0);
    // Loaded with the hash of the kept version: repaired as it was, nothing is sent again.
    await cp(path.join(PROJECT_ROOT, 'examples', 'pages', 'WP9001.md'), page);
    expect((await run(ws, ['--endpoint', vt.sparql, '--graph-store', vt.graphCrud])).status).toBe(0);
    expect((await report(ws)).load).toMatchObject({ loaded: 2, dropped: 0 });
  });
});

/** The summary: load's last line on stderr (progress lines come before it). */
const lastLine = (stderr: string): string => `${stderr.trimEnd().split('\n').at(-1)}\n`;

describe('pathway-kg load --from', () => {
  it('loads a finished --out folder into another target, then only what changed', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-load-');
    expect((await run(ws)).status).toBe(0);
    // The digest-authenticated endpoints of the same store: another target, so everything is loaded.
    const env = { ...process.env, PATHWAY_KG_ENDPOINT_USER: vt.user, PATHWAY_KG_ENDPOINT_PASSWORD: vt.password };
    const flags = ['--from', ws.out, '--endpoint', vt.sparqlAuth, '--graph-store', vt.graphCrudAuth];
    const first = await runCli(['load', ...flags], env);
    expect(first.status).toBe(0);
    const n = (await sharedGraphLines(ws)).size; // the shared-node graphs, loaded like the others
    // A line saying what is loaded where, progress, then the summary.
    expect(first.stderr.split('\n')[0]).toBe(
      `loading ${path.join(ws.out, 'all.nq')} (${6 + n} graphs) into ${vt.graphCrudAuth}`,
    );
    expect(lastLine(first.stderr)).toBe(
      `loaded ${6 + n} graphs (${(await report(ws)).triples} triples) into ${vt.graphCrudAuth}, dropped 0, 0 unchanged\n`,
    );
    expect(first.stderr).not.toContain(vt.password);
    await expectStoreEqualsNq(vt, ws);

    const again = await runCli(['load', ...flags], env);
    expect(again.status).toBe(0);
    expect(lastLine(again.stderr)).toMatch(
      new RegExp(`^loaded 2 graphs \\([0-9]+ triples\\) into .*, dropped 0, ${4 + n} unchanged\n$`),
    );

    // The store cleared behind the tool's back: the state cannot know, --full loads everything again.
    await clearStore(vt);
    const full = await runCli(['load', ...flags, '--full'], env);
    expect(full.status).toBe(0);
    expect(lastLine(full.stderr)).toMatch(new RegExp(`^loaded ${6 + n} graphs .*, dropped 0, 0 unchanged\n$`));
    await expectStoreEqualsNq(vt, ws);

    // A page removed and the run done without an endpoint: load drops its graph.
    const sharedBefore = await sharedGraphLines(ws);
    await rm(path.join(ws.pages, 'WP9004.md'));
    expect((await run(ws)).status).toBe(0);
    const sharedAfter = await sharedGraphLines(ws);
    const changed = [...sharedAfter].filter(([g, lines]) => sharedBefore.get(g) !== lines).length;
    const emptied = [...sharedBefore.keys()].filter((g) => !sharedAfter.has(g)).length;
    const drop = await runCli(['load', ...flags], env);
    expect(drop.status).toBe(0);
    expect(lastLine(drop.stderr)).toMatch(
      new RegExp(
        `^loaded ${2 + changed} graphs .*, dropped ${1 + emptied}, ${3 + sharedAfter.size - changed} unchanged\n$`,
      ),
    );
    expect(await countTriples(vt, WP(9004))).toBe(0);
    await expectStoreEqualsNq(vt, ws);

    // A corrupt state: load refuses, load --full starts over and loads everything.
    await writeFile(path.join(ws.out, 'state.json'), '{"version":1,"pathw');
    expect((await runCli(['load', ...flags], env)).status).toBe(1);
    await clearStore(vt);
    const rebuilt = await runCli(['load', ...flags, '--full'], env);
    expect(lastLine(rebuilt.stderr)).toMatch(
      new RegExp(`^loaded ${5 + sharedAfter.size} graphs .*, dropped 0, 0 unchanged\n$`),
    );
    expect(rebuilt.status).toBe(0);
    await expectStoreEqualsNq(vt, ws);
  });
});

describe('a run that fails half-way converges on the next run', () => {
  let proxy: FaultProxy;
  let plan: (req: ProxiedRequest) => Fault = () => 'pass';
  beforeAll(async () => {
    proxy = await startFaultProxy(vt.base, (req) => plan(req));
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** After `okWrites` graph PUTs or DELETEs went through, every further one gets `fault` (count queries still pass). */
  function failAfterWrites(okWrites: number, fault: Fault): void {
    let writes = 0;
    plan = (req) => ((req.method === 'PUT' || req.method === 'DELETE') && ++writes > okWrites ? fault : 'pass');
  }

  for (const [name, fault, exit, code] of [
    ['the server answers 503', { status: 503 } as Fault, 6, 'ENDPOINT_HTTP_STATUS'],
    ['the server refuses connections', 'drop' as Fault, 4, 'ENDPOINT_UNREACHABLE'],
  ] as const) {
    it(`${name} after one graph: exit ${exit} naming graphs not loaded; a direct re-run gives a clean store`, async () => {
      await clearStore(vt);
      const ws = await workspace('pkg-inc-vt-crash-');
      const direct = ['--endpoint', vt.sparql, '--graph-store', vt.graphCrud];
      expect((await run(ws, direct)).status).toBe(0);
      await retitleLine(ws, 9001, ', edited');
      await retitleLine(ws, 9004, ', edited');
      await rm(path.join(ws.pages, 'WP9003.md'));

      const allNqBefore = await readFile(path.join(ws.out, 'all.nq'));
      failAfterWrites(1, fault);
      const viaProxy = [
        '--endpoint',
        `${proxy.base}/sparql`,
        '--graph-store',
        `${proxy.base}/sparql-graph-crud`,
        '--retries',
        '1',
        '--concurrency',
        '1',
      ];
      const r = await run(ws, viaProxy);
      plan = () => 'pass';
      expect(r.status).toBe(exit);
      expect(r.stderr).toContain(`while loading graph <${WP(9002)}>`);
      expect(r.stderr).toMatch(new RegExp(`\\[${code}\\]\n$`));
      // The failed run keeps the previous all.nq and does not mark the new WP9004 as loaded anywhere.
      expect(await readFile(path.join(ws.out, 'all.nq'))).toEqual(allNqBefore);
      const st = await state(ws);
      // Graphs whose PUT was sent and failed are recorded in flight (reloaded next time), not loaded.
      const recorded = Object.entries<string>(st.targets[`${proxy.base}/sparql-graph-crud`]);
      expect(recorded.filter(([, hash]) => hash !== 'in-flight').map(([g]) => g)).toEqual([WP(9001)]);
      expect(existsSync(path.join(ws.out, '.pathway-kg.lock'))).toBe(false);

      const sharedBefore = await sharedGraphLines(ws);
      const again = await run(ws, direct);
      expect(again.stderr).toBe('');
      expect(again.status).toBe(0);
      // A new target for the failed run: every graph was sent; WP9001 went through, then the endpoint failed. Its
      // shared-node graphs are those the re-run, on the same inputs, wrote.
      const sharedAfter = await sharedGraphLines(ws);
      const graphs = [WP(9002), WP(9004), ...sharedAfter.keys(), ONTOLOGIES, DATASET].map((g) => `<${g}>`);
      // The message names ten graphs, then says how many more.
      const notLoaded =
        graphs.length > 10 ? `${graphs.slice(0, 10).join(', ')}, and ${graphs.length - 10} more` : graphs.join(', ');
      const prefix = `pathway-kg run: ${4 + sharedAfter.size} graphs not loaded into ${proxy.base}/sparql-graph-crud: ${notLoaded}; first error: `;
      expect(r.stderr.slice(0, prefix.length)).toBe(prefix);
      // The direct target had the first run's graphs: the shared-node graphs WP9003's removal changed are sent too.
      const changed = [...sharedAfter].filter(([g, lines]) => sharedBefore.get(g) !== lines).length;
      const emptied = [...sharedBefore.keys()].filter((g) => !sharedAfter.has(g)).length;
      expect((await report(ws)).load).toMatchObject({ loaded: 4 + changed, dropped: 1 + emptied });
      expect(await countTriples(vt, WP(9003))).toBe(0);
      await expectStoreEqualsNq(vt, ws);
    });
  }

  it('SPARQL Update: a run failing in the middle of a graph leaves that graph as it was (whole), and a direct re-run loads it', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-crash-update-');
    const direct = ['--endpoint', vt.sparql, '--batch-triples', '7'];
    expect((await run(ws, direct)).status).toBe(0);
    const before = await graphContent(vt, WP(9001));
    await retitleLine(ws, 9001, ', edited');
    await retitleLine(ws, 9002, ', edited');
    await rm(path.join(ws.pages, 'WP9003.md'));
    let updates = 0;
    plan = (req) =>
      String(req.headers['content-type']).startsWith('application/sparql-update') && ++updates > 3
        ? { status: 503 }
        : 'pass';
    const r = await run(ws, [
      '--endpoint',
      `${proxy.base}/sparql`,
      '--batch-triples',
      '7',
      '--retries',
      '1',
      '--concurrency',
      '1',
    ]);
    plan = () => 'pass';
    expect(r.status).toBe(6);
    expect(r.stderr).toContain(`graphs not loaded into ${proxy.base}/sparql: <${WP(9001)}>`);
    // Its batches went into a staging graph: WP9001 still holds its previous version, whole (it used to hold
    // part of its new triples, neither the old graph nor the new one).
    expect(await graphContent(vt, WP(9001))).toEqual(before);

    const again = await run(ws, direct);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect((await report(ws)).load).toMatchObject({ loaded: 4, dropped: 1 });
    await expectStoreEqualsNq(vt, ws);
  });

  it('re-run through the same target: graphs confirmed before the failure are not sent again', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-crash2-');
    const viaProxy = [
      '--endpoint',
      `${proxy.base}/sparql`,
      '--graph-store',
      `${proxy.base}/sparql-graph-crud`,
      '--retries',
      '1',
      '--concurrency',
      '1',
    ];
    plan = () => 'pass';
    expect((await run(ws, viaProxy)).status).toBe(0);
    await retitleLine(ws, 9001, ', edited');
    await retitleLine(ws, 9004, ', edited');
    await rm(path.join(ws.pages, 'WP9003.md'));

    failAfterWrites(1, { status: 503 });
    expect((await run(ws, viaProxy)).status).toBe(6);
    plan = () => 'pass';
    const from = proxy.log.length;
    const r = await run(ws, viaProxy);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const sent = proxy.log
      .slice(from)
      .filter((q) => q.method === 'PUT' || q.method === 'DELETE')
      .map((q) => `${q.method} ${requestGraph(q)}`);
    expect(sent.sort()).toEqual(
      [`DELETE ${WP(9003)}`, `PUT ${DATASET}`, `PUT ${ONTOLOGIES}`, `PUT ${WP(9004)}`].sort(),
    );
    await expectStoreEqualsNq(vt, ws);
  });

  it('a load stopped early among many pages names the graphs not loaded and converges', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-many-');
    const template = await readFile(path.join(ws.pages, 'WP9004.md'), 'utf8');
    const extra = Array.from({ length: 30 }, (_, i) => 9101 + i);
    for (const n of extra) await writeFile(path.join(ws.pages, `WP${n}.md`), template.replaceAll('WP9004', `WP${n}`));
    const viaProxy = [
      '--endpoint',
      `${proxy.base}/sparql`,
      '--graph-store',
      `${proxy.base}/sparql-graph-crud`,
      '--retries',
      '1',
      '--concurrency',
      '1',
    ];
    failAfterWrites(2, { status: 503 });
    const r = await run(ws, viaProxy);
    plan = () => 'pass';
    expect(r.status).toBe(6);
    // Two writes passed (WP9001, WP9002); WP9003 failed with the window of queued graphs behind it; the rest never
    // read.
    const m =
      /^pathway-kg run: ([0-9]+) graphs not loaded into (\S+): (.*); the run stopped with ([0-9]+) more pages not read; first error: Endpoint \S+ answered HTTP 503 while loading graph <(\S+)> \(2 attempts\): injected fault \[ENDPOINT_HTTP_STATUS\]\n$/.exec(
        r.stderr,
      );
    expect(m, r.stderr).not.toBeNull();
    const [, count, target, list, notRead, first] = m!;
    expect(target).toBe(`${proxy.base}/sparql-graph-crud`);
    expect(first).toBe(WP(9003));
    const named = [...list!.matchAll(/<([^>]+)>/g)].map((x) => x[1]);
    expect(named[0]).toBe(WP(9003));
    expect(Number(count)).toBe(named.length);
    // Every page is either loaded, named, or among those not read.
    expect(2 + named.length + Number(notRead)).toBe(34);
    const again = await run(ws, viaProxy);
    expect(again.status).toBe(0);
    const st = await state(ws);
    expect(notShared(Object.keys(st.targets[`${proxy.base}/sparql-graph-crud`])).length).toBe(36);
    for (const n of extra) expect(await countTriples(vt, WP(n))).toBeGreaterThan(0);
    await expectStoreEqualsNq(vt, ws);
    await update(vt, extra.map((n) => `DROP SILENT GRAPH <${WP(n)}>`).join(' ;\n'));
  });
});

describe('a run killed half-way (SIGKILL) converges on the next run', () => {
  it('the journal keeps what was confirmed; the next run takes the lock over and sends only the rest', async () => {
    await clearStore(vt);
    const ws = await workspace('pkg-inc-vt-kill-');
    let hold: (() => void) | undefined;
    let writes = 0;
    const held = new Promise<void>((resolve) => (hold = resolve));
    // The second graph write is forwarded (the server applies it) but its answer is held back: the run is killed
    // waiting.
    let killing = false;
    const proxy = await startFaultProxy(vt.base, (req) => {
      if (!killing || (req.method !== 'PUT' && req.method !== 'DELETE')) return 'pass';
      if (++writes < 2) return 'pass';
      hold!();
      return { delayMs: 30_000 };
    });
    try {
      const flags = [
        '--endpoint',
        `${proxy.base}/sparql`,
        '--graph-store',
        `${proxy.base}/sparql-graph-crud`,
        '--concurrency',
        '1',
      ];
      expect((await run(ws, flags)).status).toBe(0);
      await retitleLine(ws, 9001, ', edited');
      await retitleLine(ws, 9004, ', edited');
      await rm(path.join(ws.pages, 'WP9003.md'));
      const allNqBefore = await readFile(path.join(ws.out, 'all.nq'));

      killing = true;
      const child = spawn(
        process.execPath,
        [
          '--import',
          path.join(PROJECT_ROOT, 'test/fixtures/incremental/ts-register.mjs'),
          path.join(PROJECT_ROOT, 'src/cli/main.ts'),
          'run',
          '--source',
          ws.pages,
          '--datanodes',
          ws.datanodes,
          '--reference',
          ws.reference,
          '--out',
          ws.out,
          '--quiet',
          ...flags,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += String(c)));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await Promise.race([
        held,
        exited.then(() => Promise.reject(new Error(`the run ended before it was killed: ${stderr}`))),
      ]);
      const journal = path.join(ws.out, 'state.journal');
      for (let i = 0; i < 100 && !existsSync(journal); i++) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await exited;
      killing = false;

      // What the kill left: its lock, a journal with the one confirmed load, the previous all.nq.
      const lock = JSON.parse(await readFile(path.join(ws.out, '.pathway-kg.lock'), 'utf8'));
      expect(lock.pid).toBe(child.pid);
      const lines = (await readFile(journal, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      // The one confirmed load, and the graph whose PUT was sent recorded in flight before it (hash unknown).
      const store = `${proxy.base}/sparql-graph-crud`;
      expect(lines.filter((l) => l.hash !== 'in-flight').map((l) => [l.target, l.graph])).toEqual([[store, WP(9001)]]);
      expect(lines.filter((l) => l.hash === 'in-flight').map((l) => [l.target, l.graph])).toEqual([
        [store, WP(9001)],
        [store, WP(9004)],
      ]);
      expect(await readFile(path.join(ws.out, 'all.nq'))).toEqual(allNqBefore);

      const from = proxy.log.length;
      const r = await run(ws, flags);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const sent = proxy.log
        .slice(from)
        .filter((q) => q.method === 'PUT' || q.method === 'DELETE')
        .map((q) => `${q.method} ${requestGraph(q)}`);
      expect(sent.sort()).toEqual(
        [`DELETE ${WP(9003)}`, `PUT ${DATASET}`, `PUT ${ONTOLOGIES}`, `PUT ${WP(9004)}`].sort(),
      );
      await expectStoreEqualsNq(vt, ws);
      expect(existsSync(journal)).toBe(false);
      expect(existsSync(path.join(ws.out, '.pathway-kg.lock'))).toBe(false);
      const leftovers = [...(await readdir(ws.out)), ...(await readdir(path.join(ws.out, 'pathways')))].filter((n) =>
        n.endsWith('.tmp'),
      );
      expect(leftovers).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('endpoint errors', () => {
  it('wrong credentials: exit 5, the password never printed', async () => {
    const ws = await workspace('pkg-inc-vt-auth-');
    const env = {
      ...process.env,
      PATHWAY_KG_ENDPOINT_USER: vt.user,
      PATHWAY_KG_ENDPOINT_PASSWORD: 'not-the-password-xyz',
    };
    const r = await run(ws, ['--endpoint', vt.sparqlAuth, '--graph-store', vt.graphCrudAuth], env);
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('[ENDPOINT_AUTH]');
    expect(r.stderr).not.toContain('not-the-password-xyz');
  });

  it('an unreachable endpoint: exit 4', async () => {
    const ws = await workspace('pkg-inc-vt-down-');
    const port = await closedPort();
    const r = await run(ws, ['--endpoint', `http://127.0.0.1:${port}/sparql`, '--retries', '1']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('[ENDPOINT_UNREACHABLE]');
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
  });
});
