// The transform pool (compiled package only: its workers are .js files) against the main-thread transform:
// the same files and the same report, byte for byte, on the examples and on part of the 2022 corpus
// (rejected pages included), then again after one page changes (only that page goes to a worker).

import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { poolSize } from '../../../src/transform/pool.js';
import { flatten, unflatten } from '../../../src/transform/poolMessages.js';
import { receiveError, sendError } from '../../../src/threadErrors.js';
import { CORPUS, describeCorpus, PROJECT_ROOT } from '../../support/corpus.js';
import { runDistCli } from '../../support/distCli.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

describe('transform pool size', () => {
  it('is none unless PATHWAY_KG_POOL asks: on gives one fewer than the cores (none on one core), a number that many', () => {
    expect(poolSize({}, 8)).toBe(0);
    expect(poolSize({ PATHWAY_KG_POOL: 'off' }, 8)).toBe(0);
    expect(poolSize({ PATHWAY_KG_POOL: '0' }, 8)).toBe(0);
    expect(poolSize({ PATHWAY_KG_POOL: 'lots' }, 8)).toBe(0);
    expect(poolSize({ PATHWAY_KG_POOL: 'on' }, 2)).toBe(1);
    expect(poolSize({ PATHWAY_KG_POOL: 'on' }, 8)).toBe(7);
    expect(poolSize({ PATHWAY_KG_POOL: 'on' }, 1)).toBe(0);
    expect(poolSize({ PATHWAY_KG_POOL: '3' }, 2)).toBe(3);
    expect(poolSize({ PATHWAY_KG_POOL: '1000' }, 2)).toBe(64);
  });
});

describe('errors between the pool and the pipeline', () => {
  it('come back as PipelineErrors with code, message, location, details and cause', () => {
    const cause = new Error('disk on fire');
    const original = new PipelineError('PAGE_TITLE_MISSING', 'Page has no title', {
      file: 'pages/WP1.md',
      line: 63,
      key: 'title',
      details: { tried: ['title', 'name'] },
      cause,
    });
    // Through a real structured clone, as between threads.
    const back = receiveError(structuredClone(sendError(original)));
    expect(back).toBeInstanceOf(PipelineError);
    expect(back).toMatchObject({
      code: 'PAGE_TITLE_MISSING',
      message: 'Page has no title',
      file: 'pages/WP1.md',
      line: 63,
      key: 'title',
      details: { tried: ['title', 'name'] },
    });
    expect((back.cause as Error).message).toBe('disk on fire');
    expect((back as PipelineError).located()).toBe(original.located());
  });

  it('keep a plain error plain (the pipeline reports it as INTERNAL, as it would on the main thread)', () => {
    const back = receiveError(structuredClone(sendError(new TypeError('x is undefined'))));
    expect(back).not.toBeInstanceOf(PipelineError);
    expect([back.name, back.message]).toEqual(['TypeError', 'x is undefined']);
  });
});

describe('packed quads between the pool and the pipeline', () => {
  it('keep every term text, empty ones and ones outside the BMP included, through one joined string', () => {
    const texts = ['https://ex.org/a', '', '"𝔸 alpha"@en', '', 'b', '"\u0000\n"'];
    const packed = { kinds: Uint8Array.from([0, 3, 1, 3, 2, 1]), texts, quads: Uint32Array.from([0, 4, 2, 1]) };
    const back = unflatten(structuredClone(flatten(packed)));
    expect(back.texts).toEqual(texts);
    expect([...back.kinds]).toEqual([0, 3, 1, 3, 2, 1]);
    expect([...back.quads]).toEqual([0, 4, 2, 1]);
  });
});

describe('pathway-kg run, compiled, with and without its transform pool', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the same files for the examples, then again after a page changes', async () => {
    needBuild();
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-pool-run-'));
    const pages = path.join(dir, 'pages');
    await cp(path.join(EXAMPLES, 'pages'), pages, { recursive: true });
    const args = [pages, path.join(EXAMPLES, 'datanodes'), path.join(EXAMPLES, 'reference')] as const;
    await bothWays(...args, dir);
    const page = path.join(pages, 'WP9002.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace(/^title: .*$/m, 'title: A new title'));
    await bothWays(...args, dir);
  });
});

describeCorpus('pathway-kg run, compiled, with and without its transform pool, on part of the 2022 corpus', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the same files and report, rejected pages included', async () => {
    needBuild();
    dir = await mkdtemp(path.join(tmpdir(), 'pkg-pool-corpus-'));
    const pages = path.join(dir, 'pages');
    const tables = path.join(dir, 'datanodes');
    await mkdir(pages);
    await mkdir(tables);
    // WP1246 and WP1333 are rejected (no title); the rest are the first pages by name.
    const names = (await readdir(CORPUS.pages2022))
      .filter((n) => /^WP[0-9]+\.md$/.test(n))
      .sort()
      .slice(0, 150);
    for (const name of new Set([...names, 'WP1246.md', 'WP1333.md'])) {
      await copyFile(path.join(CORPUS.pages2022, name), path.join(pages, name));
      const table = `${name.slice(0, -3)}-datanodes.tsv`;
      if (existsSync(path.join(CORPUS.datanodes2022, table)))
        await copyFile(path.join(CORPUS.datanodes2022, table), path.join(tables, table));
    }
    const report = await bothWays(pages, tables, CORPUS.reference, dir);
    expect((report as { pages: { rejected: number } }).pages.rejected).toBe(2);
  });
});

function needBuild(): void {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'src', 'transform', 'poolWorker.js')))
    throw new Error('No build: run "npm run build" first');
}

/**
 * Runs with two pool workers and without the pool into <dir>/pool and <dir>/single; expects the same files; returns the
 * report.
 */
async function bothWays(source: string, datanodes: string, reference: string, dir: string): Promise<unknown> {
  const runs = await Promise.all(
    (
      [
        ['pool', { PATHWAY_KG_POOL: '2' }],
        ['single', { PATHWAY_KG_POOL: 'off' }],
      ] as const
    ).map(async ([name, env]) => {
      const r = await runDist(
        ['--source', source, '--datanodes', datanodes, '--reference', reference, '--out', path.join(dir, name)],
        env,
      );
      expect(r.stderr).toBe('');
      return r.status;
    }),
  );
  expect(runs[0]).toBe(runs[1]);
  const pool = await comparable(path.join(dir, 'pool'));
  expect(pool).toEqual(await comparable(path.join(dir, 'single')));
  expect(pool.size).toBeGreaterThan(4);
  return JSON.parse(pool.get('report.json')!);
}

function runDist(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return runDistCli(['run', ...args, '--quiet'], env);
}

/** Every output file, with what differs from run to run taken out: times, the --out folder, all.nq's mtime. */
async function comparable(out: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const name of (await readdir(out, { recursive: true })).sort()) {
    const bytes = await readFile(path.join(out, name)).catch(() => undefined); // folders
    if (bytes === undefined) continue;
    let text = bytes.toString('utf8');
    if (name === 'report.json') {
      const r = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['startedAt', 'finishedAt', 'seconds', 'peakRssMb', 'out']) delete r[key];
      text = JSON.stringify(r);
    } else if (name === 'state.json' || name === path.join('layout', 'layout.json')) {
      // When all.nq was written, and (state.json) the stamps of the inputs as this run found them: not output.
      const r = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['allNq', 'fingerprint']) delete r[key];
      text = JSON.stringify(r);
    } else if (name === 'all.nq' || name === 'dataset.ttl') {
      text = text.replace(/"[0-9T:.-]+Z"\^\^/g, '"time"^^');
    }
    result.set(name, text);
  }
  return result;
}
