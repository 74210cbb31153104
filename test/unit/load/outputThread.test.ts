// The output thread (src/load/outputThread.ts) against the same work on the main thread: the same files, byte for
// byte, the same graphs sent to an endpoint; a thread that dies mid-run fails the run with a coded error and leaves the
// previous output as it was.
//
// A worker cannot load the TypeScript sources, so the thread runs only from the build (`npm test` builds first): the
// CLI runs from dist/ in a child process, with the thread and with PATHWAY_KG_WORKER=off.

import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunOutput, startOutputThread } from '../../../src/load/outputThread.js';
import { LocalOutput } from '../../../src/load/runOutput.js';
import { PROJECT_ROOT } from '../../support/corpus.js';
import { startFakeGraphStore } from '../../support/fakeGraphStore.js';
import { runDistCli } from '../../support/distCli.js';

const DIST = path.join(PROJECT_ROOT, 'dist', 'src');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const LAYOUT = path.join(PROJECT_ROOT, 'test', 'fixtures', 'layout');
const OFF = { PATHWAY_KG_WORKER: 'off' };

interface Inputs {
  pages: string;
  datanodes: string;
  reference: string;
}

/** The example pages and the layout fixture's (pages whose tables share nodes), in a folder of their own. */
async function inputs(dir: string): Promise<Inputs> {
  const ws = { pages: path.join(dir, 'pages'), datanodes: path.join(dir, 'datanodes'), reference: '' };
  for (const from of [EXAMPLES, LAYOUT]) {
    await cp(path.join(from, 'pages'), ws.pages, { recursive: true });
    await cp(path.join(from, 'datanodes'), ws.datanodes, { recursive: true });
  }
  ws.reference = path.join(EXAMPLES, 'reference');
  return ws;
}

function runDist(
  ws: Inputs,
  out: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<{ status: number | null; stderr: string }> {
  const args = ['run', '--source', ws.pages, '--datanodes', ws.datanodes, '--reference', ws.reference];
  return runDistCli([...args, '--out', out, '--quiet', ...extra], env);
}

/** Every file under `dir`, relative path -> bytes. */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const bytes = await readFile(path.join(dir, name)).catch(() => undefined); // folders
    if (bytes !== undefined) out.set(name, bytes);
  }
  return out;
}

/** The files as text with what differs from run to run taken out: times, the --out folder, all.nq's mtime. */
async function comparable(out: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const [name, bytes] of await files(out)) {
    let text = bytes.toString('utf8');
    if (name === 'report.json') {
      const r = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['startedAt', 'finishedAt', 'seconds', 'peakRssMb', 'out', 'memory']) delete r[key];
      text = JSON.stringify(r);
    } else if (name === 'state.json') {
      // The fingerprint stamps the inputs at the run's time (which pages were racy) and hashes the report, which
      // names --out: not the output's bytes.
      const r = JSON.parse(text) as Record<string, unknown>;
      delete r['fingerprint'];
      text = JSON.stringify(r).replace(/"mtimeMs":[0-9.]+/g, '');
    } else if (name.endsWith('layout.json')) {
      text = text.replace(/"mtimeMs":[0-9.]+/g, '');
    } else if (name === 'all.nq' || name === 'dataset.ttl') {
      text = text.replace(/"[0-9T:.-]+Z"\^\^/g, '"time"^^');
    }
    result.set(name, text);
  }
  return result;
}

/** Runs both ways into `<dir>/thread` and `<dir>/inline`, one after the other, and compares every file. */
async function bothWays(ws: Inputs, dir: string, extra: string[] = []): Promise<void> {
  const thread = await runDist(ws, path.join(dir, 'thread'), {}, extra);
  const inline = await runDist(ws, path.join(dir, 'inline'), OFF, extra);
  expect(thread.stderr).toBe('');
  expect(inline.stderr).toBe('');
  expect([thread.status, inline.status]).toEqual([0, 0]);
  const a = await comparable(path.join(dir, 'thread'));
  const b = await comparable(path.join(dir, 'inline'));
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, text] of a) expect(text, name).toBe(b.get(name));
}

beforeAll(() => {
  if (!existsSync(path.join(DIST, 'load', 'outputThreadWorker.js')))
    throw new Error(`${DIST} has no output thread: run "npm run build" first`);
});

describe('openRunOutput', () => {
  it('starts the thread from the build only, and not when PATHWAY_KG_WORKER=off', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-open-'));
    // From the TypeScript sources (as here) the worker file does not exist: the run's output stays on this thread.
    expect(startOutputThread({})).toBeUndefined();
    const fromSources = await openRunOutput(undefined, path.join(dir, 'a'), {}, false, () => undefined);
    expect(fromSources).toBeInstanceOf(LocalOutput);
    await fromSources.abort();
    type Built = { openRunOutput: typeof openRunOutput; startOutputThread: typeof startOutputThread };
    const built = (await import(path.join(DIST, 'load', 'outputThread.js'))) as Built;
    const local = (await import(path.join(DIST, 'load', 'runOutput.js'))) as { LocalOutput: typeof LocalOutput };
    expect(built.startOutputThread(OFF)).toBeUndefined();
    const thread = built.startOutputThread({});
    expect(thread).toBeDefined();
    const threaded = await built.openRunOutput(thread, path.join(dir, 'b'), {}, false, () => undefined);
    expect(threaded).not.toBeInstanceOf(local.LocalOutput);
    expect(threaded.reusable).toBe(false);
    await threaded.abort();
    // Aborted: no all.nq, no temporary file left by either.
    for (const name of ['a', 'b'])
      expect((await readdir(path.join(dir, name))).filter((n) => n !== 'layout' && n !== 'shared')).toEqual([]);
  });
});

describe('pathway-kg run, compiled, with and without its output thread', () => {
  it('writes the same files (layout sidecars and shared graphs too): first run, a changed and a removed page, --full', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-run-'));
    const ws = await inputs(dir);
    await bothWays(ws, dir);
    const page = path.join(ws.pages, 'WP9102.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^title: .*$/m, 'title: A new title'));
    await rm(path.join(ws.pages, 'WP9001.md'));
    await bothWays(ws, dir); // one page written, the others kept from all.nq; a pathway and its shared facts gone
    await bothWays(ws, dir, ['--full']);
  });

  it('sends an endpoint the same graphs with the same bodies', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-endpoint-'));
    const ws = await inputs(dir);
    const sent: Map<string, string>[] = [];
    for (const env of [{}, OFF]) {
      const store = await startFakeGraphStore();
      try {
        const flags = ['--endpoint', store.endpoint, '--graph-store', store.graphStore, '--retries', '0'];
        const out = path.join(dir, env === OFF ? 'inline' : 'thread');
        expect((await runDist(ws, out, env, flags)).status).toBe(0);
        // A second run after a page changed: the thread's shared graphs the store lacks come back to this thread.
        const page = path.join(ws.pages, 'WP9101.md');
        const text = await readFile(page, 'utf8');
        await writeFile(page, text.replace(/^title: .*$/m, 'title: Edited'));
        expect((await runDist(ws, out, env, flags)).status).toBe(0);
        await writeFile(page, text);
        sent.push(new Map([...store.bodies].map(([g, body]) => [g, body.replace(/"[0-9T:.-]+Z"\^\^/g, '"time"^^')])));
        expect([...store.bodies.keys()].some((g) => g.startsWith('urn:pathway-kg:shared:'))).toBe(true);
      } finally {
        await store.close();
      }
    }
    expect([...sent[0]!.keys()].sort()).toEqual([...sent[1]!.keys()].sort());
    for (const [g, body] of sent[0]!) expect(body, g).toBe(sent[1]!.get(g));
  });

  it('a run refused before --out is touched stops its thread (booted early) and exits', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-refused-'));
    const ws = { ...(await inputs(dir)), pages: path.join(dir, 'empty') };
    await cp(path.join(dir, 'datanodes'), ws.pages, { recursive: true }); // tables, no page
    const r = await runDist(ws, path.join(dir, 'out'), {});
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/No WPn\.md pages found.*\[CONFIG_INVALID\]/)]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a thread that dies mid-run fails the run with a coded error and leaves the previous output untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-dies-'));
    const ws = await inputs(dir);
    const out = path.join(dir, 'out');
    expect((await runDist(ws, out, {})).status).toBe(0);
    const before = await files(out);
    const page = path.join(ws.pages, 'WP9101.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^title: .*$/m, 'title: Edited'));
    // --full: every page is written, and the thread stops at its third (src/load/killPoint.ts).
    const killed = await runDist(ws, out, { PATHWAY_KG_TEST_KILL: 'output-thread' }, ['--full']);
    expect(killed.status).toBe(1);
    expect(killed.stderr).toMatch(/output thread stopped \(exit code 70\).*\[OUTPUT_UNWRITABLE\]/);
    const after = await files(out);
    expect([...after.keys()]).toEqual([...before.keys()]); // no temporary file left, nothing removed
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
    // Without it, the off switch has no kill point to reach: the same inputs run through.
    expect((await runDist(ws, out, { ...OFF, PATHWAY_KG_TEST_KILL: 'output-thread' }, ['--full'])).status).toBe(0);
  });

  it('a first run writes the parsed reference after its pages, and still does when its thread dies', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-othread-cache-'));
    const ws = await inputs(dir);
    // With the thread the cache is written while the thread makes the shared graphs, no longer before the first page:
    // a first run that fails part-way must still leave it (and nothing else) for the next run.
    const out = path.join(dir, 'out');
    const killed = await runDist(ws, out, { PATHWAY_KG_TEST_KILL: 'output-thread' });
    expect(killed.status).toBe(1);
    const left = [...(await files(out)).keys()];
    expect(left).toEqual(['reference-cache.json']);
    const cache = (await files(out)).get('reference-cache.json')!;
    // A completed first run writes the same cache.
    const done = path.join(dir, 'done');
    expect((await runDist(ws, done, {})).status).toBe(0);
    expect((await files(done)).get('reference-cache.json')!.equals(cache)).toBe(true);
  });
});
