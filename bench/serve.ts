// Bench: `pathway-kg serve` against the one-shot `pathway-kg query` and a Virtuoso holding the same data.
//
//   npm run bench:serve -- --out /tmp/serve-2022 [--reps 30] [--cli-reps 2] [--virtuoso start|off|<endpoint URL>]
// [--buffers 170000]
//
// Starts the built server (dist/) on a free port, times its start-up (to "listening") and reads its
// peak RSS (VmHWM, the query worker included: it is a thread of the same process); then, for the
// README's example queries and one join-heavy query, p50/p95 latency over HTTP (SPARQL JSON, one
// warm-up first), beside the same query through `pathway-kg query --out` (a process each) and through
// a Virtuoso: by default a throwaway one (scripts/virtuoso.sh) bulk-loaded with the same all.nq, timed,
// whose default graph is the union of all graphs as our queries expect (Virtuoso's own default);
// or an endpoint already holding the data (a URL), or none (off). Every store gets the same text: the
// query after the PREFIX line `pathway-kg query` prepends, since Virtuoso predefines some of ours but
// not all. The answers are compared across stores (row counts, then values) and a difference is
// printed (exit status 1).
// The load average is printed with the figures: the machine may be shared.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMappings } from '../src/mappings.js';
import { withPrefixes } from '../src/query/prefixes.js';
import { readmeExamples } from '../src/serve/examples.js';
import { bulkLoad, startVirtuoso, stopVirtuoso, type VirtuosoServer } from './virtuosoServer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..', '..'] : ['..']));
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * Gene products and pathways per organism: a join over every gene product, its pathway and the pathway's organism and
 * title.
 */
const JOIN_HEAVY = `SELECT ?organism (count(DISTINCT ?gene) AS ?genes) (count(DISTINCT ?pw) AS ?pathways) WHERE {
  ?gene a wp:GeneProduct ; dcterms:isPartOf ?pw .
  ?pw a wp:Pathway ; wp:organismName ?organism ; dc:title ?title .
} GROUP BY ?organism ORDER BY DESC(?genes)`;

/**
 * A process to its end, with its stdout; not spawnSync, which would block the event loop and leave the HTTP client's
 * pooled sockets stale.
 */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

/** POSTs a query to a SPARQL endpoint for SPARQL JSON; returns the body, throwing on any status but 200. */
async function postQuery(endpoint: string, query: string, store: string): Promise<string> {
  const r = await fetch(endpoint, {
    method: 'POST',
    body: new URLSearchParams({ query }),
    headers: { Accept: 'application/sparql-results+json' },
  });
  const body = await r.text();
  if (r.status !== 200) throw new Error(`${store} answered ${r.status}: ${body.slice(0, 500)}`);
  return body;
}

interface Answer {
  rows: number;
  /** The rows as sorted `var=value` lines: equal keys are the same answer whatever the row order (datatypes aside). */
  key: string;
}

/** A SPARQL JSON answer's rows and content (an ASK is one row holding its boolean). */
function answer(json: string): Answer {
  const parsed = JSON.parse(json) as { boolean?: boolean; results?: { bindings: Record<string, { value: string }>[] } };
  if (parsed.results === undefined) return { rows: 1, key: String(parsed.boolean) };
  const lines = parsed.results.bindings.map((b) =>
    Object.keys(b)
      .sort()
      .map((v) => `${v}=${JSON.stringify(b[v]!.value)}`)
      .join(' '),
  );
  return { rows: lines.length, key: lines.sort().join('\n') };
}

/** "yes" when every store gave the same rows, "rows only" when the counts agree but not the values, else "NO". */
function agreement(answers: Map<string, Answer>): { verdict: string; detail: string } {
  const all = [...answers.values()];
  const detail = [...answers].map(([store, a]) => `${store} ${a.rows}`).join(', ');
  if (all.some((a) => a.rows !== all[0]!.rows)) return { verdict: 'NO', detail: `row counts differ: ${detail}` };
  if (all.some((a) => a.key !== all[0]!.key))
    return { verdict: 'rows only', detail: `same row counts, different values: ${detail}` };
  return { verdict: 'yes', detail };
}

/** Times `n` runs of `once`; returns the times sorted and the last result (undefined when n is 0). */
async function timedRuns<T>(n: number, once: () => Promise<T>): Promise<{ times: number[]; result: T | undefined }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    result = await once();
    times.push(performance.now() - t0);
  }
  return { times: times.sort((a, b) => a - b), result };
}

/** As timedRuns, after one untimed warm-up whose result is returned. */
async function warmTimedRuns<T>(n: number, once: () => Promise<T>): Promise<{ times: number[]; result: T }> {
  const result = await once();
  return { times: (await timedRuns(n, once)).times, result };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number): string => (Number.isNaN(n) ? '-' : `${n.toFixed(n < 100 ? 1 : 0)} ms`);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

/** Starts `pathway-kg serve` on a free port; resolves with its endpoint once it listens. */
async function startServe(
  out: string,
): Promise<{ child: ReturnType<typeof spawn>; endpoint: string; log: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--out', out, '--port', '0', '--time-limit', '120'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString('utf8');
      const m = /SPARQL endpoint (http:\/\/\S+\/sparql)/.exec(log);
      if (m !== null) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
  return { child, endpoint, log: () => log };
}

/** What is running and must be stopped, on the way out as on an error or a signal. */
const running: { serve?: ReturnType<typeof spawn>; virtuoso?: VirtuosoServer } = {};

function stopAll(): void {
  if (running.serve !== undefined && running.serve.exitCode === null) running.serve.kill('SIGTERM');
  running.serve = undefined;
  const vt = running.virtuoso;
  running.virtuoso = undefined;
  if (vt !== undefined) stopVirtuoso(vt);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      reps: { type: 'string', default: '30' },
      'cli-reps': { type: 'string', default: '2' },
      virtuoso: { type: 'string', default: 'start' },
      buffers: { type: 'string', default: '170000' },
    },
  });
  if (values.out === undefined) throw new Error('Expected --out <dir>, the output directory of a run');
  const out = values.out;
  const reps = Number(values.reps);
  const cliReps = Number(values['cli-reps']);
  const prefixes = loadMappings().queryPrefixes;
  const examples = readmeExamples(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).map((e, i) => ({
    name: `README ${i + 1} (${e.title})`,
    query: e.query,
    reps,
  }));
  const queries = [...examples, { name: 'join-heavy', query: JOIN_HEAVY, reps: Math.min(reps, 5) }].map((q) => ({
    ...q,
    text: withPrefixes(q.query, prefixes),
  }));
  console.log(`load average before: ${load()}`);

  let virtuoso: string | undefined;
  if (values.virtuoso === 'start') {
    const t0 = performance.now();
    running.virtuoso = await startVirtuoso(values.buffers);
    const startMs = performance.now() - t0;
    const { loadMs, checkpointMs } = bulkLoad(running.virtuoso, path.join(out, 'all.nq'));
    virtuoso = running.virtuoso.endpoint;
    console.log(
      `Virtuoso: started in ${(startMs / 1000).toFixed(1)} s; bulk load of all.nq (ld_dir + rdf_loader_run) ${(loadMs / 1000).toFixed(1)} s, then checkpoint ${(checkpointMs / 1000).toFixed(1)} s (load average ${load()})`,
    );
  } else if (values.virtuoso !== 'off') {
    virtuoso = values.virtuoso;
    console.log(`Virtuoso: ${virtuoso}, expected to hold the same data (not loaded here)`);
  }

  const started = performance.now();
  const serve = await startServe(out);
  running.serve = serve.child;
  const startupMs = performance.now() - started;
  console.log(
    `serve start-up: ${(startupMs / 1000).toFixed(2)} s to listening, peak RSS ${peakRssMb(serve.child.pid!).toFixed(0)} MB (load average ${load()})`,
  );

  const rows: string[][] = [];
  const differences: string[] = [];
  try {
    for (const { name, text, reps: n } of queries) {
      const http = await warmTimedRuns(n, () => postQuery(serve.endpoint, text, `serve (${name})`));
      // Each `query --out` is a process of its own: nothing stays warm, so every run is timed.
      const cli = await timedRuns(cliReps, async () => {
        const { code, stdout } = await runCli(['query', '--out', out, '--format', 'json', text]);
        if (code !== 0) throw new Error(`query --out exited with ${code} for ${name}`);
        return stdout;
      });
      const answers = new Map([['serve', answer(http.result)]]);
      if (cli.result !== undefined) answers.set('query --out', answer(cli.result));
      const row = [
        `${name} ×${n}`,
        ms(percentile(http.times, 50)),
        ms(percentile(http.times, 95)),
        cli.times.length === 0 ? '-' : ms(percentile(cli.times, 50)),
      ];
      if (virtuoso !== undefined) {
        const endpoint = virtuoso;
        const vt = await warmTimedRuns(n, () => postQuery(endpoint, text, `Virtuoso (${name})`));
        answers.set('Virtuoso', answer(vt.result));
        row.push(ms(percentile(vt.times, 50)), ms(percentile(vt.times, 95)));
      }
      const { verdict, detail } = agreement(answers);
      if (verdict !== 'yes') differences.push(`${name}: ${detail}`);
      rows.push([...row, [...answers.values()].map((a) => a.rows).join(' / '), verdict]);
    }
  } catch (error) {
    console.error(`serve's log:\n${serve.log()}`);
    throw error;
  }
  const stores = ['serve', ...(cliReps > 0 ? ['query --out'] : []), ...(virtuoso === undefined ? [] : ['Virtuoso'])];
  const head = [
    'query',
    'serve p50',
    'serve p95',
    `query --out p50 (${cliReps})`,
    ...(virtuoso === undefined ? [] : ['Virtuoso p50', 'Virtuoso p95']),
    `rows (${stores.join(' / ')})`,
    'same answer',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  if (virtuoso === undefined) console.log('Virtuoso: skipped (--virtuoso off)');
  console.log(
    `serve peak RSS after the queries: ${peakRssMb(serve.child.pid!).toFixed(0)} MB; load average after: ${load()}`,
  );
  if (running.virtuoso !== undefined) {
    const pid = Number(readFileSync(path.join(running.virtuoso.dir, 'virtuoso.pid'), 'utf8'));
    console.log(
      `Virtuoso peak RSS after the queries: ${peakRssMb(pid).toFixed(0)} MB (NumberOfBuffers ${values.buffers}, 8 KiB each)`,
    );
  }
  if (differences.length > 0) {
    console.log(`answers differ:\n  ${differences.join('\n  ')}`);
    process.exitCode = 1;
  }
}

for (const [signal, status] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the servers`);
    stopAll();
    process.exit(status);
  });
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stopAll);
