// npm run bench: both snapshots through the pipeline beside the floor, the previous figures and the
// synthetic scaling runs, in one table.
//
//   node dist/bench/bench.js [--snapshot 2022|current]... [--repeat N] [--keep]
//                            [--scaling 10000,30000,100000 | none] [--scaling-dir <folder>] [--save-previous]
//                            [--load bulk,gsp-direct-batch:2,pull:3,…] [--baseline <checkout>]...
//
// For each snapshot: (a) the floor, bench/floor.ts as a child process (read + YAML-parse every page,
// write the run's number of quads with n3, no mapping); (b) the pipeline, `pathway-kg run` as a child
// process; (c) the schema-jsonld step alone, in this process: jsonld.toRDF (reference path) and the
// fast path, per page; (b2) the pipeline with its transform pool on (PATHWAY_KG_POOL=on: worker threads,
// src/transform/pool.ts); (b3) the pipeline without its output thread (PATHWAY_KG_WORKER=off: everything on the main
// thread); (b4) with --baseline, the same run by each other built checkout given (`git worktree add` of an earlier
// commit, then npm ci and npm run build there): the baseline measured in this run, beside this build. With --repeat,
// the runs alternate (A/B interleaved), best of N.
// Wall time is measured here around each child; peak RSS is the child's maximum resident set from
// /usr/bin/time (or, without it, /proc/<pid>/status VmHWM polled every 50 ms). Beside each figure: the
// load average when it was taken (the machine may be shared: compare only figures of one run).
// Then (g) bench/stages.ts, the stages issue 9 restructured alone (reference load, extract + transform, Turtle and
// N-Quads serialisation; one thread, no files), for this build and each --baseline, alternating, best of --repeat:
// builds whose runs write different files (the layout of issue 10) compared on the same work.
// Then (e) bench/incremental.ts on a copy of the pages: a re-run with nothing changed and a re-run after one page's
// title changed, best of --repeat; and, with --load, (f) bench/virtuoso.ts loading the current snapshot's all.nq into
// a fresh Virtuoso by each method given (bulk is the store's own loader: the baseline), as a child process.
// Then (d) bench/scaling.ts: the pipeline over synthetic corpora of --scaling pages (sizes that do not fit
// the free space of --scaling-dir, default $TMPDIR, are skipped). bench/previous.json holds the figures of
// an earlier run, printed beside these; --save-previous replaces them with this run's.
// The data folder is ../shared/data beside the project, or $PATHWAY_KG_SHARED_DATA. Outputs go to a fresh
// folder under os.tmpdir() ($TMPDIR), deleted afterwards (--keep keeps them); the pipeline creates one file
// per pathway, so a slow or busy disk shows in (b) and not in (a): TMPDIR=/dev/shm takes the disk out.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import { DataFactory } from 'n3';
import { jsonldToQuads, jsonldToQuadsReference } from '../src/transform/jsonld.js';
import { loadMappings } from '../src/mappings.js';
import { loadAverage, rssMethod, runChild, type ChildRun } from './child.js';
import { benchIncremental, type IncrementalResult } from './incremental.js';
import { benchScaling, DEFAULT_SIZES, parseSizes, scalingLines, type ScalingRow } from './scaling.js';
import type { StageFigures } from './stages.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FLOOR = path.join(HERE, 'floor.js');
const STAGES = path.join(HERE, 'stages.js');
const SHARED = path.resolve(process.env.PATHWAY_KG_SHARED_DATA ?? path.join(ROOT, '..', 'shared', 'data'));
const REFERENCE = path.join(SHARED, 'reference');
const SNAPSHOTS = [
  {
    name: '2022',
    pages: path.join(SHARED, 'wikipathways', 'pages'),
    datanodes: path.join(SHARED, 'wikipathways', 'datanodes'),
  },
  {
    name: 'current',
    pages: path.join(SHARED, 'wikipathways', 'current', 'pages'),
    datanodes: path.join(SHARED, 'wikipathways', 'current', 'datanodes'),
  },
];
// Issue 13's targets.
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 200;
const TARGET_UNCHANGED_SECONDS = 0.5;
const TARGET_ONE_PAGE_SECONDS = 1;
const VIRTUOSO_BENCH = path.join(HERE, 'virtuoso.js');
/** Figures of an earlier run, kept in the source tree (not in dist/): bench/previous.json. */
const PREVIOUS = path.join(ROOT, 'bench', 'previous.json');

/** What bench/previous.json keeps of a run. */
interface Figures {
  measured: string;
  note?: string;
  snapshots: Record<
    string,
    {
      floorSeconds: number;
      floorRssMb?: number;
      pipelineSeconds: number;
      pipelineRssMb?: number;
      triples: number;
      load?: string;
    }
  >;
  scaling?: ScalingRow[];
}

interface Result {
  pages: number;
  triples: number;
  rejected: number;
  floor: ChildRun;
  pipeline: ChildRun;
  /** The pipeline with its transform pool on (PATHWAY_KG_POOL=on), same output. */
  pooled: ChildRun;
  pooledLoad: string;
  /** The pipeline without its output thread (PATHWAY_KG_WORKER=off): everything on the main thread, same output. */
  single: ChildRun;
  singleLoad: string;
  /** The same run by each --baseline build, in the order given. */
  baselines: { name: string; run: ChildRun; load: string }[];
  /** Load average when the best floor and pipeline runs started. */
  floorLoad: string;
  pipelineLoad: string;
  /** What the pipeline wrote into report.json about itself, when it does. */
  reported: { seconds?: number; peakRssMb?: number };
  jsonld: { blocks: number; referenceSeconds: number; fastSeconds: number; errors: number };
  /** bench/stages.ts for this build, then for each --baseline (a message where it could not run). */
  stages: { self: Stages; baselines: (Stages | string)[] };
  incremental?: IncrementalResult;
}

/** The best of bench/stages.ts's runs for one build, and the load when it started. */
interface Stages {
  figures: StageFigures;
  load: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      snapshot: { type: 'string', multiple: true },
      repeat: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      scaling: { type: 'string', default: DEFAULT_SIZES.join(',') },
      'scaling-dir': { type: 'string', default: os.tmpdir() },
      'save-previous': { type: 'boolean', default: false },
      load: { type: 'string' },
      baseline: { type: 'string', multiple: true },
    },
  });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`Expected \`--repeat\` to be a whole number from 1 and up, got ${values.repeat}`);
  const chosen = SNAPSHOTS.filter((s) => values.snapshot === undefined || values.snapshot.includes(s.name));
  if (chosen.length === 0)
    throw new Error(
      `Expected \`--snapshot\` to be one of ${SNAPSHOTS.map((s) => s.name).join(', ')}, got ${values.snapshot?.join(', ')}`,
    );
  const sizes = values.scaling === 'none' ? [] : parseSizes(values.scaling);
  for (const need of [CLI, FLOOR])
    if (!existsSync(need)) throw new Error(`${need} not found: run "npm run build" first`);
  const baselines = (values.baseline ?? []).map(baselineBuild);
  for (const s of chosen)
    if (!existsSync(s.pages))
      throw new Error(`${s.pages} not found: set PATHWAY_KG_SHARED_DATA to the shared data folder`);
  const previous = existsSync(PREVIOUS) ? (JSON.parse(await readFile(PREVIOUS, 'utf8')) as Figures) : undefined;
  process.stdout.write(
    `pathway-kg bench: data ${SHARED}, outputs under ${os.tmpdir()}, ${os.cpus().length} cores, node ${process.version}, best of ${repeat}; peak RSS by ${rssMethod()}; load ${loadAverage()}\n`,
  );

  const results = new Map<string, Result>();
  let loadRows: string | undefined;
  for (const s of chosen) {
    const tmp = await mkdtemp(path.join(os.tmpdir(), `pathway-kg-bench-${s.name}-`));
    try {
      const result = await benchSnapshot(s, tmp, repeat, baselines);
      process.stdout.write(`  ${s.name}: incremental runs on a copy of the pages…\n`);
      result.incremental = await benchIncremental({
        cli: CLI,
        pages: s.pages,
        datanodes: s.datanodes,
        reference: REFERENCE,
        dir: path.join(tmp, 'incremental'),
        repeat,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      results.set(s.name, result);
      if (values.load !== undefined && s.name === 'current')
        loadRows = await benchLoad(path.join(result.incremental.out, 'all.nq'), values.load, repeat);
    } finally {
      if (values.keep) process.stdout.write(`  outputs kept in ${tmp}\n`);
      else await rm(tmp, { recursive: true, force: true });
    }
  }
  const scaling = await benchScaling({
    sizes,
    dir: values['scaling-dir'],
    pagesDir: SNAPSHOTS[0]!.pages,
    tablesDir: SNAPSHOTS[0]!.datanodes,
    reference: REFERENCE,
    keep: values.keep,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  printTable(results, scaling, previous);
  if (loadRows !== undefined) {
    process.stdout.write(
      `\n(f) the current snapshot's all.nq into a fresh Virtuoso (bench/virtuoso.ts; × bulk: the store's own\n`,
    );
    process.stdout.write(
      `    bulk loader; issue 13's targets: Graph Store <= 2x, SPARQL Update <= 5x):\n${loadRows}\n`,
    );
  }
  if (values['save-previous']) {
    const figures: Figures = {
      measured: `${new Date().toISOString()}, ${os.cpus().length} cores, best of ${repeat}, outputs under ${os.tmpdir()}`,
      snapshots: {},
    };
    for (const [name, r] of results) {
      figures.snapshots[name] = {
        floorSeconds: round(r.floor.seconds),
        pipelineSeconds: round(r.pipeline.seconds),
        triples: r.triples,
        load: r.pipelineLoad,
      };
      if (r.floor.peakRssMb !== undefined) figures.snapshots[name]!.floorRssMb = Math.round(r.floor.peakRssMb);
      if (r.pipeline.peakRssMb !== undefined) figures.snapshots[name]!.pipelineRssMb = Math.round(r.pipeline.peakRssMb);
    }
    if (scaling.length > 0)
      figures.scaling = scaling.map((row) => ({
        ...row,
        ...(row.seconds === undefined ? {} : { seconds: round(row.seconds) }),
        ...(row.peakRssMb === undefined ? {} : { peakRssMb: Math.round(row.peakRssMb) }),
      }));
    await writeFile(PREVIOUS, `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`\nThis run's figures saved in ${PREVIOUS}\n`);
  }
  return 0;
}

/** bench/virtuoso.ts as a child over `nq`: its last table (the summary over the repeats, or the rows of one round). */
async function benchLoad(nq: string, methods: string, repeat: number): Promise<string> {
  process.stdout.write(`  current: loading all.nq into Virtuoso by ${methods}…\n`);
  const r = await runChild([VIRTUOSO_BENCH, nq, '--methods', methods, '--repeat', String(repeat)]);
  // The other figures are worth printing still: the failure goes in the table's place.
  if (r.status !== 0) return `bench/virtuoso.js exited with ${r.status}:\n${r.stderr.slice(-2000)}`;
  const blocks = r.stdout.trim().split(/\n\s*\n/);
  return blocks[blocks.length - 1]!;
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/** A built checkout given with --baseline: its CLI, named by its commit. */
interface Baseline {
  name: string;
  cli: string;
  dist: string;
}

function baselineBuild(dir: string): Baseline {
  const cli = path.resolve(dir, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`--baseline ${dir}: ${cli} not found (run npm ci and npm run build there)`);
  let name = path.basename(path.resolve(dir));
  try {
    name = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: named by its folder.
  }
  return { name, cli, dist: path.resolve(dir, 'dist') };
}

async function benchSnapshot(
  s: (typeof SNAPSHOTS)[number],
  tmp: string,
  repeat: number,
  baselines: Baseline[],
): Promise<Result> {
  let pipeline: ChildRun | undefined;
  let floor: ChildRun | undefined;
  let report: Record<string, unknown> = {};
  let peakPipeline = 0;
  let peakFloor = 0;
  let pipelineLoad = '';
  let floorLoad = '';
  // The pipeline with its transform pool on, and without its output thread: same output, other threads.
  // Then each --baseline build, the same run by other code.
  const variants: {
    what: string;
    env: NodeJS.ProcessEnv;
    cli?: string;
    best?: ChildRun;
    load: string;
    peak: number;
  }[] = [
    { what: 'with the transform pool', env: { PATHWAY_KG_POOL: 'on' }, load: '', peak: 0 },
    { what: 'without its output thread', env: { PATHWAY_KG_WORKER: 'off' }, load: '', peak: 0 },
    ...baselines.map((b) => ({ what: `by baseline ${b.name}`, env: {}, cli: b.cli, load: '', peak: 0 })),
  ];
  for (let i = 0; i < repeat; i++) {
    process.stdout.write(`  ${s.name}: pipeline run ${i + 1}/${repeat}…\n`);
    const out = path.join(tmp, `out-${i}`);
    const runLoad = loadAverage();
    const run = await runChild([
      CLI,
      'run',
      '--source',
      s.pages,
      '--datanodes',
      s.datanodes,
      '--reference',
      REFERENCE,
      '--out',
      out,
    ]);
    if (run.status !== 0 && run.status !== 3)
      throw new Error(`pathway-kg run exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
    const runReport = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
    await rm(out, { recursive: true, force: true });
    peakPipeline = Math.max(peakPipeline, run.peakRssMb ?? 0);
    if (pipeline === undefined || run.seconds < pipeline.seconds) {
      pipeline = run;
      report = runReport;
      pipelineLoad = runLoad;
    }

    // Interleaved with the others (A/B), so that a change in the machine's load hits all of them alike.
    for (const v of variants) {
      process.stdout.write(`  ${s.name}: pipeline ${v.what}, run ${i + 1}/${repeat}…\n`);
      const vLoad = loadAverage();
      const r = await runChild(
        [v.cli ?? CLI, 'run', '--source', s.pages, '--datanodes', s.datanodes, '--reference', REFERENCE, '--out', out],
        v.env,
      );
      if (r.status !== run.status)
        throw new Error(
          `pathway-kg run ${v.what} exited with ${r.status}, by default ${run.status}:\n${r.stderr.slice(-2000)}`,
        );
      await rm(out, { recursive: true, force: true });
      v.peak = Math.max(v.peak, r.peakRssMb ?? 0);
      if (v.best === undefined || r.seconds < v.best.seconds) {
        v.best = r;
        v.load = vLoad;
      }
    }

    const triples = runReport.triples as number;
    process.stdout.write(`  ${s.name}: floor run ${i + 1}/${repeat} (${triples} quads)…\n`);
    const fLoad = loadAverage();
    const f = await runChild([
      FLOOR,
      '--source',
      s.pages,
      '--quads',
      String(triples),
      '--out',
      path.join(tmp, 'floor.nq'),
    ]);
    if (f.status !== 0) throw new Error(`floor exited with ${f.status}:\n${f.stderr.slice(-2000)}`);
    const self = JSON.parse(f.stdout.trim().split('\n').pop() ?? '{}') as { peakRssMb?: number };
    f.peakRssMb ??= self.peakRssMb;
    await rm(path.join(tmp, 'floor.nq'), { force: true });
    peakFloor = Math.max(peakFloor, f.peakRssMb ?? 0);
    if (floor === undefined || f.seconds < floor.seconds) {
      floor = f;
      floorLoad = fLoad;
    }
  }
  pipeline!.peakRssMb = peakPipeline || (report.peakRssMb as number | undefined);
  floor!.peakRssMb = peakFloor || undefined;
  for (const v of variants) v.best!.peakRssMb = v.peak || undefined;
  const [pooled, single, ...byBaseline] = variants;
  const stages = await benchStages(s, repeat, baselines);
  process.stdout.write(`  ${s.name}: schema-jsonld alone, in-process…\n`);
  const pages = report.pages as { read: number; rejected: number };
  const reported: Result['reported'] = {};
  if (typeof report.seconds === 'number') reported.seconds = report.seconds;
  if (typeof report.peakRssMb === 'number') reported.peakRssMb = report.peakRssMb;
  return {
    pages: pages.read,
    rejected: pages.rejected,
    triples: report.triples as number,
    floor: floor!,
    pipeline: pipeline!,
    pooled: pooled!.best!,
    pooledLoad: pooled!.load,
    single: single!.best!,
    singleLoad: single!.load,
    baselines: byBaseline.map((v, i) => ({ name: baselines[i]!.name, run: v.best!, load: v.load })),
    floorLoad,
    pipelineLoad,
    reported,
    jsonld: await jsonldAlone(s.pages),
    stages,
  };
}

/** bench/stages.ts for this build and each baseline, the runs of each round alternating; the best by their sum. */
async function benchStages(
  s: (typeof SNAPSHOTS)[number],
  repeat: number,
  baselines: Baseline[],
): Promise<Result['stages']> {
  const builds = [{ name: 'this build', dist: path.join(ROOT, 'dist') }, ...baselines];
  const best: (Stages | string | undefined)[] = builds.map(() => undefined);
  for (let i = 0; i < repeat; i++) {
    for (const [b, build] of builds.entries()) {
      if (typeof best[b] === 'string') continue; // it could not run: not again
      process.stdout.write(`  ${s.name}: stages alone, ${build.name}, run ${i + 1}/${repeat}…\n`);
      const load = loadAverage();
      const args = ['--dist', build.dist, '--source', s.pages, '--datanodes', s.datanodes, '--reference', REFERENCE];
      const r = await runChild([STAGES, ...args]);
      if (r.status !== 0) {
        best[b] = `could not run: ${r.stderr.trim().split('\n').pop() || `exit ${r.status}`}`;
        continue;
      }
      const figures = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as StageFigures;
      const was = best[b];
      if (was === undefined || (typeof was !== 'string' && stageSeconds(figures) < stageSeconds(was.figures)))
        best[b] = { figures, load };
    }
  }
  const [self, ...others] = best;
  if (typeof self !== 'object') throw new Error(`bench/stages.js for this build ${self ?? 'did not run'}`);
  return { self, baselines: others.map((o) => o ?? 'did not run') };
}

/** A build's time over the three stages. */
function stageSeconds(f: StageFigures): number {
  return f.referenceSeconds + f.transformSeconds + f.serializeSeconds;
}

/** The schema-jsonld step alone: every block parsed first (untimed), then each path timed over all of them. */
async function jsonldAlone(dir: string): Promise<Result['jsonld']> {
  const document = JSON.parse(
    await readFile(path.join(REFERENCE, 'schemaorg', 'schemaorgcontext.jsonld'), 'utf8'),
  ) as object;
  const context = { document, licenses: loadMappings().licenses };
  const files = (await readdir(dir, { recursive: true })).filter((f) => /(^|\/)WP[0-9]+\.md$/.test(f)).sort();
  const blocks: { wpid: string; block: unknown }[] = [];
  for (const f of files) {
    const data = matter(await readFile(path.join(dir, f), 'utf8'), { language: 'yaml' }).data as Record<
      string,
      unknown
    >;
    const list = data['schema-jsonld'];
    if (Array.isArray(list) && list[0] !== undefined) blocks.push({ wpid: path.basename(f, '.md'), block: list[0] });
  }
  const graphOf = (wpid: string) => DataFactory.namedNode(`https://identifiers.org/wikipathways/${wpid}`);
  let errors = 0;
  let t = performance.now();
  for (const { wpid, block } of blocks)
    await jsonldToQuadsReference(block, graphOf(wpid), context, `${wpid}_`).catch(() => errors++);
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

function printTable(results: Map<string, Result>, scaling: ScalingRow[], previous: Figures | undefined): void {
  const names = [...results.keys()];
  const col = (cells: string[]) => cells.map((c) => c.padEnd(36)).join('');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const row = (label: string, f: (r: Result, name: string) => string) =>
    out(`${label.padEnd(38)}${col(names.map((n) => f(results.get(n)!, n)))}`);
  const mb = (v: number | undefined) => (v === undefined ? '?' : `${v.toFixed(0)} MB`);
  const s = (v: number) => `${v.toFixed(2)} s`;
  const perPage = (seconds: number, n: number) => `${((seconds * 1000) / n).toFixed(3)} ms/page (${s(seconds)})`;
  const before = (name: string) => previous?.snapshots[name];
  out(`\n${''.padEnd(38)}${col(names)}`);
  row('pages read / rejected', (r) => `${r.pages} / ${r.rejected}`);
  row('triples (report.json)', (r) => String(r.triples));
  row(
    '(a) floor: wall, peak RSS',
    (r) => `${s(r.floor.seconds)}, ${mb(r.floor.peakRssMb)} (load ${r.floorLoad.split(' ')[0]})`,
  );
  row(
    '(b) pipeline: wall, peak RSS',
    (r) => `${s(r.pipeline.seconds)}, ${mb(r.pipeline.peakRssMb)} (load ${r.pipelineLoad.split(' ')[0]})`,
  );
  row('    report.json of that run', (r) =>
    r.reported.seconds === undefined && r.reported.peakRssMb === undefined
      ? '-'
      : `${r.reported.seconds === undefined ? '?' : s(r.reported.seconds)}, ${mb(r.reported.peakRssMb)}`,
  );
  row('    pipeline / floor', (r) => `${(r.pipeline.seconds / r.floor.seconds).toFixed(2)}x`);
  row(
    '(b2) with transform pool: wall, RSS',
    (r) => `${s(r.pooled.seconds)}, ${mb(r.pooled.peakRssMb)} (load ${r.pooledLoad.split(' ')[0]})`,
  );
  row('    pooled / floor', (r) => `${(r.pooled.seconds / r.floor.seconds).toFixed(2)}x`);
  row(
    '(b3) without output thread: wall, RSS',
    (r) => `${s(r.single.seconds)}, ${mb(r.single.peakRssMb)} (load ${r.singleLoad.split(' ')[0]})`,
  );
  row('    single thread / pipeline', (r) => `${(r.single.seconds / r.pipeline.seconds).toFixed(2)}x`);
  const first = results.values().next().value;
  for (const [i, b] of (first?.baselines ?? []).entries()) {
    row(`(b4) baseline ${b.name}: wall, RSS`, (r) => {
      const run = r.baselines[i]!.run;
      return `${s(run.seconds)}, ${mb(run.peakRssMb)} (load ${r.baselines[i]!.load.split(' ')[0]})`;
    });
    row(
      `    pipeline / baseline ${b.name}`,
      (r) => `${(r.pipeline.seconds / r.baselines[i]!.run.seconds).toFixed(2)}x`,
    );
  }
  if (previous !== undefined) {
    row('previous floor: wall, peak RSS', (_, n) =>
      before(n) ? `${s(before(n)!.floorSeconds)}, ${mb(before(n)!.floorRssMb)}` : '-',
    );
    row('previous pipeline: wall, peak RSS', (_, n) =>
      before(n)
        ? `${s(before(n)!.pipelineSeconds)}, ${mb(before(n)!.pipelineRssMb)}${before(n)!.load ? ` (load ${before(n)!.load!.split(' ')[0]})` : ''}`
        : '-',
    );
    row('    previous pipeline / floor', (_, n) =>
      before(n) ? `${(before(n)!.pipelineSeconds / before(n)!.floorSeconds).toFixed(2)}x` : '-',
    );
  }
  const stageText = (st: Stages) => {
    const f = st.figures;
    const t = [f.referenceSeconds, f.transformSeconds, f.serializeSeconds].map((v) => v.toFixed(2)).join(' / ');
    return `${t} s (load ${st.load.split(' ')[0]})`;
  };
  row('(g) stages alone: ref/transform/ser.', (r) => stageText(r.stages.self));
  row('    CPU: ref / transform / serialise', (r) => {
    const f = r.stages.self.figures;
    return `${[f.referenceCpu, f.transformCpu, f.serializeCpu].map((v) => v.toFixed(2)).join(' / ')} s`;
  });
  for (const [i, b] of (first?.baselines ?? []).entries()) {
    const other = (r: Result) => r.stages.baselines[i];
    row(`    baseline ${b.name}`, (r) => {
      const o = other(r);
      return o === undefined || typeof o === 'string' ? (o ?? '-') : stageText(o);
    });
    row(`    stages / baseline ${b.name}`, (r) => {
      const o = other(r);
      if (o === undefined || typeof o === 'string') return '-';
      const cpu = (f: StageFigures) => f.referenceCpu + f.transformCpu + f.serializeCpu;
      const self = r.stages.self.figures;
      return `${(stageSeconds(self) / stageSeconds(o.figures)).toFixed(2)}x wall, ${(cpu(self) / cpu(o.figures)).toFixed(2)}x CPU`;
    });
  }
  const inc = (f: (i: IncrementalResult) => ChildRun, load: (i: IncrementalResult) => string) => (r: Result) =>
    r.incremental === undefined
      ? '–'
      : `${s(f(r.incremental).seconds)}, ${mb(f(r.incremental).peakRssMb)} (load ${load(r.incremental).split(' ')[0]})`;
  row(
    '(e) re-run, no change: wall, RSS',
    inc(
      (i) => i.unchanged,
      (i) => i.unchangedLoad,
    ),
  );
  row(
    '    re-run, one page changed',
    inc(
      (i) => i.onePage,
      (i) => i.onePageLoad,
    ),
  );
  row('    (the page whose title changed)', (r) => r.incremental?.page ?? '–');
  row('(c) jsonld.toRDF per page', (r) => perPage(r.jsonld.referenceSeconds, r.jsonld.blocks));
  row('    fast schema-jsonld per page', (r) => perPage(r.jsonld.fastSeconds, r.jsonld.blocks));
  row('    schema-jsonld errors (both paths)', (r) => String(r.jsonld.errors));
  if (scaling.length > 0) {
    out(`\n(d) synthetic corpus (the 2022 pages cycled under new ids), one run each:`);
    for (const line of scalingLines(scaling)) out(line);
    const real = results.get('2022')?.pipeline.peakRssMb;
    for (const r of scaling) {
      if (real !== undefined && r.peakRssMb !== undefined)
        out(
          `    ${r.pages} pages: peak RSS ${(((r.peakRssMb - real) / real) * 100).toFixed(0)}% against the 2022 snapshot's (target: within 10%)`,
        );
    }
    if (previous?.scaling !== undefined) {
      out('  previous:');
      for (const line of scalingLines(previous.scaling)) out(`  ${line}`);
    }
  }
  if (previous !== undefined)
    out(`\nprevious figures: ${previous.measured}${previous.note ? `; ${previous.note}` : ''}`);
  out(
    `\nTargets: pipeline <= ${TARGET_RATIO}x floor, peak RSS <= ${TARGET_RSS_MB} MB, re-run with nothing changed <= ${TARGET_UNCHANGED_SECONDS} s, one page changed < ${TARGET_ONE_PAGE_SECONDS} s`,
  );
  for (const [name, r] of results) {
    const ratio = r.pipeline.seconds / r.floor.seconds;
    const rss = r.pipeline.peakRssMb;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const pooled = r.pooled.seconds / r.floor.seconds;
    out(
      `  ${name}: time ${ratio.toFixed(2)}x ${verdict(ratio <= TARGET_RATIO)} (with the pool ${pooled.toFixed(2)}x ${verdict(pooled <= TARGET_RATIO)}); memory ${mb(rss)} ${rss === undefined ? 'unmeasured' : verdict(rss <= TARGET_RSS_MB)} (with the pool ${mb(r.pooled.peakRssMb)})`,
    );
    if (r.incremental !== undefined) {
      const u = r.incremental.unchanged.seconds;
      const c = r.incremental.onePage.seconds;
      out(
        `  ${name}: nothing changed ${s(u)} ${verdict(u <= TARGET_UNCHANGED_SECONDS)}; one page changed ${s(c)} ${verdict(c < TARGET_ONE_PAGE_SECONDS)}`,
      );
    }
  }
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
