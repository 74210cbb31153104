// What `--source github:…` costs: a full download of the current snapshot (every page and table) from
// an in-process stand-in for GitHub at the default concurrency and at concurrency 1, then a no-change run.
//
//   npm run bench:extract [-- --latency-ms N] [--limit N]
//
// The snapshot is the shared corpus's current pages and tables (read in place), laid out as upstream
// (pathways/WPn/WPn.md, WPn-datanodes.tsv). --latency-ms delays every answer, standing for the round
// trip to GitHub (default 0: loopback). Only the extract is timed: the transform is the local run's.
// Each full download starts from an empty cache; figures are the best of two, after an untimed warm-up.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseGithubSource } from '../src/extract/github/source.js';
import { syncGithubSource, type ExtractedSource } from '../src/extract/github/sync.js';
import { FakeGithub, type Files } from './fakeGithub.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.resolve(process.env.PATHWAY_KG_SHARED_DATA ?? path.join(ROOT, '..', 'shared', 'data'));

function snapshot(limit: number): Files {
  const pages = path.join(SHARED, 'wikipathways', 'current', 'pages');
  const tables = path.join(SHARED, 'wikipathways', 'current', 'datanodes');
  const files: Files = new Map();
  const ids = readdirSync(pages)
    .filter((f) => /^WP\d+\.md$/.test(f))
    .map((f) => f.slice(0, -3))
    .slice(0, limit);
  for (const id of ids) {
    files.set(`pathways/${id}/${id}.md`, readFileSync(path.join(pages, `${id}.md`)));
    const table = path.join(tables, `${id}-datanodes.tsv`);
    if (existsSync(table)) files.set(`pathways/${id}/${id}-datanodes.tsv`, readFileSync(table));
  }
  return files;
}

interface Row {
  run: string;
  wallMs: number;
  requests: number;
  downloaded: number;
  bytes: number;
}

async function timed(label: string, github: FakeGithub, run: () => Promise<ExtractedSource>): Promise<Row> {
  const requests0 = github.log.length;
  const bytes0 = github.bytesSent;
  const t0 = performance.now();
  const r = await run();
  const wallMs = performance.now() - t0;
  if (r.rejects.length > 0) throw new Error(`${label}: ${r.rejects.length} files unusable`);
  return {
    run: label,
    wallMs,
    requests: github.log.length - requests0,
    downloaded: r.stats.downloaded,
    bytes: github.bytesSent - bytes0,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'latency-ms': { type: 'string' }, limit: { type: 'string' } } });
  const github = new FakeGithub();
  github.latencyMs = Number(values['latency-ms'] ?? 0);
  const files = snapshot(Number(values.limit ?? Infinity));
  github.push(files);
  await github.start();
  const work = mkdtempSync(path.join(os.tmpdir(), 'pkg-bench-extract-'));
  try {
    const sync = (name: string, concurrency: number) => () =>
      syncGithubSource({
        source: parseGithubSource(github.spec),
        api: github.api,
        raw: github.raw,
        cacheDir: path.join(work, name),
        out: path.join(work, `out-${name}`),
        concurrency,
      });
    // A first, untimed download: module loading, JIT and the file system's first writes are no one's cost.
    await sync('warm-up', 8)();
    // Each in a fresh cache, alternated, best of two: the machine is shared and drifts.
    const best = (a: Row, b: Row) => (a.wallMs <= b.wallMs ? a : b);
    const full = async (c: number, i: number) =>
      timed(`full download, concurrency ${c}${c === 8 ? ' (default)' : ''}`, github, sync(`c${c}-${i}`, c));
    const c8a = await full(8, 1);
    const c1a = await full(1, 1);
    const c8b = await full(8, 2);
    const c1b = await full(1, 2);
    const rows: Row[] = [best(c8a, c8b), best(c1a, c1b)];
    rows.push(await timed('no change (cache and listing warm)', github, sync('c8-2', 8)));
    const mb = [...files.values()].reduce((n, b) => n + b.length, 0) / 1e6;
    process.stdout.write(
      `snapshot: ${files.size} pages and tables, ${mb.toFixed(1)} MB; latency per answer ${github.latencyMs} ms\n\n`,
    );
    process.stdout.write('| run | wall | requests | downloaded | bytes served |\n|---|---|---|---|---|\n');
    for (const r of rows)
      process.stdout.write(
        `| ${r.run} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.requests} | ${r.downloaded} | ${(r.bytes / 1e6).toFixed(1)} MB |\n`,
      );
  } finally {
    await github.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
