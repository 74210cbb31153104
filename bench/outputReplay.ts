// The output thread's work per page, measured apart from the rest of a run: the page messages of a run (recorded by
// outputCapture.ts) are handed, in order, to a LocalOutput in a worker with the output thread's young generation, as
// outputThreadWorker.ts handles them (messages deserialised, quads unpacked, layout take, Turtle and N-Quads, files).
// No main thread competes, so the CPU time of one build against another is steadier than that of whole runs on a
// shared machine. The shared graphs (finish) are not made: the output is aborted after the last page.
//
//   node dist/bench/outputReplay.js <capture> [--dist <a build's dist>] [--rounds 5] [--take-only] [--young 16]
//     [--out <dir>]
//
// `--dist`: the build to measure (default: this one), e.g. /work/base/dist, alternated by the caller with another;
// `--take-only`: the layout's take alone for every page (no Turtle, N-Quads or pathway file); `--out`: where the
// files go (default: a folder under the system's temporary folder, removed after each round; tmpfs keeps the disk out).

import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deserialize } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { PageMessage } from '../src/load/outputThreadProtocol.js';
import type { LocalOutput } from '../src/load/runOutput.js';
import type { FlatQuads, unflatten as Unflatten } from '../src/transform/poolMessages.js';
import type { unpackQuads as UnpackQuads } from '../src/transform/quadPack.js';

interface Job {
  dist: string;
  capture: string;
  out: string;
  takeOnly: boolean;
}

export interface ReplayRound {
  pages: number;
  cpuSeconds: number;
  userSeconds: number;
  wallSeconds: number;
  rssMb: number;
}

type Captured =
  | { op: 'open'; out: string; prefixes: Record<string, string>; allNqMatches: boolean }
  | ({ op: 'write' | 'take' } & PageMessage & { packed: FlatQuads });

/** One round, in this worker: every captured message, then the output aborted. */
async function replay(job: Job): Promise<ReplayRound> {
  const load = <T>(module: string): Promise<T> => import(pathToFileURL(path.join(job.dist, module)).href) as Promise<T>;
  const { LocalOutput: Output } = await load<{ LocalOutput: typeof LocalOutput }>('src/load/runOutput.js');
  const { unflatten } = await load<{ unflatten: typeof Unflatten }>('src/transform/poolMessages.js');
  const { unpackQuads } = await load<{ unpackQuads: typeof UnpackQuads }>('src/transform/quadPack.js');
  const raw = readFileSync(job.capture);
  let output: LocalOutput | undefined;
  let pages = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let at = 0; at < raw.length;) {
    const length = raw.readUInt32LE(at);
    const m = deserialize(raw.subarray(at + 4, at + 4 + length)) as Captured;
    at += 4 + length;
    if (m.op === 'open') {
      output = await Output.open(job.out, m.prefixes, false, () => undefined);
      continue;
    }
    if (output === undefined) throw new Error(`${job.capture}: a page before the output was opened`);
    const quads = unpackQuads(unflatten(m.packed));
    const g = { wpid: m.wpid, graph: m.graph, subject: m.subject, file: '', quads, warnings: [] };
    if (m.op === 'write' && !job.takeOnly) await output.writePage(g, m.page, () => undefined);
    else await output.takePage(g, m.page);
    pages++;
  }
  const used = process.cpuUsage(cpu);
  const wallSeconds = (performance.now() - started) / 1000;
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  await output?.abort();
  return { pages, cpuSeconds: (used.user + used.system) / 1e6, userSeconds: used.user / 1e6, wallSeconds, rssMb };
}

/** One round in a worker of its own, with the output thread's young generation (outputThread.ts). */
export function replayRound(job: Job, youngMb: number): Promise<ReplayRound> {
  rmSync(job.out, { recursive: true, force: true });
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: youngMb },
  });
  return new Promise<ReplayRound>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      rmSync(job.out, { recursive: true, force: true });
      reject(new Error(`replay worker exited (${code})`));
    });
  });
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const capture = args[0];
  if (capture === undefined || capture.startsWith('--')) throw new Error('usage: outputReplay.js <capture> [options]');
  const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const job: Job = {
    dist: path.resolve(option(args, '--dist') ?? here),
    capture: path.resolve(capture),
    out: path.resolve(option(args, '--out') ?? path.join(tmpdir(), `pathway-kg-replay-${process.pid}`)),
    takeOnly: args.includes('--take-only'),
  };
  const rounds = Number(option(args, '--rounds') ?? 5);
  const young = Number(option(args, '--young') ?? 16);
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = await replayRound(job, young);
    cpu.push(round.cpuSeconds);
    console.log(JSON.stringify(round));
  }
  cpu.sort((a, b) => a - b);
  console.log(
    `CPU best ${cpu[0]?.toFixed(3)} s, median ${cpu[Math.floor(cpu.length / 2)]?.toFixed(3)} s (${job.dist})`,
  );
}

if (isMainThread) await main();
else parentPort!.postMessage(await replay(workerData as Job));
