// The stages issue 9 restructured, alone, for one build: the reference tables loaded, every page read and transformed,
// each pathway's quads serialised to Turtle and to N-Quads text, on one thread, in this process, no file written. Its
// figures compare builds that do the same work where their whole runs do not (a build with the shared-graph layout of
// issue 10 writes other files than one without): npm run bench runs it for this build and each --baseline, a child
// process each.
//
//   node dist/bench/stages.js --dist <a build's dist folder> --source <pages> --datanodes <tables> --reference <dir>
//
// Prints one JSON line: seconds and CPU seconds (this process, all its threads) of each stage, pages and quads. The
// other build's modules are imported by path, through the few functions every build since 1a3f19f exports alike.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** `transform…`: each page read and transformed; `serialize…`: its quads made Turtle and N-Quads bytes. */
export interface StageFigures {
  referenceSeconds: number;
  referenceCpu: number;
  transformSeconds: number;
  transformCpu: number;
  serializeSeconds: number;
  serializeCpu: number;
  pages: number;
  quads: number;
}

/** What this script uses of a build, as each build exports it. */
interface Build {
  loadMappings(): { prefixes: Record<string, string> };
  loadReference(dir: string, mappings: unknown): Promise<unknown>;
  transformContext(mappings: unknown, reference: unknown): unknown;
  listSources(source: string, datanodes: string[]): Promise<unknown>;
  readSources(listing: unknown): AsyncIterable<{ ok: boolean; page?: unknown }>;
  transformPage(page: unknown, ctx: unknown): Promise<{ quads: unknown[] }>;
  /** A run's serialiser, as the build's run makes Turtle and N-Quads bytes. */
  serializer(prefixes: Record<string, string>): {
    turtle(quads: unknown[]): unknown;
    nQuads(quads: unknown[]): unknown;
  };
}

type Module = Record<string, unknown>;

/** Module → the functions taken from it. */
const MODULES: [string, (keyof Build)[]][] = [
  ['mappings.js', ['loadMappings']],
  ['reference/loadReference.js', ['loadReference']],
  ['transform/transformPage.js', ['transformContext', 'transformPage']],
  ['extract/listSources.js', ['listSources']],
  ['extract/readSources.js', ['readSources']],
];

async function loadBuild(dist: string): Promise<Build> {
  const load = (relative: string): Promise<Module | undefined> =>
    import(pathToFileURL(path.join(dist, 'src', relative)).href).then(
      (m) => m as Module,
      () => undefined,
    );
  const build: Partial<Record<keyof Build, unknown>> = {};
  for (const [relative, names] of MODULES) {
    const module = await load(relative);
    for (const name of names) {
      if (typeof module?.[name] !== 'function') throw new Error(`${dist}: no ${name} in src/${relative}`);
      build[name] = module[name];
    }
  }
  build.serializer = await serializerOf(dist, load);
  return build as Build;
}

/**
 * Since the restructure, a QuadSerializer per run (load/serialize/serializer.js); before it, functions with caches
 * of the process (load/serialize.js).
 */
async function serializerOf(dist: string, load: (relative: string) => Promise<Module | undefined>) {
  type Serializer = new (prefixes: Record<string, string>) => {
    turtleBytes(quads: unknown[]): Buffer;
    nQuadsBytes(quads: unknown[]): Buffer;
  };
  const now = await load('load/serialize/serializer.js');
  if (typeof now?.['QuadSerializer'] === 'function') {
    const QuadSerializer = now['QuadSerializer'] as Serializer;
    return (prefixes: Record<string, string>) => {
      const s = new QuadSerializer(prefixes);
      return { turtle: (quads: unknown[]) => s.turtleBytes(quads), nQuads: (quads: unknown[]) => s.nQuadsBytes(quads) };
    };
  }
  const before = await load('load/serialize.js');
  const turtle = before?.['toTurtleBytes'];
  const nQuads = before?.['toNQuadsBytes'];
  if (typeof turtle !== 'function' || typeof nQuads !== 'function')
    throw new Error(`${dist}: no QuadSerializer, nor toTurtleBytes and toNQuadsBytes`);
  return (prefixes: Record<string, string>) => ({
    turtle: (quads: unknown[]) => (turtle as (q: unknown[], p: Record<string, string>) => Buffer)(quads, prefixes),
    nQuads: (quads: unknown[]) => (nQuads as (q: unknown[]) => Buffer)(quads),
  });
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function measureStages(
  dist: string,
  source: string,
  datanodes: string,
  reference: string,
): Promise<StageFigures> {
  const build = await loadBuild(dist);
  let wall = performance.now();
  let cpu = cpuSeconds();
  const mappings = build.loadMappings();
  const ctx = build.transformContext(mappings, await build.loadReference(reference, mappings));
  const listing = await build.listSources(source, [datanodes]);
  const serializer = build.serializer(mappings.prefixes);
  const figures: StageFigures = {
    referenceSeconds: (performance.now() - wall) / 1000,
    referenceCpu: cpuSeconds() - cpu,
    transformSeconds: 0,
    transformCpu: 0,
    serializeSeconds: 0,
    serializeCpu: 0,
    pages: 0,
    quads: 0,
  };
  // Each page's time split between the stages as it goes: the quads of one page at a time, as in a run.
  wall = performance.now();
  cpu = cpuSeconds();
  for await (const read of build.readSources(listing)) {
    if (!read.ok) continue;
    const graph = await build.transformPage(read.page, ctx).catch(() => undefined);
    const [w, c] = [performance.now(), cpuSeconds()];
    figures.transformSeconds += (w - wall) / 1000;
    figures.transformCpu += c - cpu;
    if (graph !== undefined) {
      figures.pages++;
      figures.quads += graph.quads.length;
      serializer.turtle(graph.quads);
      serializer.nQuads(graph.quads);
    }
    wall = performance.now();
    cpu = cpuSeconds();
    figures.serializeSeconds += (wall - w) / 1000;
    figures.serializeCpu += cpu - c;
  }
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string' },
      source: { type: 'string' },
      datanodes: { type: 'string' },
      reference: { type: 'string' },
    },
  });
  const { dist, source, datanodes, reference } = values;
  if (dist === undefined || source === undefined || datanodes === undefined || reference === undefined)
    throw new Error('usage: stages.js --dist <dist> --source <pages> --datanodes <tables> --reference <dir>');
  const figures = await measureStages(path.resolve(dist), source, datanodes, reference);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error: unknown) => {
    process.stderr.write(`stages: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  });
