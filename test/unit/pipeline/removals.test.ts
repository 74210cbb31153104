// An empty, vanished or shrunken --source after a normal run changes nothing: no file, no all.nq line, no graph
// dropped.

import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../../src/config.js';
import { runPipeline } from '../../../src/pipeline.js';
import { runCli } from '../../support/cli.js';
import { startFakeGraphStore, type FakeGraphStore } from '../../support/fakeGraphStore.js';
import { run, workspace, WP, type Workspace } from '../../support/incremental.js';

/** Every file under `dir`, relative path -> bytes. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), await readFile(full));
  }
  return files;
}

async function keepOnly(ws: Workspace, names: string[]): Promise<void> {
  for (const name of await readdir(ws.pages)) if (!names.includes(name)) await rm(path.join(ws.pages, name));
}

describe('a run whose --source lost its pages, after a run loaded into a store', () => {
  let store: FakeGraphStore;
  let ws: Workspace;
  let flags: string[];
  let before: Map<string, Buffer>;
  let graphsBefore: Map<string, number>;

  beforeAll(async () => {
    store = await startFakeGraphStore();
    flags = ['--endpoint', store.endpoint, '--graph-store', store.graphStore, '--retries', '0', '--timeout', '5000'];
    ws = await workspace('pkg-shrink-');
    const first = await run(ws, flags);
    if (first.status !== 0) throw new Error(`first run failed: ${first.stderr}`);
    before = await snapshot(ws.out);
    graphsBefore = new Map(store.graphs);
  });
  afterAll(() => store.close());

  const unchanged = async () => {
    expect(await snapshot(ws.out)).toEqual(before);
    expect(store.requests).toEqual([]);
    expect(store.graphs).toEqual(graphsBefore);
  };

  it('the first run loaded 4 pathway graphs and wrote 4 Turtle files', () => {
    expect([...store.graphs.keys()].filter((g) => g.startsWith(WP(0).slice(0, -1)))).toHaveLength(4);
    expect([...before.keys()].filter((f) => f.startsWith('pathways'))).toHaveLength(4);
    store.requests.length = 0;
  });

  it('an empty --source: exit 2, nothing written, nothing sent to the store', async () => {
    await keepOnly(ws, []);
    const r = await run(ws, flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pathway-kg run: No WPn.md pages found under --source ${ws.pages} [CONFIG_INVALID]\n`);
    await unchanged();
  });

  it('a vanished --source: exit 2, nothing written, nothing sent', async () => {
    await rm(ws.pages, { recursive: true });
    const r = await run(ws, flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pathway-kg run: ${ws.pages}: --source ${ws.pages} is not a folder [CONFIG_INVALID]\n`);
    await unchanged();
  });

  it('a --source with 1 of the 4 pathways: exit 8 naming both counts and the flag, nothing written or dropped', async () => {
    await rm(ws.dir + '/pages', { recursive: true, force: true });
    const fresh = await workspace('pkg-shrink-src-');
    ws.pages = fresh.pages;
    await keepOnly(ws, ['WP9001.md']);
    const r = await run(ws, flags);
    expect(r.status).toBe(8);
    expect(r.stderr).toBe(
      `pathway-kg run: --source ${ws.pages} lists 1 pathways, fewer than --min-source-share 0.5 of the 4 the last run left in --out: nothing was removed. ` +
        'If the folder is complete and those pathways are really gone, run again with --allow-removals [SOURCE_SHRUNK]\n',
    );
    await unchanged();
  });

  it('the library refuses the same, not only the command line', async () => {
    const config = checkRunConfig({
      source: ws.pages,
      datanodes: [ws.datanodes],
      reference: ws.reference,
      out: ws.out,
    });
    await expect(runPipeline(config)).rejects.toMatchObject({
      code: 'SOURCE_SHRUNK',
      details: { listed: 1, previous: 4, minSourceShare: 0.5 },
    });
    await unchanged();
  });

  it('a --min-source-share out of 0..1 is a usage error', async () => {
    const r = await run(ws, [...flags, '--min-source-share', '1.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pathway-kg run: Expected `--min-source-share` to be a number from 0 to 1, got "1.5" [USAGE]\n',
    );
    await unchanged();
  });

  it('with --allow-removals the 3 missing pathways are removed from the files and the store', async () => {
    const r = await run(ws, [...flags, '--allow-removals']);
    expect(r.status).toBe(0);
    expect(await readdir(path.join(ws.out, 'pathways'))).toEqual(['WP9001.ttl']);
    // Shared-node buckets that only those pathways used are dropped too (test/load/layout/).
    const deleted = store.requests
      .filter((q) => q.method === 'DELETE' && !q.graph?.startsWith('urn:pathway-kg:shared:'))
      .map((q) => q.graph)
      .sort();
    expect(deleted).toEqual([WP(9002), WP(9003), WP(9004)]);
    expect([...store.graphs.keys()].filter((g) => g.includes('/wikipathways/'))).toEqual([WP(9001)]);
  });
});

describe('--min-source-share', () => {
  it('half the pathways is not under half: 2 of 4 run by default', async () => {
    const ws = await workspace('pkg-half-');
    expect((await run(ws)).status).toBe(0);
    await keepOnly(ws, ['WP9001.md', 'WP9002.md']);
    expect((await run(ws)).status).toBe(0);
    expect(await readdir(path.join(ws.out, 'pathways'))).toEqual(['WP9001.ttl', 'WP9002.ttl']);
  });

  it('1 of 4 needs a share of 0.25 or less', async () => {
    const ws = await workspace('pkg-share-');
    expect((await run(ws)).status).toBe(0);
    await keepOnly(ws, ['WP9001.md']);
    expect((await run(ws)).status).toBe(8);
    expect((await run(ws, ['--min-source-share', '0.3'])).status).toBe(8);
    expect((await run(ws, ['--min-source-share', '0.25'])).status).toBe(0);
    expect(await readdir(path.join(ws.out, 'pathways'))).toEqual(['WP9001.ttl']);
  });
});

describe('pathway-kg load from an --out that lost most of its pathways', () => {
  it('drops nothing (exit 8) unless --allow-removals', async () => {
    const store = await startFakeGraphStore();
    try {
      const flags = [
        '--endpoint',
        store.endpoint,
        '--graph-store',
        store.graphStore,
        '--retries',
        '0',
        '--timeout',
        '5000',
      ];
      const ws = await workspace('pkg-load-shrink-');
      expect((await run(ws, flags)).status).toBe(0);
      // Files only, with the removals allowed: all.nq keeps 1 pathway, the state still says the store holds 4.
      await keepOnly(ws, ['WP9001.md']);
      expect((await run(ws, ['--allow-removals'])).status).toBe(0);
      store.requests.length = 0;
      const load = (extra: string[] = []) => runCli(['load', '--from', ws.out, '--quiet', ...flags, ...extra]);
      const refused = await load();
      expect(refused.status).toBe(8);
      expect(refused.stderr).toContain(
        `all.nq in ${ws.out} holds 1 pathways, fewer than --min-source-share 0.5 of the 4 pathway graphs loaded into ${store.graphStore}: nothing was removed.`,
      );
      expect(store.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
      expect([...store.graphs.keys()].filter((g) => g.includes('/wikipathways/')).sort()).toEqual([
        WP(9001),
        WP(9002),
        WP(9003),
        WP(9004),
      ]);
      const allowed = await load(['--allow-removals']);
      expect(allowed.status).toBe(0);
      expect(
        store.requests
          .filter((q) => q.method === 'DELETE' && !q.graph?.startsWith('urn:pathway-kg:shared:'))
          .map((q) => q.graph)
          .sort(),
      ).toEqual([WP(9002), WP(9003), WP(9004)]);
    } finally {
      await store.close();
    }
  });
});
