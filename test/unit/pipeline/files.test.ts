// Incremental runs without a server: unchanged pathways are copied, changed ones re-transformed, gone ones removed.

import { spawn } from 'node:child_process';
import { appendFile, cp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { runCli } from '../../support/cli.js';
import {
  DATASET,
  nqGraphs,
  nqWithoutDataset,
  ONTOLOGIES,
  report,
  run,
  state,
  turtleFiles,
  workspace,
  WP,
  type Workspace,
} from '../../support/incremental.js';

/** A port on 127.0.0.1 with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const ALL_TTL = ['WP9001.ttl', 'WP9002.ttl', 'WP9003.ttl', 'WP9004.ttl'];

/** The graphs other than the shared-node buckets (test/load/layout/ tests those). */
const notShared = (graphs: Iterable<string>): string[] =>
  [...graphs].filter((g) => !g.startsWith('urn:pathway-kg:shared:'));

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
}

/** A workspace with one clean run done; returns it with the outputs of that run. */
async function afterFirstRun(): Promise<{
  ws: Workspace;
  ttl: Map<string, string>;
  nq: string;
  graphs: Map<string, string[]>;
}> {
  const ws = await workspace();
  const r = await run(ws);
  if (r.status !== 0) throw new Error(`first run failed: ${r.stderr}`);
  return { ws, ttl: await turtleFiles(ws), nq: await nqWithoutDataset(ws), graphs: await nqGraphs(ws) };
}

describe('first and unchanged second run', () => {
  let ws: Workspace;
  let first: Awaited<ReturnType<typeof afterFirstRun>>;
  let firstState: any;
  beforeAll(async () => {
    first = await afterFirstRun();
    ws = first.ws;
    firstState = await state(ws);
  });

  it('first run writes every pathway, all.nq with 6 graphs and a state entry per pathway', async () => {
    expect([...first.ttl.keys()]).toEqual(ALL_TTL);
    expect(notShared(first.graphs.keys())).toEqual([WP(9001), WP(9002), WP(9003), WP(9004), ONTOLOGIES, DATASET]);
    expect((await report(ws)).pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(Object.keys(firstState.pathways).sort()).toEqual(['WP9001', 'WP9002', 'WP9003', 'WP9004']);
    expect(existsSync(path.join(ws.out, 'state.journal'))).toBe(false);
    expect(existsSync(path.join(ws.out, '.pathway-kg.lock'))).toBe(false);
  });

  it("state byte ranges cover exactly each pathway's lines of all.nq", async () => {
    const bytes = await readFile(path.join(ws.out, 'all.nq'));
    for (const [wpid, entry] of Object.entries<any>(firstState.pathways)) {
      const slice = bytes.subarray(entry.nq.offset, entry.nq.offset + entry.nq.length).toString('utf8');
      const lines = first.graphs.get(WP(Number(wpid.slice(2))))!;
      expect(slice).toBe(lines.join('\n') + '\n');
      expect(entry.triples).toBe(lines.length);
    }
  });

  it('second run reuses every pathway: same Turtle bytes, same pathway and ontology graphs', async () => {
    const r = await run(ws);
    expect(r.status).toBe(0);
    expect((await report(ws)).pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 4 });
    expect(await turtleFiles(ws)).toEqual(first.ttl);
    expect(await nqWithoutDataset(ws)).toBe(first.nq);
    expect((await state(ws)).pathways).toEqual(firstState.pathways);
    // Nothing changed: the output stays as the first run wrote it, the dataset graph too (its creation time is that
    // of the run that made the output, which the report names).
    const rep = await report(ws);
    expect(rep.unchangedSince).toBeDefined();
    expect(rep.unchangedSince).not.toBe(rep.startedAt);
    const created = (await nqGraphs(ws)).get(DATASET)!.filter((l) => l.includes('/dc/terms/created>'));
    expect(created).toHaveLength(1);
    expect(created[0]).toContain(`"${rep.unchangedSince}"`);
  });
});

describe('changed inputs', () => {
  it('a changed page: only that pathway is re-transformed and its Turtle and graph change', async () => {
    const { ws, ttl, graphs } = await afterFirstRun();
    await edit(
      path.join(ws.pages, 'WP9002.md'),
      'title: Example glutathione reduction\n',
      'title: Example glutathione reduction, edited\n',
    );
    const r = await run(ws);
    expect(r.status).toBe(0);
    expect((await report(ws)).pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 3 });
    const now = await turtleFiles(ws);
    expect(now.get('WP9002.ttl')).not.toBe(ttl.get('WP9002.ttl'));
    expect(now.get('WP9002.ttl')).toContain('"Example glutathione reduction, edited"');
    for (const name of ['WP9001.ttl', 'WP9003.ttl', 'WP9004.ttl']) expect(now.get(name)).toEqual(ttl.get(name));
    const g = await nqGraphs(ws);
    const titles = g.get(WP(9002))!.filter((l) => l.includes('<http://purl.org/dc/elements/1.1/title>'));
    expect(titles).toEqual([
      '<https://identifiers.org/wikipathways/WP9002_r140001> <http://purl.org/dc/elements/1.1/title> "Example glutathione reduction, edited"@en <https://identifiers.org/wikipathways/WP9002> .',
    ]);
    for (const n of [9001, 9003, 9004]) expect(g.get(WP(n))).toEqual(graphs.get(WP(n)));
  });

  it('a changed participant table re-transforms its pathway only', async () => {
    const { ws, ttl } = await afterFirstRun();
    const before = (await state(ws)).pathways;
    await appendFile(path.join(ws.datanodes, 'WP9001-datanodes.tsv'), 'CACNB2 \tGeneProduct\t783\tEntrez Gene\t\n');
    const r = await run(ws);
    expect(r.status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(3);
    const after = (await state(ws)).pathways;
    expect(after.WP9001.hash).not.toBe(before.WP9001.hash);
    for (const wpid of ['WP9002', 'WP9003', 'WP9004']) expect(after[wpid].hash).toBe(before[wpid].hash);
    const now = await turtleFiles(ws);
    for (const name of ['WP9002.ttl', 'WP9003.ttl', 'WP9004.ttl']) expect(now.get(name)).toEqual(ttl.get(name));
    // Removing the table is a change too.
    await rm(path.join(ws.datanodes, 'WP9001-datanodes.tsv'));
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(3);
  });

  it('a removed page: its Turtle file and its graph are gone, the rest is kept', async () => {
    const { ws, ttl, graphs } = await afterFirstRun();
    await rm(path.join(ws.pages, 'WP9003.md'));
    const r = await run(ws);
    expect(r.status).toBe(0);
    const rep = await report(ws);
    expect(rep.pages).toEqual({ read: 3, converted: 3, rejected: 0, unchanged: 3 });
    expect(rep.load.filesRemoved).toEqual(['WP9003']);
    const now = await turtleFiles(ws);
    expect([...now.keys()]).toEqual(['WP9001.ttl', 'WP9002.ttl', 'WP9004.ttl']);
    for (const name of now.keys()) expect(now.get(name)).toEqual(ttl.get(name));
    const g = await nqGraphs(ws);
    expect(notShared(g.keys())).toEqual([WP(9001), WP(9002), WP(9004), ONTOLOGIES, DATASET]);
    expect(Object.keys((await state(ws)).pathways).sort()).toEqual(['WP9001', 'WP9002', 'WP9004']);
    for (const n of [9001, 9002, 9004]) expect(g.get(WP(n))).toEqual(graphs.get(WP(n)));
    // Coming back, it is transformed again (nothing of it was kept).
    await cp(path.join(PROJECT_ROOT, 'examples', 'pages', 'WP9003.md'), path.join(ws.pages, 'WP9003.md'));
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(3);
    expect(await turtleFiles(ws)).toEqual(ttl);
  });

  it('a page made invalid: exit 3, the reject is reported, and its previous graph and Turtle stay', async () => {
    const { ws, ttl, graphs, nq } = await afterFirstRun();
    const page = path.join(ws.pages, 'WP9004.md');
    const good = await readFile(page, 'utf8');
    await writeFile(page, good.replace(/^---\n/, ''));
    for (let i = 0; i < 2; i++) {
      // Twice: the kept version survives a second run with the page still broken.
      const r = await run(ws);
      expect(r.status).toBe(3);
      const rep = await report(ws);
      expect(rep.pages).toEqual({ read: 4, converted: 3, rejected: 1, unchanged: 3 });
      expect(rep.rejects.map((x: any) => [x.code, x.file, x.line])).toEqual([['PAGE_FRONTMATTER_MISSING', page, 1]]);
      expect(await turtleFiles(ws)).toEqual(ttl);
      expect((await nqGraphs(ws)).get(WP(9004))).toEqual(graphs.get(WP(9004)));
      expect(await nqWithoutDataset(ws)).toBe(nq);
    }
    // Repaired as it was: nothing to redo.
    await writeFile(page, good);
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
    expect(await nqWithoutDataset(ws)).toBe(nq);
  });

  it('a new page that is invalid from the start leaves nothing behind', async () => {
    const { ws, ttl, nq } = await afterFirstRun();
    await writeFile(path.join(ws.pages, 'WP9005.md'), 'no frontmatter\n');
    const r = await run(ws);
    expect(r.status).toBe(3);
    expect((await report(ws)).pages).toEqual({ read: 5, converted: 4, rejected: 1, unchanged: 4 });
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect(Object.keys((await state(ws)).pathways)).not.toContain('WP9005');
  });

  it('a page made invalid under --full still keeps its previous version', async () => {
    const { ws, ttl, nq } = await afterFirstRun();
    const page = path.join(ws.pages, 'WP9001.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^---\n/, ''));
    const r = await run(ws, ['--full']);
    expect(r.status).toBe(3);
    expect((await report(ws)).pages).toEqual({ read: 4, converted: 3, rejected: 1, unchanged: 0 });
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect(await nqWithoutDataset(ws)).toBe(nq);
  });

  it('a changed reference version re-transforms everything (same output)', async () => {
    const { ws, ttl, nq } = await afterFirstRun();
    await edit(
      path.join(ws.reference, 'ontology', 'pathway.obo'),
      'data-version: example-1\n',
      'data-version: example-2\n',
    );
    expect((await run(ws)).status).toBe(0);
    const rep = await report(ws);
    expect(rep.versions.PW).toBe('example-2');
    expect(rep.pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
  });

  it('a changed mapping version re-transforms everything', async () => {
    const { ws, ttl } = await afterFirstRun();
    const mappings = path.join(ws.dir, 'mappings');
    await cp(path.join(PROJECT_ROOT, 'mappings'), mappings, { recursive: true });
    // The same tables with other bytes: a new mapping version, the same quads.
    await appendFile(path.join(mappings, 'licenses.json'), '\n');
    expect((await run(ws, ['--mappings', mappings])).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(0);
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect((await run(ws, ['--mappings', mappings])).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
  });

  it('--full re-transforms everything', async () => {
    const { ws, ttl, nq } = await afterFirstRun();
    expect((await run(ws, ['--full'])).status).toBe(0);
    expect((await report(ws)).pages).toEqual({ read: 4, converted: 4, rejected: 0, unchanged: 0 });
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
  });
});

describe('state that does not describe the output', () => {
  it('an all.nq edited behind the state: everything re-transformed, the edit gone', async () => {
    const { ws, nq } = await afterFirstRun();
    const file = path.join(ws.out, 'all.nq');
    const text = await readFile(file, 'utf8');
    // Same length, so only the modification time tells the state is stale.
    await writeFile(file, text.replace('"Example glutathione reduction"', '"Example glutathione REDUCTION"'));
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(0);
    expect(await nqWithoutDataset(ws)).toBe(nq);
  });

  for (const how of ['run', 'load'] as const) {
    it(`a ${how} that fails at the endpoint does not make an edited all.nq look current`, async () => {
      const { ws, nq } = await afterFirstRun();
      const file = path.join(ws.out, 'all.nq');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('"Example glutathione reduction"', '"Example glutathione REDUCTION"'),
      );
      const endpoint = ['--endpoint', `http://127.0.0.1:${await closedPort()}/sparql`, '--retries', '0'];
      const r = how === 'run' ? await run(ws, endpoint) : await runCli(['load', '--from', ws.out, ...endpoint]);
      expect(r.status).toBe(4);
      expect((await run(ws)).status).toBe(0);
      expect((await report(ws)).pages.unchanged).toBe(0);
      expect(await nqWithoutDataset(ws)).toBe(nq);
    });
  }

  it('a missing all.nq: everything re-transformed and written again', async () => {
    const { ws, nq, ttl } = await afterFirstRun();
    await rm(path.join(ws.out, 'all.nq'));
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(0);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect(await turtleFiles(ws)).toEqual(ttl);
  });

  it('a journal line cut short by a crash is ignored', async () => {
    const { ws, nq } = await afterFirstRun();
    await writeFile(
      path.join(ws.out, 'state.journal'),
      '{"target":"http://127.0.0.1:1/sparql","graph":"https://identifiers.or',
    );
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect(existsSync(path.join(ws.out, 'state.journal'))).toBe(false);
    expect((await state(ws)).targets).toEqual({});
  });

  it('a corrupt state.json, or one with a field of the wrong type: exit 1 naming the field and telling to use --full, nothing written; --full rebuilds', async () => {
    const { ws, nq, ttl } = await afterFirstRun();
    const file = path.join(ws.out, 'state.json');
    const nqBefore = await readFile(path.join(ws.out, 'all.nq'));
    const good = JSON.parse(await readFile(file, 'utf8'));
    /**
     * The state of the first run with one field changed: valid JSON, a wrong type (each used to end in a stack trace).
     */
    const withField = (change: (s: any) => void) => {
      const s = structuredClone(good);
      change(s);
      return JSON.stringify(s) + '\n';
    };
    for (const [content, reason] of [
      ['{"version":2,"pathways":{},"targets":{}}\n', 'version is number 2, expected 1'],
      ['{"version":1,"pathways":null,"targets":{}}\n', 'pathways is null, expected an object'],
      ['[1]\n', 'the file holds a list, expected an object'],
      [
        withField((s) => (s.pathways.WP9001.nq.offset = '0')),
        'pathways.WP9001.nq.offset is string "0", expected a whole number from 0',
      ],
      [
        withField((s) => (s.pathways.WP9002.nq.length = -5)),
        'pathways.WP9002.nq.length is number -5, expected a whole number from 0',
      ],
      [withField((s) => (s.pathways.WP9001.nq = [0, 10])), 'pathways.WP9001.nq is a list, expected { offset, length }'],
      [withField((s) => (s.pathways.WP9003.termIds = 5)), 'pathways.WP9003.termIds is not a list of strings'],
      [withField((s) => (s.pathways.WP9001.hash = 42)), 'pathways.WP9001.hash is number 42, expected a string'],
      [withField((s) => (s.pathways.WP9004 = 'x')), 'pathways.WP9004 is string "x", expected an object'],
      [
        withField((s) => (s.pathways.WP9001.triples = '12')),
        'pathways.WP9001.triples is string "12", expected a whole number from 0',
      ],
      [
        withField((s) => (s.pathways.WP9001.coverage = { participants: 'many' })),
        'pathways.WP9001.coverage.participants is string "many", expected a whole number from 0',
      ],
      [
        withField((s) => (s.targets = { 'http://127.0.0.1:1/sparql': 'all' })),
        'targets["http://127.0.0.1:1/sparql"] is string "all", expected an object',
      ],
      [withField((s) => (s.allNq = 'fresh')), 'allNq is not { size, mtimeMs }'],
      ['{"version":1,"pathways":{"WP90', undefined],
    ] as const) {
      await writeFile(file, content);
      const r = await run(ws);
      expect(r.status).toBe(1);
      if (reason)
        expect(r.stderr).toBe(
          `pathway-kg run: ${file}: Cannot read run state (${reason}); run with --full to rebuild it [STATE_INVALID]\n`,
        );
      else
        expect(r.stderr).toMatch(
          /^pathway-kg run: .*state\.json: Cannot read run state \(.*JSON.*\); run with --full to rebuild it \[STATE_INVALID\]\n$/,
        );
      expect(await readFile(path.join(ws.out, 'all.nq'))).toEqual(nqBefore);
      expect(await readFile(file, 'utf8')).toBe(content);
      expect(existsSync(path.join(ws.out, '.pathway-kg.lock'))).toBe(false);
      const l = await runCli(['load', '--from', ws.out, '--endpoint', 'http://127.0.0.1:1/sparql']);
      expect(l.status).toBe(1);
      expect(l.stderr).toMatch(
        /^pathway-kg load: .*state\.json: Cannot read run state \(.*\); run with --full to rebuild it \[STATE_INVALID\]\n$/,
      );
    }
    const r = await run(ws, ['--full']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(0);
    expect(await nqWithoutDataset(ws)).toBe(nq);
    expect(await turtleFiles(ws)).toEqual(ttl);
    expect(Object.keys((await state(ws)).pathways).sort()).toEqual(['WP9001', 'WP9002', 'WP9003', 'WP9004']);
    expect((await run(ws)).status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
  });
});

describe('the lock on --out', () => {
  const lockFile = (ws: Workspace) => path.join(ws.out, '.pathway-kg.lock');

  it('a lock held by a live process: exit 7, the lock and the output untouched', async () => {
    const { ws, nq } = await afterFirstRun();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const lock = JSON.stringify({ pid: child.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' });
      await writeFile(lockFile(ws), lock);
      const stateBefore = await readFile(path.join(ws.out, 'state.json'), 'utf8');
      const r = await run(ws, ['--full']);
      expect(r.status).toBe(7);
      expect(r.stderr).toBe(
        `pathway-kg run: ${lockFile(ws)}: Another run (pid ${child.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z) is using ${ws.out}; remove ${lockFile(ws)} if that run is gone [LOCKED]\n`,
      );
      expect(await readFile(lockFile(ws), 'utf8')).toBe(lock);
      expect(await readFile(path.join(ws.out, 'state.json'), 'utf8')).toBe(stateBefore);
      expect(await nqWithoutDataset(ws)).toBe(nq);
      const l = await runCli(['load', '--from', ws.out, '--endpoint', 'http://127.0.0.1:1/sparql']);
      expect(l.status).toBe(7);
      expect(l.stderr).toContain('[LOCKED]');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a lock of a process that is gone is taken over (and released at the end)', async () => {
    const { ws } = await afterFirstRun();
    const child = spawn('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(
      lockFile(ws),
      JSON.stringify({ pid: child.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    // What the dead run was writing when it died goes; a live process's temporary file stays.
    const dead = [
      path.join(ws.out, `.all.nq.${child.pid}.tmp`),
      path.join(ws.out, 'pathways', `.WP9001.ttl.${child.pid}.tmp`),
    ];
    for (const f of dead) await writeFile(f, 'partial');
    const live = path.join(ws.out, `.all.nq.${process.ppid}.tmp`);
    await writeFile(live, 'someone else');
    const r = await run(ws);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await report(ws)).pages.unchanged).toBe(4);
    expect(existsSync(lockFile(ws))).toBe(false);
    for (const f of dead) expect(existsSync(f)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('an empty lock file a minute old (an older version killed while writing it) is taken over', async () => {
    const { ws } = await afterFirstRun();
    await writeFile(lockFile(ws), '');
    const old = new Date(Date.now() - 61_000);
    await utimes(lockFile(ws), old, old);
    expect((await run(ws)).status).toBe(0);
    expect(existsSync(lockFile(ws))).toBe(false);
  });

  it('a just-created empty lock file is respected: a lock is never seen half-written, so it is not one of ours being written', async () => {
    const { ws } = await afterFirstRun();
    await writeFile(lockFile(ws), '');
    const r = await run(ws);
    expect(r.status).toBe(7);
    expect(r.stderr).toContain('An unreadable lock file is in');
    expect(await readFile(lockFile(ws), 'utf8')).toBe('');
  });

  it('a lock from another host is respected even if no such pid runs here', async () => {
    const { ws } = await afterFirstRun();
    await writeFile(
      lockFile(ws),
      JSON.stringify({ pid: 999_999_999, host: 'another-host.example', since: '2026-01-01T00:00:00.000Z' }),
    );
    const r = await run(ws);
    expect(r.status).toBe(7);
    expect(r.stderr).toContain('Another run (pid 999999999 on another-host.example, since 2026-01-01T00:00:00.000Z)');
  });
});
