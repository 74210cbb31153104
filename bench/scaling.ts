// Flat memory, linear time: the pipeline over synthetic corpora of growing size (bench/synthetic.ts).
//
//   node dist/bench/scaling.js [--pages 10000,30000,100000] [--dir <folder>] [--keep]
//
// For each size: a synthetic corpus of that many pages (the 2022 snapshot cycled through) is written
// under --dir (default: os.tmpdir(); /dev/shm takes the disk out), `pathway-kg run` converts it into a
// folder beside it (child process: wall time here, peak RSS by GNU time), and both are deleted. A size
// whose corpus and output would not fit in the folder's free space (estimated from the real snapshot's
// output per page, with a margin) is skipped and said so. Prints, per size: pages, wall, ms per page, the
// time ratio to the smallest size over the page-count ratio (1.00 = proportional), and peak RSS.

import { mkdtemp, readFile, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, rssMethod, runChild } from './child.js';
import { readRealPages, writeSyntheticCorpus, type RealPage } from './synthetic.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const DEFAULT_SIZES = [10_000, 30_000, 100_000];
/**
 * Output and input bytes per page of the 2022 snapshot (369 MB out, 37 MB in, 2,733 pages), plus a fifth (100,000
 * pages: 17 GB).
 */
const BYTES_PER_PAGE = (1.2 * ((369 + 37) * 1048576)) / 2733;

export interface ScalingRow {
  pages: number;
  /** Set when the size was not run (not enough free space). */
  skipped?: string;
  seconds?: number;
  peakRssMb?: number | undefined;
  triples?: number;
  load: string;
}

export interface ScalingOptions {
  sizes: number[];
  dir: string;
  pagesDir: string;
  tablesDir: string;
  reference: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export async function benchScaling(o: ScalingOptions): Promise<ScalingRow[]> {
  const real: RealPage[] = await readRealPages(o.pagesDir, o.tablesDir);
  const rows: ScalingRow[] = [];
  for (const pages of o.sizes) {
    const fs = await statfs(o.dir);
    const free = fs.bavail * fs.bsize;
    const need = BYTES_PER_PAGE * pages;
    if (need > free) {
      rows.push({ pages, skipped: `needs ~${gb(need)} in ${o.dir}, ${gb(free)} free`, load: loadAverage() });
      o.log?.(`  scaling: ${pages} pages skipped (${rows.at(-1)!.skipped})`);
      continue;
    }
    const tmp = await mkdtemp(path.join(o.dir, `pathway-kg-scaling-${pages}-`));
    try {
      o.log?.(`  scaling: writing ${pages} synthetic pages…`);
      const corpus = path.join(tmp, 'corpus');
      await writeSyntheticCorpus(real, pages, corpus);
      o.log?.(`  scaling: pipeline over ${pages} pages (load ${loadAverage()})…`);
      const out = path.join(tmp, 'out');
      const load = loadAverage();
      const run = await runChild([
        CLI,
        'run',
        '--source',
        path.join(corpus, 'pages'),
        '--datanodes',
        path.join(corpus, 'datanodes'),
        '--reference',
        o.reference,
        '--out',
        out,
      ]);
      if (run.status !== 0 && run.status !== 3)
        throw new Error(
          `pathway-kg run over ${pages} synthetic pages exited with ${run.status}:\n${run.stderr.slice(-2000)}`,
        );
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { triples: number };
      rows.push({ pages, seconds: run.seconds, peakRssMb: run.peakRssMb, triples: report.triples, load });
      // Each size as it is done: a long run that is stopped later still leaves its figures.
      o.log?.(
        `  scaling: ${pages} pages: ${run.seconds.toFixed(1)} s, peak ${run.peakRssMb?.toFixed(0) ?? '?'} MB, ${report.triples} triples (load ${load} when started, ${loadAverage()} now)`,
      );
    } finally {
      if (o.keep) o.log?.(`  scaling: kept ${tmp}`);
      else await rm(tmp, { recursive: true, force: true });
    }
  }
  return rows;
}

/**
 * The rows as table lines: pages, wall, ms/page, time ratio over page ratio against the first size run, peak RSS, load.
 */
export function scalingLines(rows: ScalingRow[]): string[] {
  const first = rows.find((r) => r.seconds !== undefined);
  return rows.map((r) => {
    const label = `synthetic ${r.pages.toLocaleString('en')} pages`.padEnd(38);
    if (r.seconds === undefined || first?.seconds === undefined)
      return `${label}skipped: ${r.skipped} (load ${r.load})`;
    const proportional = r.seconds / first.seconds / (r.pages / first.pages);
    const rss = r.peakRssMb === undefined ? '?' : `${r.peakRssMb.toFixed(0)} MB`;
    return `${label}${r.seconds.toFixed(1)} s, ${((r.seconds * 1000) / r.pages).toFixed(3)} ms/page, time/pages ${proportional.toFixed(2)}x, peak ${rss} (load ${r.load})`;
  });
}

function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "10000,30000" → [10000, 30000]. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`Expected page counts like 10000,30000, got ${text}`);
  return sizes;
}

async function main(): Promise<void> {
  const shared = path.resolve(process.env.PATHWAY_KG_SHARED_DATA ?? path.join(ROOT, '..', 'shared', 'data'));
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', default: DEFAULT_SIZES.join(',') },
      dir: { type: 'string', default: os.tmpdir() },
      keep: { type: 'boolean', default: false },
    },
  });
  process.stdout.write(
    `pathway-kg scaling bench: ${os.cpus().length} cores, node ${process.version}, peak RSS by ${rssMethod()}, folder ${values.dir}\n`,
  );
  const rows = await benchScaling({
    sizes: parseSizes(values.pages),
    dir: values.dir,
    pagesDir: path.join(shared, 'wikipathways', 'pages'),
    tablesDir: path.join(shared, 'wikipathways', 'datanodes'),
    reference: path.join(shared, 'reference'),
    keep: values.keep,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const line of scalingLines(rows)) process.stdout.write(`${line}\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`scaling: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
