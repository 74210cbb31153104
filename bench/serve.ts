// Bench: `pathway-kg serve` against the one-shot `pathway-kg query` on a run's --out folder.
//
//   npm run bench:serve -- --out /tmp/serve-2022 [--reps 30] [--cli-reps 2] [--virtuoso <endpoint URL>]
//
// Starts the built server (dist/) on a free port, times its start-up (to "listening") and reads its
// peak RSS (VmHWM, the query worker included: it is a thread of the same process); then, for the
// README's example queries and one join-heavy query, p50/p95 latency over HTTP (SPARQL JSON, one
// warm-up first), beside the same query through `pathway-kg query --out` (a process each) and,
// with --virtuoso, through `pathway-kg query --endpoint` against an endpoint already holding the data
// (not loaded here: that takes minutes). The load average is printed with the figures: the machine may be shared.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readmeExamples } from '../src/serve/examples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..', '..'] : ['..']));
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Gene products and pathways per organism: a join over every gene product, its pathway and the pathway's organism and title. */
const JOIN_HEAVY = `SELECT ?organism (count(DISTINCT ?gene) AS ?genes) (count(DISTINCT ?pw) AS ?pathways) WHERE {
  ?gene a wp:GeneProduct ; dcterms:isPartOf ?pw .
  ?pw a wp:Pathway ; wp:organismName ?organism ; dc:title ?title .
} GROUP BY ?organism ORDER BY DESC(?genes)`;

/** A process to its end; not spawnSync, which would block the event loop and leave the HTTP client's pooled sockets stale. */
function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' }).once('exit', (code) => resolve(code)));
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number): string => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, reps: { type: 'string', default: '30' }, 'cli-reps': { type: 'string', default: '2' }, virtuoso: { type: 'string' } } });
  if (values.out === undefined) throw new Error('Expected --out <dir>, the output directory of a run');
  const reps = Number(values.reps);
  const cliReps = Number(values['cli-reps']);
  const queries = [...readmeExamples(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).map((e, i) => ({ name: `README ${i + 1} (${e.title})`, query: e.query, reps })), { name: 'join-heavy', query: JOIN_HEAVY, reps: Math.min(reps, 5) }];
  console.log(`load average before: ${load()}`);

  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--out', values.out, '--port', '0', '--time-limit', '120'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  process.on('exit', () => {
    if (process.exitCode !== 0 && process.exitCode !== undefined) console.error(`serve's log:\n${log}`);
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      log += c.toString('utf8');
      const m = /SPARQL endpoint (http:\/\/\S+\/sparql)/.exec(log);
      if (m !== null) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
  const startupMs = performance.now() - started;
  const rssAfterStart = peakRssMb(child.pid!);
  console.log(`serve start-up: ${(startupMs / 1000).toFixed(2)} s to listening, peak RSS ${rssAfterStart.toFixed(0)} MB (load average ${load()})`);

  const rows: string[][] = [];
  for (const { name, query, reps: n } of queries) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i <= n; i += 1) {
      const t0 = performance.now();
      const r = await fetch(endpoint, { method: 'POST', body: new URLSearchParams({ query }), headers: { Accept: 'application/sparql-results+json' } });
      await r.text();
      status = r.status;
      if (status !== 200) throw new Error(`serve answered ${status} for ${name}`);
      if (i > 0) times.push(performance.now() - t0); // the first is a warm-up
    }
    times.sort((a, b) => a - b);
    const cli: number[] = [];
    for (let i = 0; i < cliReps; i += 1) {
      const t0 = performance.now();
      const code = await runCli(['query', '--out', values.out, '--format', 'json', query]);
      if (code !== 0) throw new Error(`query --out exited with ${code} for ${name}`);
      cli.push(performance.now() - t0);
    }
    cli.sort((a, b) => a - b);
    const row = [`${name} ×${n}`, String(status), ms(percentile(times, 50)), ms(percentile(times, 95)), cli.length === 0 ? '-' : ms(percentile(cli, 50))];
    if (values.virtuoso !== undefined) {
      const vt: number[] = [];
      for (let i = 0; i <= Math.min(reps, 10); i += 1) {
        const t0 = performance.now();
        const code = await runCli(['query', '--endpoint', values.virtuoso, '--format', 'json', query]);
        if (code !== 0) throw new Error(`query --endpoint exited with ${code} for ${name}`);
        if (i > 0) vt.push(performance.now() - t0);
      }
      vt.sort((a, b) => a - b);
      row.push(ms(percentile(vt, 50)));
    }
    rows.push(row);
  }
  const head = ['query', 'HTTP', 'serve p50', 'serve p95', `query --out p50 (${cliReps})`, ...(values.virtuoso === undefined ? [] : ['query --endpoint Virtuoso p50'])];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  if (values.virtuoso === undefined) console.log('Virtuoso: skipped (pass --virtuoso <endpoint> holding the same data to compare)');
  console.log(`serve peak RSS after the queries: ${peakRssMb(child.pid!).toFixed(0)} MB; load average after: ${load()}`);
  child.kill('SIGTERM');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
