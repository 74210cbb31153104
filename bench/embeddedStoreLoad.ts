// How long `pathway-kg query` takes to reload the embedded store: a large all.nq, loaded checked and trusted.
//
//   node dist/bench/embeddedStoreLoad.js [--quads N] [--keep]
//
// Writes an all.nq of N quads (default 1,000,000) by repeating the pathway graphs of
// test/fixtures/query/store/all.nq with renamed WP ids, then, each in a fresh child process (so that
// peak RSS is the load's own): openEmbeddedStore with no store.json (every IRI and literal checked),
// buildEmbeddedStore (the same check, after a run, writing store.json), and openEmbeddedStore with
// that store.json (lenient load, quad count verified); then one query on the loaded store.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEmbeddedStore, openEmbeddedStore, UNION_DEFAULT_GRAPH } from '../src/load/embeddedStore.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'query', 'store', 'all.nq');

async function child(step: string, dir: string): Promise<void> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const store = step === 'build' ? (await buildEmbeddedStore(dir)).store : await openEmbeddedStore(dir);
  const loadMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const q0 = performance.now();
  const r = store.query(
    'PREFIX wp: <http://vocabularies.wikipathways.org/wp#> SELECT (count(DISTINCT ?p) AS ?n) WHERE { ?p a wp:Pathway }',
    { ...UNION_DEFAULT_GRAPH, results_format: 'tsv' },
  ) as string;
  const queryMs = performance.now() - q0;
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(
    JSON.stringify({
      quads: store.size,
      loadMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      queryMs,
      pathways: Number(r.split('\n')[1]),
      peakRssMb: peak ? Number(peak[1]) / 1024 : undefined,
    }),
  );
}

async function writeCorpus(file: string, target: number): Promise<number> {
  const lines = readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.includes('/wikipathways/WP') && !l.includes('urn:pathway-kg'));
  const out = createWriteStream(file);
  let n = 0;
  for (let copy = 1; n < target; copy += 1) {
    const batch: string[] = [];
    for (const line of lines) {
      if (n >= target) break;
      batch.push(line.replace(/WP([0-9]+)/g, `WP$1x${copy}`)); // WP1800 -> WP1800x7: every copy distinct
      n += 1;
    }
    if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return n;
}

async function benchmark(): Promise<void> {
  const { values } = parseArgs({
    options: { quads: { type: 'string', default: '1000000' }, keep: { type: 'boolean' } },
  });
  const target = Number(values.quads);
  if (!Number.isInteger(target) || target < 1)
    throw new Error(`Expected --quads to be a whole number from 1 and up, got ${values.quads}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pathway-kg-bench-store-'));
  try {
    const written = await writeCorpus(path.join(dir, 'all.nq'), target);
    const bytes = statSync(path.join(dir, 'all.nq')).size;
    console.log(`all.nq: ${written.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(0)} MB, in ${dir}`);
    for (const [step, label] of [
      ['open', 'open, no store.json (checked)'],
      ['build', 'build after a run (checked, writes store.json)'],
      ['open', 'open with store.json (trusted)'],
    ] as const) {
      const r = spawnSync(process.execPath, [HERE, '--child', step, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout) as {
        quads: number;
        loadMs: number;
        cpuMs: number;
        queryMs: number;
        pathways: number;
        peakRssMb?: number;
      };
      const rate = Math.round(m.quads / (m.loadMs / 1000));
      console.log(
        `${label.padEnd(48)} ${(m.loadMs / 1000).toFixed(2)} s (CPU ${(m.cpuMs / 1000).toFixed(2)} s)  ${rate.toLocaleString('en')} quads/s  peak RSS ${m.peakRssMb?.toFixed(0) ?? '?'} MB  (${m.quads.toLocaleString('en')} quads; count query ${m.queryMs.toFixed(0)} ms, ${m.pathways} pathways)`,
      );
    }
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await benchmark();
