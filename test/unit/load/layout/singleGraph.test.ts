// --graph <iri>: everything in one named graph of the target, replaced as a whole only when the content changed.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';
import { startFakeGraphStore, type FakeGraphStore } from '../../../support/fakeGraphStore.js';
import { REFERENCE, run, type Workspace } from '../../../support/incremental.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'layout');
const G = 'http://rdf.wikipathways.org/';

async function fixtureWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pkg-single-'));
  const ws = {
    dir,
    pages: path.join(dir, 'pages'),
    datanodes: path.join(dir, 'datanodes'),
    reference: path.join(dir, 'reference'),
    out: path.join(dir, 'out'),
  };
  await cp(path.join(FIXTURE, 'pages'), ws.pages, { recursive: true });
  await cp(path.join(FIXTURE, 'datanodes'), ws.datanodes, { recursive: true });
  await cp(REFERENCE, ws.reference, { recursive: true });
  return ws;
}

/** The distinct triples of all.nq (graph names dropped), counted by the test itself. */
async function distinctTriples(ws: Workspace): Promise<number> {
  const lines = (await readFile(path.join(ws.out, 'all.nq'), 'utf8')).split('\n').filter((l) => l !== '');
  return new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' <')))).size;
}

describe('--graph is checked before anything is done', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await fixtureWorkspace();
  });
  afterAll(() => rm(ws.dir, { recursive: true, force: true }));

  it.each([
    ['not an IRI'],
    ['http://rdf.wikipathways.org/a b'],
    ['<http://x/>'],
    ['http://x/>{ }<'],
    ['relative/path'],
    [''],
  ])('refuses %j with exit 2', async (value) => {
    const r = await run(ws, ['--endpoint', 'http://127.0.0.1:9/sparql', '--graph', value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--graph');
    await expect(readFile(path.join(ws.out, 'all.nq'))).rejects.toThrow();
  });

  it('needs an endpoint', async () => {
    const r = await run(ws, ['--graph', G]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs --endpoint');
  });
});

describe('run --graph against a Graph Store', () => {
  let store: FakeGraphStore;
  let ws: Workspace;
  let flags: string[];
  const sent = () =>
    store.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE').map((r) => `${r.method} ${r.graph}`);
  beforeAll(async () => {
    store = await startFakeGraphStore();
    ws = await fixtureWorkspace();
    flags = ['--endpoint', store.endpoint, '--graph-store', store.graphStore, '--retries', '0', '--timeout', '5000'];
  });
  afterAll(async () => {
    await store.close();
    await rm(ws.dir, { recursive: true, force: true });
  });

  it('a first run loads every triple once into the one graph, and nothing else', async () => {
    expect((await run(ws, [...flags, '--graph', G])).status).toBe(0);
    expect(sent()).toEqual([`PUT ${G}`]);
    expect(store.graphs.get(G)).toBe(await distinctTriples(ws));
    expect([...store.graphs.keys()]).toEqual([G]);
  });

  it('a re-run with nothing changed sends nothing', async () => {
    store.requests.length = 0;
    expect((await run(ws, [...flags, '--graph', G])).status).toBe(0);
    expect(sent()).toEqual([]);
  });

  it('a changed page replaces the whole graph with the new content', async () => {
    const table = path.join(ws.datanodes, 'WP9103-datanodes.tsv');
    await writeFile(table, (await readFile(table, 'utf8')).replace('Glutathione\t', 'GSH\t'));
    store.requests.length = 0;
    expect((await run(ws, [...flags, '--graph', G])).status).toBe(0);
    expect(sent()).toEqual([`PUT ${G}`]);
    expect(store.bodies.get(G)).toContain('"GSH"');
    expect(store.bodies.get(G)).not.toContain('"Glutathione"');
    expect(store.graphs.get(G)).toBe(await distinctTriples(ws));
  });

  it('load --from --graph: nothing when the target holds this content, --full sends it again', async () => {
    store.requests.length = 0;
    const load = (extra: string[] = []) =>
      runCli(['load', '--from', ws.out, ...flags, '--graph', G, '--quiet', ...extra]);
    expect((await load()).status).toBe(0);
    expect(sent()).toEqual([]);
    expect((await load(['--full'])).status).toBe(0);
    expect(sent()).toEqual([`PUT ${G}`]);
  });

  it('going back to a graph per pathway drops the one graph; going to --graph again drops the others', async () => {
    store.requests.length = 0;
    expect((await run(ws, flags)).status).toBe(0);
    expect(sent()).toContain(`DELETE ${G}`);
    expect(store.graphs.has(G)).toBe(false);
    expect([...store.graphs.keys()].some((g) => g.startsWith('urn:pathway-kg:shared:'))).toBe(true);
    store.requests.length = 0;
    expect((await run(ws, [...flags, '--graph', G])).status).toBe(0);
    expect([...store.graphs.keys()]).toEqual([G]);
    expect(store.graphs.get(G)).toBe(await distinctTriples(ws));
  });
});
