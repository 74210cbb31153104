// npm run bench: both snapshots through the pipeline, beside the floor and the per-page jsonld.toRDF cost.
//
//   node dist/bench/bench.js [--snapshot 2022|current]... [--repeat N] [--keep]
//
// For each snapshot: (a) the floor, bench/floor.ts as a child process (read + YAML-parse every page,
// write the run's number of quads with n3, no mapping); (b) the pipeline, `pathway-kg run` as a child
// process; (c) the schema-jsonld step alone, in this process: jsonld.toRDF (reference path) and the
// fast path, per page. Wall time is measured here around each child; peak RSS is the child's maximum
// resident set from /usr/bin/time (or, without it, /proc/<pid>/status VmHWM polled every 50 ms).
// The data folder is ../shared/data beside the project, or $PATHWAY_KG_SHARED_DATA. Outputs go to a fresh
// folder under os.tmpdir() ($TMPDIR), deleted afterwards (--keep keeps them); the pipeline creates one file
// per pathway, so a slow or busy disk shows in (b) and not in (a): TMPDIR=/dev/shm takes the disk out.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import { DataFactory } from 'n3';
import { jsonldToQuads, jsonldToQuadsReference } from '../src/transform/jsonld.js';
import { loadMappings } from '../src/mappings.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FLOOR = path.join(HERE, 'floor.js');
const SHARED = path.resolve(process.env.PATHWAY_KG_SHARED_DATA ?? path.join(ROOT, '..', 'shared', 'data'));
const REFERENCE = path.join(SHARED, 'reference');
const SNAPSHOTS = [
  { name: '2022', pages: path.join(SHARED, 'wikipathways', 'pages'), datanodes: path.join(SHARED, 'wikipathways', 'datanodes') },
  { name: 'current', pages: path.join(SHARED, 'wikipathways', 'current', 'pages'), datanodes: path.join(SHARED, 'wikipathways', 'current', 'datanodes') },
];
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 300;
const GNU_TIME = '/usr/bin/time';

interface ChildRun {
  status: number | null;
  seconds: number;
  peakRssMb: number | undefined;
  stdout: string;
  stderr: string;
}

interface Result {
  pages: number;
  triples: number;
  rejected: number;
  floor: ChildRun;
  pipeline: ChildRun;
  /** What the pipeline wrote into report.json about itself, when it does. */
  reported: { seconds?: number; peakRssMb?: number };
  jsonld: { blocks: number; referenceSeconds: number; fastSeconds: number; errors: number };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { snapshot: { type: 'string', multiple: true }, repeat: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } } });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`Expected \`--repeat\` to be a whole number from 1 and up, got ${values.repeat}`);
  const chosen = SNAPSHOTS.filter((s) => values.snapshot === undefined || values.snapshot.includes(s.name));
  if (chosen.length === 0) throw new Error(`Expected \`--snapshot\` to be one of ${SNAPSHOTS.map((s) => s.name).join(', ')}, got ${values.snapshot?.join(', ')}`);
  for (const need of [CLI, FLOOR]) if (!existsSync(need)) throw new Error(`${need} not found: run "npm run build" first`);
  for (const s of chosen) if (!existsSync(s.pages)) throw new Error(`${s.pages} not found: set PATHWAY_KG_SHARED_DATA to the shared data folder`);
  process.stdout.write(`pathway-kg bench: data ${SHARED}, outputs under ${os.tmpdir()}, ${os.cpus().length} cores, node ${process.version}, best of ${repeat}; peak RSS by ${existsSync(GNU_TIME) ? GNU_TIME : '/proc VmHWM polling'}\n`);

  const results = new Map<string, Result>();
  for (const s of chosen) {
    const tmp = await mkdtemp(path.join(os.tmpdir(), `pathway-kg-bench-${s.name}-`));
    try {
      results.set(s.name, await benchSnapshot(s, tmp, repeat));
    } finally {
      if (values.keep) process.stdout.write(`  outputs kept in ${tmp}\n`);
      else await rm(tmp, { recursive: true, force: true });
    }
  }
  printTable(results);
  return 0;
}

async function benchSnapshot(s: (typeof SNAPSHOTS)[number], tmp: string, repeat: number): Promise<Result> {
  let pipeline: ChildRun | undefined;
  let floor: ChildRun | undefined;
  let report: Record<string, unknown> = {};
  let peakPipeline = 0;
  let peakFloor = 0;
  for (let i = 0; i < repeat; i++) {
    process.stdout.write(`  ${s.name}: pipeline run ${i + 1}/${repeat}…\n`);
    const out = path.join(tmp, `out-${i}`);
    const run = await runChild([CLI, 'run', '--source', s.pages, '--datanodes', s.datanodes, '--reference', REFERENCE, '--out', out]);
    if (run.status !== 0 && run.status !== 3) throw new Error(`pathway-kg run exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
    const runReport = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
    await rm(out, { recursive: true, force: true });
    peakPipeline = Math.max(peakPipeline, run.peakRssMb ?? 0);
    if (pipeline === undefined || run.seconds < pipeline.seconds) {
      pipeline = run;
      report = runReport;
    }

    const triples = runReport.triples as number;
    process.stdout.write(`  ${s.name}: floor run ${i + 1}/${repeat} (${triples} quads)…\n`);
    const f = await runChild([FLOOR, '--source', s.pages, '--quads', String(triples), '--out', path.join(tmp, 'floor.nq')]);
    if (f.status !== 0) throw new Error(`floor exited with ${f.status}:\n${f.stderr.slice(-2000)}`);
    const self = JSON.parse(f.stdout.trim().split('\n').pop() ?? '{}') as { peakRssMb?: number };
    f.peakRssMb ??= self.peakRssMb;
    await rm(path.join(tmp, 'floor.nq'), { force: true });
    peakFloor = Math.max(peakFloor, f.peakRssMb ?? 0);
    if (floor === undefined || f.seconds < floor.seconds) floor = f;
  }
  pipeline!.peakRssMb = peakPipeline || (report.peakRssMb as number | undefined);
  floor!.peakRssMb = peakFloor || undefined;
  process.stdout.write(`  ${s.name}: schema-jsonld alone, in-process…\n`);
  const pages = report.pages as { read: number; rejected: number };
  const reported: Result['reported'] = {};
  if (typeof report.seconds === 'number') reported.seconds = report.seconds;
  if (typeof report.peakRssMb === 'number') reported.peakRssMb = report.peakRssMb;
  return { pages: pages.read, rejected: pages.rejected, triples: report.triples as number, floor: floor!, pipeline: pipeline!, reported, jsonld: await jsonldAlone(s.pages) };
}

/** The schema-jsonld step alone: every block parsed first (untimed), then each path timed over all of them. */
async function jsonldAlone(dir: string): Promise<Result['jsonld']> {
  const document = JSON.parse(await readFile(path.join(REFERENCE, 'schemaorg', 'schemaorgcontext.jsonld'), 'utf8')) as object;
  const context = { document, licenses: loadMappings().licenses };
  const files = (await readdir(dir, { recursive: true })).filter((f) => /(^|\/)WP[0-9]+\.md$/.test(f)).sort();
  const blocks: { wpid: string; block: unknown }[] = [];
  for (const f of files) {
    const data = matter(await readFile(path.join(dir, f), 'utf8'), { language: 'yaml' }).data as Record<string, unknown>;
    const list = data['schema-jsonld'];
    if (Array.isArray(list) && list[0] !== undefined) blocks.push({ wpid: path.basename(f, '.md'), block: list[0] });
  }
  const graphOf = (wpid: string) => DataFactory.namedNode(`https://identifiers.org/wikipathways/${wpid}`);
  let errors = 0;
  let t = performance.now();
  for (const { wpid, block } of blocks) await jsonldToQuadsReference(block, graphOf(wpid), context, `${wpid}_`).catch(() => errors++);
  const referenceSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (const { wpid, block } of blocks) {
    try {
      jsonldToQuads(block, graphOf(wpid), context, `${wpid}_`);
    } catch {
      errors++;
    }
  }
  const fastSeconds = (performance.now() - t) / 1000;
  return { blocks: blocks.length, referenceSeconds, fastSeconds, errors };
}

/** Runs `node <args>` and measures its wall time here and its peak RSS (GNU time, else VmHWM polling). */
async function runChild(args: string[]): Promise<ChildRun> {
  const timeFile = path.join(os.tmpdir(), `pathway-kg-bench-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync(GNU_TIME);
  const [command, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let polledKib = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, 'utf8').then(
          (s) => (polledKib = Math.max(polledKib, Number(/VmHWM:\s+([0-9]+)/.exec(s)?.[1] ?? 0))),
          () => undefined,
        );
      }, 50);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  let peakKib = polledKib;
  if (useTime) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    await rm(timeFile, { force: true });
    peakKib = Number(/([0-9]+)\s*$/.exec(text.trim())?.[1] ?? 0);
  }
  return { status, seconds, peakRssMb: peakKib > 0 ? peakKib / 1024 : undefined, stdout, stderr };
}

function printTable(results: Map<string, Result>): void {
  const names = [...results.keys()];
  const col = (cells: string[]) => cells.map((c) => c.padEnd(30)).join('');
  const row = (label: string, f: (r: Result) => string) => process.stdout.write(`${label.padEnd(34)}${col(names.map((n) => f(results.get(n)!)))}\n`);
  const mb = (v: number | undefined) => (v === undefined ? '?' : `${v.toFixed(0)} MB`);
  const s = (v: number) => `${v.toFixed(2)} s`;
  const perPage = (seconds: number, n: number) => `${((seconds * 1000) / n).toFixed(3)} ms/page (${s(seconds)})`;
  process.stdout.write(`\n${''.padEnd(34)}${col(names)}\n`);
  row('pages read / rejected', (r) => `${r.pages} / ${r.rejected}`);
  row('triples (report.json)', (r) => String(r.triples));
  row('(a) floor: wall, peak RSS', (r) => `${s(r.floor.seconds)}, ${mb(r.floor.peakRssMb)}`);
  row('(b) pipeline: wall, peak RSS', (r) => `${s(r.pipeline.seconds)}, ${mb(r.pipeline.peakRssMb)}`);
  row('    report.json of that run', (r) => (r.reported.seconds === undefined && r.reported.peakRssMb === undefined ? '-' : `${r.reported.seconds === undefined ? '?' : s(r.reported.seconds)}, ${mb(r.reported.peakRssMb)}`));
  row('    pipeline / floor', (r) => `${(r.pipeline.seconds / r.floor.seconds).toFixed(2)}x`);
  row('(c) jsonld.toRDF per page', (r) => perPage(r.jsonld.referenceSeconds, r.jsonld.blocks));
  row('    fast schema-jsonld per page', (r) => perPage(r.jsonld.fastSeconds, r.jsonld.blocks));
  row('    schema-jsonld errors (both paths)', (r) => String(r.jsonld.errors));
  process.stdout.write(`\nTargets: pipeline <= ${TARGET_RATIO}x floor, peak RSS < ${TARGET_RSS_MB} MB\n`);
  for (const [name, r] of results) {
    const ratio = r.pipeline.seconds / r.floor.seconds;
    const rss = r.pipeline.peakRssMb;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    process.stdout.write(`  ${name}: time ${ratio.toFixed(2)}x ${verdict(ratio <= TARGET_RATIO)}; memory ${mb(rss)} ${rss === undefined ? 'unmeasured' : verdict(rss < TARGET_RSS_MB)}\n`);
  }
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
