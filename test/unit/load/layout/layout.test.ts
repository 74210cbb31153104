// The graph layout: no triple in two graphs, the union default graph counts as one graph does, and shared-node
// graphs (buckets) that follow incremental runs exactly (issue 10: counts without DISTINCT were inflated).

import { existsSync, statSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser, termToId, type Quad } from 'n3';
import { Store } from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../support/corpus.js';
import { runCli } from '../../../support/cli.js';
import { startFakeGraphStore, type FakeGraphStore } from '../../../support/fakeGraphStore.js';
import { REFERENCE, run, workspace, type Workspace } from '../../../support/incremental.js';
import { bucketOf } from '../../../../src/load/layout/bucket.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'layout');
const SHARED = /^urn:pathway-kg:shared:[0-9]{2}$/;
const WP = (n: number) => `https://identifiers.org/wikipathways/WP${n}`;
const CACNB3 = 'https://identifiers.org/uniprot/P54284'; // in WP9101, WP9102 and WP9103
const CA = 'https://identifiers.org/chebi/CHEBI:29108'; // in WP9101 and WP9102
const K = 'https://identifiers.org/chebi/CHEBI:29103'; // only in WP9101
const GLUTATHIONE = 'https://identifiers.org/chebi/CHEBI:16856'; // only in WP9103
const PREFIXES = `PREFIX wp: <http://vocabularies.wikipathways.org/wp#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
`;

/** A workspace holding the layout fixture's pages and tables (and the examples' reference). */
async function fixtureWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pkg-layout-'));
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

async function quads(ws: Workspace): Promise<Quad[]> {
  return new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(
    await readFile(path.join(ws.out, 'all.nq'), 'utf8'),
  );
}

/**
 * Expects the output in `ws` to be what a fresh run over the fixture gives, once `prepare` has edited the fresh copy as
 * `ws` was: all.nq (but the dataset graph, which says when), every shared/NN.nt, and the same set of them.
 */
async function expectSameAsFresh(ws: Workspace, prepare?: (fresh: Workspace) => Promise<void>): Promise<void> {
  const fresh = await fixtureWorkspace();
  try {
    await prepare?.(fresh);
    expect((await run(fresh)).status).toBe(0);
    const strip = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.endsWith('<urn:pathway-kg:dataset> .'))
        .sort();
    expect(strip(await readFile(path.join(ws.out, 'all.nq'), 'utf8'))).toEqual(
      strip(await readFile(path.join(fresh.out, 'all.nq'), 'utf8')),
    );
    for (const name of await readdir(path.join(fresh.out, 'shared')))
      expect(await readFile(path.join(ws.out, 'shared', name), 'utf8')).toBe(
        await readFile(path.join(fresh.out, 'shared', name), 'utf8'),
      );
    expect((await readdir(path.join(ws.out, 'shared'))).sort()).toEqual(
      (await readdir(path.join(fresh.out, 'shared'))).sort(),
    );
  } finally {
    await rm(fresh.dir, { recursive: true, force: true });
  }
}

const tripleKey = (q: Quad) => `${termToId(q.subject)} ${termToId(q.predicate)} ${termToId(q.object)}`;

/** Subject -> graphs holding a triple about it. */
function graphsOf(all: Quad[], subject: string): Set<string> {
  return new Set(all.filter((q) => q.subject.value === subject).map((q) => q.graph.value));
}

function triplesAbout(all: Quad[], subject: string): string[] {
  return all
    .filter((q) => q.subject.value === subject)
    .map(tripleKey)
    .sort();
}

/** The same query on the union of all.nq's graphs and on all its triples loaded into one graph. */
function bothWays(all: Quad[], nq: string, query: string): { union: string; single: string } {
  const union = new Store();
  union.load(nq, { format: 'application/n-quads' });
  const single = new Store();
  const lines = new Set(
    all.map((q) => `${ntTerm(q.subject)} ${ntTerm(q.predicate)} ${ntTerm(q.object)} <http://rdf.wikipathways.org/> .`),
  );
  single.load([...lines].join('\n'), { format: 'application/n-quads' });
  const answer = (store: Store) =>
    JSON.stringify(store.query(PREFIXES + query, { use_default_graph_as_union: true }), (_k, v) =>
      v instanceof Map ? [...v].map(([k, t]) => [k, t.value]) : v,
    );
  return { union: answer(union), single: answer(single) };
}

function ntTerm(t: Quad['object']): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  const l = t as Quad['object'] & { language: string; datatype: { value: string } };
  const v = JSON.stringify(t.value);
  return l.language ? `${v}@${l.language}` : `${v}^^<${l.datatype.value}>`;
}

describe.each([
  ['the examples', () => workspace('pkg-layout-ex-')],
  ['the shared-node fixture', fixtureWorkspace],
])('layout invariant on %s', (_name, make) => {
  let ws: Workspace;
  let all: Quad[];
  let nq: string;
  beforeAll(async () => {
    ws = await make();
    const r = await run(ws);
    expect(r.stderr).toBe('');
    nq = await readFile(path.join(ws.out, 'all.nq'), 'utf8');
    all = await quads(ws);
  });
  afterAll(() => rm(ws.dir, { recursive: true, force: true }));

  it('all.nq holds each (s, p, o) once', () => {
    const keys = all.map(tripleKey);
    expect(keys.length).toBeGreaterThan(100);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('counts over the union default graph equal those of a single-graph load', () => {
    for (const query of [
      'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
      'SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t',
      'SELECT ?p (COUNT(?n) AS ?c) WHERE { ?n dcterms:isPartOf ?p ; a wp:DataNode } GROUP BY ?p ORDER BY ?p',
      'SELECT (COUNT(?l) AS ?n) WHERE { ?n a wp:DataNode ; rdfs:label ?l }',
    ]) {
      const { union, single } = bothWays(all, nq, query);
      expect(union).toBe(single);
    }
  });

  it('pathway Turtle files hold their graph, shared/NN.nt files their bucket graph', async () => {
    for (const name of await readdir(path.join(ws.out, 'pathways'))) {
      const file = new Parser({ format: 'Turtle', blankNodePrefix: '' }).parse(
        await readFile(path.join(ws.out, 'pathways', name), 'utf8'),
      );
      const graph = WP(Number(name.slice(2, -4)));
      expect(file.map(tripleKey).sort()).toEqual(
        all
          .filter((q) => q.graph.value === graph)
          .map(tripleKey)
          .sort(),
      );
    }
    const buckets = await readdir(path.join(ws.out, 'shared'));
    expect(buckets.length).toBeGreaterThan(3);
    for (const name of buckets) {
      const file = new Parser({ format: 'N-Triples' }).parse(await readFile(path.join(ws.out, 'shared', name), 'utf8'));
      const graph = `urn:pathway-kg:shared:${name.slice(0, 2)}`;
      expect(file.map(tripleKey)).toEqual(all.filter((q) => q.graph.value === graph).map(tripleKey));
    }
    const graphs = new Set(all.map((q) => q.graph.value));
    expect([...graphs].filter((g) => SHARED.test(g)).sort()).toEqual(
      buckets.map((b) => `urn:pathway-kg:shared:${b.slice(0, 2)}`),
    );
  });
});

describe('shared nodes on the fixture', () => {
  let ws: Workspace;
  let all: Quad[];
  let nq: string;
  beforeAll(async () => {
    ws = await fixtureWorkspace();
    expect((await run(ws)).status).toBe(0);
    all = await quads(ws);
    nq = await readFile(path.join(ws.out, 'all.nq'), 'utf8');
  });
  afterAll(() => rm(ws.dir, { recursive: true, force: true }));

  it('a node used by three pathways: its facts once, in one shared graph; its isPartOf in each pathway graph', () => {
    const about = all.filter((q) => q.subject.value === CACNB3);
    const facts = about.filter((q) => q.predicate.value !== 'http://purl.org/dc/terms/isPartOf');
    expect(new Set(facts.map((q) => q.graph.value)).size).toBe(1);
    expect(facts[0]!.graph.value).toMatch(SHARED);
    expect(
      facts
        .filter((q) => q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#label')
        .map((q) => q.object.value),
    ).toEqual(['CACNB3']);
    expect(
      about
        .filter((q) => q.predicate.value === 'http://purl.org/dc/terms/isPartOf')
        .map((q) => `${q.object.value} in ${q.graph.value}`)
        .sort(),
    ).toEqual([`${WP(9101)} in ${WP(9101)}`, `${WP(9102)} in ${WP(9102)}`, `${WP(9103)} in ${WP(9103)}`]);
    // Without DISTINCT, as the endpoint's users count: one label, not three.
    const { union } = bothWays(all, nq, `SELECT (COUNT(?l) AS ?n) WHERE { <${CACNB3}> rdfs:label ?l }`);
    expect(union).toContain('"1"');
  });

  it("a Pathway row naming another page: what that page's graph states about itself is not repeated in a shared graph", () => {
    const own = all.filter((q) => q.subject.value === WP(9102) && q.graph.value === WP(9102)).map(tripleKey);
    const shared = all.filter((q) => q.subject.value === WP(9102) && SHARED.test(q.graph.value)).map(tripleKey);
    expect(own).toContain(
      `${WP(9102)} http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://vocabularies.wikipathways.org/wp#Pathway`,
    );
    // What only the row says stays, in the shared graph.
    expect(shared.sort()).toEqual([
      `${WP(9102)} http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://vocabularies.wikipathways.org/wp#DataNode`,
      `${WP(9102)} http://www.w3.org/2000/01/rdf-schema#label "Layout fixture two"`,
    ]);
    // The row's isPartOf is WP9101's own statement.
    expect(
      all.some((q) => q.subject.value === WP(9102) && q.object.value === WP(9101) && q.graph.value === WP(9101)),
    ).toBe(true);
  });

  it("an author of several pathways is a shared node; a page's blank nodes and schema.org page stay in its graph", () => {
    expect([...graphsOf(all, 'http://rdf.wikipathways.org/User/SharedAuthor')].every((g) => SHARED.test(g))).toBe(true);
    expect(all.filter((q) => q.subject.value === 'http://rdf.wikipathways.org/User/SharedAuthor')).toHaveLength(2); // a foaf:Person, ordinal "1"
    for (const n of [9101, 9102, 9103]) {
      expect([...graphsOf(all, `https://wikipathways.github.io/pathways/WP${n}.html`)]).toEqual([WP(n)]);
      const blanks = all.filter((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode');
      expect(blanks.every((q) => !SHARED.test(q.graph.value))).toBe(true);
    }
  });
});

describe('incremental runs with the shared graphs, against a Graph Store', () => {
  let store: FakeGraphStore;
  let ws: Workspace;
  let flags: string[];
  const puts = () => store.requests.filter((r) => r.method === 'PUT').map((r) => r.graph!);
  const drops = () => store.requests.filter((r) => r.method === 'DELETE').map((r) => r.graph!);
  beforeAll(async () => {
    store = await startFakeGraphStore();
    ws = await fixtureWorkspace();
    flags = ['--endpoint', store.endpoint, '--graph-store', store.graphStore, '--retries', '0', '--timeout', '5000'];
    expect((await run(ws, flags)).status).toBe(0);
  });
  afterAll(async () => {
    await store.close();
    await rm(ws.dir, { recursive: true, force: true });
  });

  it('the first run sends every graph, the buckets included, each once', async () => {
    const graphs = new Set((await quads(ws)).map((q) => q.graph.value));
    expect(puts().sort()).toEqual([...graphs].sort());
    expect(puts().filter((g) => SHARED.test(g)).length).toBeGreaterThan(3);
  });

  it('a re-run with nothing changed sends no pathway and no bucket', async () => {
    store.requests.length = 0;
    expect((await run(ws, flags)).status).toBe(0);
    // Nothing changed: not even the run-wide graphs are sent (src/run/unchangedRun.ts), only the count check.
    expect(puts()).toEqual([]);
    expect(drops()).toEqual([]);
  });

  it('a re-run that reads the pages (--full off, one page touched but equal) sends no bucket', async () => {
    const page = path.join(ws.pages, (await readdir(ws.pages)).filter((n) => n.endsWith('.md')).sort()[0]!);
    await writeFile(page, await readFile(page)); // same bytes, a new ctime: the pages are read again, none has changed
    store.requests.length = 0;
    expect((await run(ws, flags)).status).toBe(0);
    // Only the run-wide graphs (the dataset graph says when the run was).
    expect(puts().filter((g) => g !== 'urn:pathway-kg:dataset' && g !== 'urn:pathway-kg:ontologies')).toEqual([]);
    expect(puts()).toContain('urn:pathway-kg:dataset');
    expect(drops().filter((g) => g !== 'urn:pathway-kg:ontologies')).toEqual([]); // the fixture's ontologies graph is empty
  });

  it('a changed page sends its graph and the buckets whose content changed, nothing else', async () => {
    const before = await quads(ws);
    const bucketOf = (subject: string) => [...graphsOf(before, subject)].find((g) => SHARED.test(g))!;
    // WP9103's Glutathione gets another label: its bucket changes; CACNB3's facts (also in WP9103) do not.
    const table = path.join(ws.datanodes, 'WP9103-datanodes.tsv');
    await writeFile(table, (await readFile(table, 'utf8')).replace('Glutathione\t', 'GSH\t'));
    store.requests.length = 0;
    expect((await run(ws, flags)).status).toBe(0);
    const changed = puts().filter((g) => g !== 'urn:pathway-kg:dataset' && g !== 'urn:pathway-kg:ontologies');
    expect(changed.sort()).toEqual([WP(9103), bucketOf(GLUTATHIONE)].sort());
    expect(store.bodies.get(bucketOf(GLUTATHIONE))).toContain('"GSH"');
    expect(store.bodies.get(bucketOf(GLUTATHIONE))).not.toContain('"Glutathione"');
    expect(triplesAbout(await quads(ws), CACNB3)).toEqual(triplesAbout(before, CACNB3));
  });

  it("a removed page takes its nodes' facts away, and only those used by no other page", async () => {
    const before = await quads(ws);
    await rm(path.join(ws.pages, 'WP9101.md'));
    store.requests.length = 0;
    expect((await run(ws, [...flags, '--allow-removals'])).status).toBe(0);
    const after = await quads(ws);
    expect(drops()).toContain(WP(9101));
    // K+ was only in WP9101: gone from all.nq, the bucket files and the store.
    expect(triplesAbout(after, K)).toEqual([]);
    const kBucket = [...graphsOf(before, K)].find((g) => SHARED.test(g))!;
    expect(store.bodies.get(kBucket) ?? '').not.toContain(K);
    const files = await Promise.all(
      (await readdir(path.join(ws.out, 'shared'))).map((n) => readFile(path.join(ws.out, 'shared', n), 'utf8')),
    );
    expect(files.join('')).not.toContain(K);
    // Ca2+ and CACNB3 are also in WP9102 (and WP9103): their facts stay; only WP9101's isPartOf goes.
    for (const node of [CA, CACNB3]) {
      const was = triplesAbout(before, node).filter((t) => !t.endsWith(WP(9101)));
      expect(triplesAbout(after, node)).toEqual(was);
    }
    // The Pathway row about WP9102 came from WP9101 only.
    expect(all(after, WP(9102)).filter((q) => SHARED.test(q.graph.value))).toEqual([]);
    // Still every triple once.
    const keys = after.map(tripleKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a page coming back restores exactly the first layout', async () => {
    await cp(path.join(FIXTURE, 'pages', 'WP9101.md'), path.join(ws.pages, 'WP9101.md'));
    await cp(path.join(FIXTURE, 'datanodes', 'WP9103-datanodes.tsv'), path.join(ws.datanodes, 'WP9103-datanodes.tsv'));
    expect((await run(ws, flags)).status).toBe(0);
    await expectSameAsFresh(ws);
  });
});

function all(quads: Quad[], subject: string): Quad[] {
  return quads.filter((q) => q.subject.value === subject);
}

describe('load --from with the shared graphs', () => {
  let store: FakeGraphStore;
  let ws: Workspace;
  beforeAll(async () => {
    store = await startFakeGraphStore();
    ws = await fixtureWorkspace();
    expect((await run(ws)).status).toBe(0);
  });
  afterAll(async () => {
    await store.close();
    await rm(ws.dir, { recursive: true, force: true });
  });

  it('loads every graph once, then only what changed: the buckets by their content', async () => {
    const load = () =>
      runCli([
        'load',
        '--from',
        ws.out,
        '--endpoint',
        store.endpoint,
        '--graph-store',
        store.graphStore,
        '--retries',
        '0',
        '--quiet',
      ]);
    const puts = () => store.requests.filter((r) => r.method === 'PUT').map((r) => r.graph!);
    expect((await load()).status).toBe(0);
    const graphs = new Set((await quads(ws)).map((q) => q.graph.value));
    expect(puts().sort()).toEqual([...graphs].sort());
    store.requests.length = 0;
    expect((await load()).status).toBe(0);
    expect(puts().filter((g) => g.startsWith('https://') || SHARED.test(g))).toEqual([]);
    // One page changed by a run without the store: load sends that page and the one bucket it changed.
    const before = await quads(ws);
    const table = path.join(ws.datanodes, 'WP9103-datanodes.tsv');
    await writeFile(table, (await readFile(table, 'utf8')).replace('Glutathione\t', 'GSH\t'));
    expect((await run(ws)).status).toBe(0);
    store.requests.length = 0;
    expect((await load()).status).toBe(0);
    const bucket = [...graphsOf(before, GLUTATHIONE)].find((g) => SHARED.test(g))!;
    expect(
      puts()
        .filter((g) => g.startsWith('https://') || SHARED.test(g))
        .sort(),
    ).toEqual([WP(9103), bucket].sort());
  });
});

describe('a changed page recomputes only the buckets it changed', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await fixtureWorkspace();
    expect((await run(ws)).status).toBe(0);
  });
  afterAll(async () => {
    await rm(ws.dir, { recursive: true, force: true });
  });

  it("refilters only the buckets of the pathway's own IRIs, and gives what a fresh run gives", async () => {
    const before = await quads(ws);
    const inode = (name: string) => statSync(path.join(ws.out, 'layout', name)).ino;
    const sidecars = (await readdir(path.join(ws.out, 'layout'))).filter((n) => /^[0-9]{2}\.tsv$/.test(n));
    const inodes = new Map(sidecars.map((n) => [n, inode(n)]));
    // The buckets of WP9102's own IRIs (its pathway IRIs and page URL), and those of the nodes it shares.
    const ownSubjects = new Set(
      before
        .filter((q) => q.graph.value === WP(9102) && q.subject.value.includes('WP9102'))
        .map((q) => q.subject.value),
    );
    const sidecarOf = (iri: string) => `${String(bucketOf(iri)).padStart(2, '0')}.tsv`;
    const ownBuckets = new Set([...ownSubjects].map(sidecarOf));
    const nodes = before
      .filter((q) => q.graph.value === WP(9102) && q.predicate.value === 'http://purl.org/dc/terms/isPartOf')
      .map((q) => q.subject.value);
    const nodeBuckets = new Set(nodes.map(sidecarOf).filter((n) => !ownBuckets.has(n) && inodes.has(n)));
    expect(nodeBuckets.size).toBeGreaterThan(0); // else the test could not tell

    const page = path.join(ws.pages, 'WP9102.md');
    await writeFile(
      page,
      (await readFile(page, 'utf8')).replace('title: Layout fixture two', 'title: Layout fixture 2'),
    );
    expect((await run(ws)).status).toBe(0);
    const rewritten = sidecars.filter((n) => !existsSync(path.join(ws.out, 'layout', n)) || inode(n) !== inodes.get(n));
    for (const n of rewritten) expect(ownBuckets).toContain(n);
    for (const n of nodeBuckets) expect(rewritten).not.toContain(n);
    expect(
      (await quads(ws)).some((q) => q.subject.value.includes('WP9102') && q.object.value === 'Layout fixture 2'),
    ).toBe(true);

    await expectSameAsFresh(ws, async (fresh) => {
      await writeFile(path.join(fresh.pages, 'WP9102.md'), await readFile(page));
    });
  });
  it("a changed table row recomputes only the buckets where the page's lines changed", async () => {
    const before = await quads(ws);
    const inode = (name: string) => statSync(path.join(ws.out, 'layout', name)).ino;
    const sidecars = (await readdir(path.join(ws.out, 'layout'))).filter((n) => /^[0-9]{2}\.tsv$/.test(n));
    const inodes = new Map(sidecars.map((n) => [n, inode(n)]));
    const sidecarOf = (iri: string) => `${String(bucketOf(iri)).padStart(2, '0')}.tsv`;
    const own = new Set(
      before
        .filter((q) => q.graph.value === WP(9103) && q.subject.value.includes('WP9103'))
        .map((q) => sidecarOf(q.subject.value)),
    );
    // Glutathione (only in WP9103) gets another label; CACNB3, also in WP9103, keeps its facts and its bucket its file.
    expect(sidecarOf(CACNB3)).not.toBe(sidecarOf(GLUTATHIONE));
    expect(own.has(sidecarOf(CACNB3))).toBe(false);
    const table = path.join(ws.datanodes, 'WP9103-datanodes.tsv');
    await writeFile(table, (await readFile(table, 'utf8')).replace('Glutathione\t', 'GSH\t'));
    expect((await run(ws)).status).toBe(0);
    const rewritten = sidecars.filter((n) => !existsSync(path.join(ws.out, 'layout', n)) || inode(n) !== inodes.get(n));
    expect(rewritten).toContain(sidecarOf(GLUTATHIONE));
    for (const n of rewritten) expect([...own, sidecarOf(GLUTATHIONE)]).toContain(n);
    expect(triplesAbout(await quads(ws), CACNB3)).toEqual(triplesAbout(before, CACNB3));

    await expectSameAsFresh(ws, async (fresh) => {
      await writeFile(path.join(fresh.pages, 'WP9102.md'), await readFile(path.join(ws.pages, 'WP9102.md')));
      await writeFile(path.join(fresh.datanodes, 'WP9103-datanodes.tsv'), await readFile(table));
    });
  });
});

describe('per-page records on disk until the end of the run', () => {
  it('layout.json and state.json list every pathway; no spill file is left behind, after a first run or a re-run', async () => {
    const ws = await fixtureWorkspace();
    try {
      const leftovers = async () =>
        [...(await readdir(ws.out)), ...(await readdir(path.join(ws.out, 'layout'))).map((n) => `layout/${n}`)].filter(
          (n) => path.basename(n).startsWith('.'),
        );
      expect((await run(ws)).status).toBe(0);
      const pathways = async (file: string) =>
        Object.keys((JSON.parse(await readFile(path.join(ws.out, file), 'utf8')) as { pathways: object }).pathways);
      expect(await pathways('layout/layout.json')).toEqual(['WP9101', 'WP9102', 'WP9103']);
      expect(await pathways('state.json')).toEqual(['WP9101', 'WP9102', 'WP9103']);
      expect(await leftovers()).toEqual([]);
      await rm(path.join(ws.pages, 'WP9102.md'));
      expect((await run(ws, ['--allow-removals'])).status).toBe(0);
      expect(await pathways('layout/layout.json')).toEqual(['WP9101', 'WP9103']);
      expect(await pathways('state.json')).toEqual(['WP9101', 'WP9103']);
      expect(await leftovers()).toEqual([]);
    } finally {
      await rm(ws.dir, { recursive: true, force: true });
    }
  });
});
