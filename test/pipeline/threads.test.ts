// The writer thread (compiled package only) against the main-thread writer: the same files, byte for byte.
//
// The thread runs only from dist/ (a worker cannot load the TypeScript sources), so these tests use the
// build: `npm test` builds first. The in-process CLI tests elsewhere run the main-thread writer.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunFiles as openInline } from '../../src/load/runFiles.js';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../support/corpus.js';

const { namedNode: iri, literal, quad, blankNode } = DataFactory;
const DIST = path.join(PROJECT_ROOT, 'dist', 'src');
const CLI = path.join(DIST, 'cli', 'main.js');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const PREFIXES = { wp: 'http://vocabularies.wikipathways.org/wp#', ex: 'http://ex.org/' };

interface Dist {
  openRunFiles: typeof openInline;
  startWriterThread: (env?: NodeJS.ProcessEnv) => { close(): Promise<void> } | undefined;
}

async function dist(): Promise<Dist> {
  if (!existsSync(path.join(DIST, 'load', 'writerWorker.js'))) throw new Error(`${DIST} has no build: run "npm run build" first`);
  const runFiles = (await import(path.join(DIST, 'load', 'runFiles.js'))) as { openRunFiles: Dist['openRunFiles'] };
  const thread = (await import(path.join(DIST, 'load', 'writerThread.js'))) as { startWriterThread: Dist['startWriterThread'] };
  return { openRunFiles: runFiles.openRunFiles, startWriterThread: thread.startWriterThread };
}

/** Every file under `dir`, relative path -> bytes. */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, name);
    const bytes = await readFile(full).catch(() => undefined); // folders
    if (bytes !== undefined) out.set(name, bytes);
  }
  return out;
}

function pathway(n: number): { wpid: string; graph: string; subject: string; file: string; quads: Quad[]; warnings: [] } {
  const g = iri(`https://identifiers.org/wikipathways/WP${n}`);
  const s = iri(`https://identifiers.org/wikipathways/WP${n}_r1`);
  const quads = [quad(s, iri('http://purl.org/dc/terms/title'), literal(`Pathway ${n} "é"`), g), quad(s, iri('http://ex.org/part'), blankNode(`WP${n}_b0`), g), quad(blankNode(`WP${n}_b0`), iri('http://ex.org/label'), literal('x', 'en'), g)];
  for (let i = 0; i < n * 50; i++) quads.push(quad(iri(`http://ex.org/node${i}`), iri('http://ex.org/isPartOf'), s, g));
  // The graph IRI's own facts come last here, and lead in the Turtle file (the graph, then the subject).
  quads.push(quad(g, iri('http://ex.org/version'), s, g));
  return { wpid: `WP${n}`, graph: g.value, subject: s.value, file: `WP${n}.md`, quads, warnings: [] };
}

describe('writer thread, from the build', () => {
  let d: Dist;
  beforeAll(async () => {
    d = await dist();
  });

  it('starts from the compiled package, and not when PATHWAY_KG_WORKER=off', async () => {
    const thread = d.startWriterThread({});
    expect(thread).toBeDefined();
    await thread!.close();
    expect(d.startWriterThread({ PATHWAY_KG_WORKER: 'off' })).toBeUndefined();
  });

  it('writes the same Turtle files and all.nq as the main-thread writer, with the same ranges, kept pathways too', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-threads-'));
    const written = async (files: Awaited<ReturnType<typeof openInline>>, previousRun: boolean) => {
      const ranges: unknown[] = [];
      for (const n of [1, 2, 3]) await files.write(pathway(n), (r) => ranges.push(['write', n, r]));
      // A pathway of the previous run, copied from its all.nq (the second time round).
      if (previousRun) await files.keep('WP9', { offset: 10, length: 300 }, (r) => ranges.push(['keep', r]));
      await files.writeGraph('ontologies', [quad(iri('http://ex.org/o'), iri('http://ex.org/p'), literal('o'), iri('urn:pathway-kg:ontologies'))]);
      const removed = await files.commit();
      return { ranges, removed };
    };
    const runBoth = async (previousRun: boolean) => {
      const thread = d.startWriterThread({});
      const a = await written(await d.openRunFiles(path.join(dir, 'thread'), PREFIXES, thread as never), previousRun);
      const b = await written(await openInline(path.join(dir, 'inline'), PREFIXES, undefined), previousRun);
      expect(a).toEqual(b);
      expect(await files(path.join(dir, 'thread'))).toEqual(await files(path.join(dir, 'inline')));
      return a;
    };
    const first = await runBoth(false);
    const last = first.ranges[2] as [string, number, { offset: number; length: number }];
    expect(first.ranges.map((r) => (r as unknown[])[0])).toEqual(['write', 'write', 'write']);
    // A stale Turtle file is removed by both; the second run copies bytes of the first all.nq.
    const previous = await readFile(path.join(dir, 'thread', 'all.nq'));
    await writeFile(path.join(dir, 'thread', 'pathways', 'WP8.ttl'), 'old');
    await writeFile(path.join(dir, 'inline', 'pathways', 'WP8.ttl'), 'old');
    const second = await runBoth(true);
    expect(second.removed).toEqual(['WP8']);
    const keptAt = last[2].offset + last[2].length;
    expect(second.ranges[3]).toEqual(['keep', { offset: keptAt, length: 300 }]);
    const now = await readFile(path.join(dir, 'thread', 'all.nq'));
    expect(now.subarray(keptAt, keptAt + 300).equals(previous.subarray(10, 310))).toBe(true);
    expect((await readdir(path.join(dir, 'thread'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('fails the run with the write error, and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-threads-fail-'));
    for (const kind of ['thread', 'inline']) {
      await mkdir(path.join(dir, kind), { recursive: true });
      await writeFile(path.join(dir, kind, 'pathways'), 'a file where the folder should be');
    }
    const thread = d.startWriterThread({});
    const threaded = await d.openRunFiles(path.join(dir, 'thread'), PREFIXES, thread as never);
    const inline = await openInline(path.join(dir, 'inline'), PREFIXES, undefined);
    const failure = async (files: typeof inline): Promise<unknown> => {
      try {
        for (let n = 1; n <= 20; n++) await files.write(pathway(1), () => undefined);
        await files.commit();
      } catch (error) {
        await files.abort();
        return error;
      }
      return undefined;
    };
    const [a, b] = [(await failure(threaded)) as NodeJS.ErrnoException, (await failure(inline)) as NodeJS.ErrnoException];
    expect([a?.code, a?.message.replace('/thread/', '/…/')]).toEqual([b?.code, b?.message.replace('/inline/', '/…/')]);
    expect(a?.code).toBe('EEXIST');
    for (const kind of ['thread', 'inline']) expect((await readdir(path.join(dir, kind))).sort()).toEqual(['pathways']);
  });
});

/** `node dist/src/cli/main.js run …` in a child process. */
function runDist(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args, '--quiet'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Output files with what differs from run to run taken out: times, the --out folder, all.nq's mtime. */
async function comparable(out: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const [name, bytes] of await files(out)) {
    let text = bytes.toString('utf8');
    if (name === 'report.json') {
      const r = JSON.parse(text);
      for (const key of ['startedAt', 'finishedAt', 'seconds', 'peakRssMb', 'out']) delete r[key];
      text = JSON.stringify(r);
    } else if (name === 'state.json' || name === path.join('layout', 'layout.json')) {
      text = text.replace(/"mtimeMs":[0-9.]+/, '');
    } else if (name === 'all.nq' || name === 'dataset.ttl') {
      text = text.replace(/"[0-9T:.-]+Z"\^\^/g, '"time"^^');
    }
    result.set(name, text);
  }
  return result;
}

async function bothWays(source: string, datanodes: string, reference: string, dir: string, extra: string[] = []): Promise<void> {
  const runs = await Promise.all(
    [['thread', {}], ['inline', { PATHWAY_KG_WORKER: 'off' }]].map(async ([name, env]) => {
      const r = await runDist(['--source', source, '--datanodes', datanodes, '--reference', reference, '--out', path.join(dir, name as string), ...extra], env as NodeJS.ProcessEnv);
      expect(r.stderr).toBe('');
      return r.status;
    }),
  );
  expect(runs[0]).toBe(runs[1]);
  expect(await comparable(path.join(dir, 'thread'))).toEqual(await comparable(path.join(dir, 'inline')));
}

describe('pathway-kg run, compiled, with and without its writer thread', () => {
  it('writes the same files for the examples, then again after a page changes', async () => {
    await dist();
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-threads-run-'));
    const pages = path.join(dir, 'pages');
    await cp(path.join(EXAMPLES, 'pages'), pages, { recursive: true });
    const args = [pages, path.join(EXAMPLES, 'datanodes'), path.join(EXAMPLES, 'reference')] as const;
    await bothWays(...args, dir);
    const page = path.join(pages, 'WP9002.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^title: .*$/m, 'title: A new title'));
    await bothWays(...args, dir);
  });
});

describeCorpus('pathway-kg run, compiled, on part of the 2022 corpus', () => {
  it('writes the same files with and without its writer thread', async () => {
    await dist();
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-threads-corpus-'));
    const pages = path.join(dir, 'pages');
    const tables = path.join(dir, 'datanodes');
    await mkdir(pages);
    await mkdir(tables);
    const names = (await readdir(CORPUS.pages2022)).filter((n) => /^WP[0-9]+\.md$/.test(n)).sort().slice(0, 300);
    for (const name of names) {
      await symlink(path.join(CORPUS.pages2022, name), path.join(pages, name));
      const table = `${name.slice(0, -3)}-datanodes.tsv`;
      if (existsSync(path.join(CORPUS.datanodes2022, table))) await symlink(path.join(CORPUS.datanodes2022, table), path.join(tables, table));
    }
    await bothWays(pages, tables, CORPUS.reference, dir);
  });
});
