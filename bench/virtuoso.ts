// Bench: one N-Quads file into a fresh Virtuoso by Graph Store, by SPARQL Update, and by its bulk loader, side by
// side in one run, each with the machine's load average, and as a multiple of the bulk loader's time.
//
//   node dist/bench/virtuoso.js <file.nq> [--methods bulk,gsp,update] [--concurrency 4] [--batch-triples 200]
//
// Methods: bulk (ld_dir + rdf_loader_run), gsp (Graph Store), update (SPARQL Update), the last two with the loader's
// defaults, or with tweaks: -direct writes the (absent) graphs straight in (POST, or INSERT DATA without staging),
// -replace as graphs the store holds (PUT, or staging + swap); -batch confirms counts with one whole-store query per
// 200 graphs, -each with one query per graph; pull: the store LOADs N-Quads documents this process serves
// (--serve-from, src/load/sparql/pull.ts). A suffix :<n> sets the concurrency of that row, e.g. gsp-replace:8.
// --repeat <n> runs the whole list n times, interleaved, and ends with a summary (best, median, worst). Each row gets
// a Virtuoso of its own (scripts/virtuoso.sh, fresh data dir, ports picked free on 127.0.0.1), and its result is
// checked: every graph of the file must hold its distinct triples afterwards. Beside wall time, the server's CPU time
// (from /proc) is printed: on a shared machine it says what each method costs the store far better than wall time.

import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StreamParser, type Quad } from 'n3';
import { SparqlLoader } from '../src/load/sparql/loader.js';
import { ENDPOINT_DEFAULTS } from '../src/load/sparql/options.js';
import { graphTriples } from '../src/load/sparql/triples.js';
import { bulkLoad, serverCpuMs, startVirtuoso, stopVirtuoso, type VirtuosoServer as Server } from './virtuosoServer.js';

async function readFileGraphs(file: string): Promise<Map<string, Quad[]>> {
  const graphs = new Map<string, Quad[]>();
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  for await (const q of parser as AsyncIterable<Quad>) {
    const g = q.graph.value;
    let list = graphs.get(g);
    if (!list) graphs.set(g, (list = []));
    list.push(q);
  }
  return graphs;
}

/** Triples per graph in the store, through plain SPARQL, for the graphs of the file. */
async function storedCounts(server: Server, graphs: Iterable<string>): Promise<Map<string, number>> {
  const res = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({
      query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
    }).toString(),
  });
  const json = (await res.json()) as { results: { bindings: { g: { value: string }; n: { value: string } }[] } };
  const wanted = new Set(graphs);
  const out = new Map<string, number>();
  for (const b of json.results.bindings) if (wanted.has(b.g.value)) out.set(b.g.value, Number(b.n.value));
  return out;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      methods: { type: 'string', default: 'bulk,gsp,update' },
      concurrency: { type: 'string', default: '4' },
      'batch-triples': { type: 'string', default: String(ENDPOINT_DEFAULTS.batchTriples) },
      buffers: { type: 'string', default: '170000' },
      repeat: { type: 'string', default: '1' },
    },
  });
  const file = positionals[0];
  if (!file)
    throw new Error(
      'usage: node dist/bench/virtuoso.js <file.nq> [--methods bulk,gsp,update] [--concurrency 4] [--batch-triples 200]',
    );
  const concurrency = Number(values.concurrency);
  const batchTriples = Number(values['batch-triples']);

  const t = Date.now();
  const graphs = await readFileGraphs(path.resolve(file));
  const expected = new Map([...graphs].map(([g, quads]) => [g, graphTriples(quads, g).count]));
  const quadCount = [...graphs.values()].reduce((n, q) => n + q.length, 0);
  const tripleCount = [...expected.values()].reduce((n, c) => n + c, 0);
  console.log(
    `${file}: ${quadCount} quads in ${graphs.size} graphs, ${tripleCount} distinct triples (read in ${seconds(Date.now() - t)})`,
  );
  console.log(`node ${process.version}, ${concurrency} graphs at a time, ${batchTriples} triples per INSERT DATA\n`);

  const rows: string[][] = [
    [
      'method',
      'load',
      '× bulk',
      'server CPU',
      'CPU × bulk',
      'client CPU',
      'triples/s',
      'load avg (1 min) before → after',
      'notes',
      'store check',
    ],
  ];
  let bulkMs: number | undefined;
  let bulkCpuMs: number | undefined;
  const runs = new Map<string, { ms: number; cpuMs: number | undefined; load: number }[]>();
  const specs = values.methods.split(',');
  const order = Array.from({ length: Number(values.repeat) }, () => specs).flat();
  for (const spec of order) {
    const [method, c] = spec.split(':') as [string, string | undefined];
    const server = await startVirtuoso(values.buffers);
    try {
      const before = loadavg()[0]!;
      const cpu0 = serverCpuMs(server);
      const client0 = process.cpuUsage();
      const { ms, notes } = await load(
        method,
        server,
        file,
        graphs,
        c === undefined ? concurrency : Number(c),
        batchTriples,
      );
      const after = loadavg()[0]!;
      const cpu1 = serverCpuMs(server);
      const used = process.cpuUsage(client0);
      const cpuMs = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
      if (method === 'bulk') {
        // Each row is compared with the bulk load measured last (rows alternate with --repeat).
        bulkMs = ms;
        bulkCpuMs = cpuMs;
      }
      const ratio = bulkMs === undefined ? '' : `${(ms / bulkMs).toFixed(2)}×`;
      runs.set(spec, [...(runs.get(spec) ?? []), { ms, cpuMs, load: (before + after) / 2 }]);
      const cpuRatio = bulkCpuMs === undefined || cpuMs === undefined ? '' : `${(cpuMs / bulkCpuMs).toFixed(2)}×`;
      rows.push(
        await check(
          server,
          spec,
          ms,
          ratio,
          cpuMs === undefined ? '?' : seconds(cpuMs),
          cpuRatio,
          // The bulk loader runs in the server; the client's CPU is this process's (serialising, HTTP, counting).
          method === 'bulk' ? '–' : seconds((used.user + used.system) / 1000),
          `${before.toFixed(1)} → ${after.toFixed(1)}`,
          notes,
          expected,
          tripleCount,
        ),
      );
    } finally {
      stopVirtuoso(server);
    }
    printRows(rows);
  }
  if (order.length > specs.length) printSummary(runs);
}

/** Per method over the repeats: best, median and worst wall time and server CPU; the best as a multiple of bulk's. */
function printSummary(runs: Map<string, { ms: number; cpuMs: number | undefined; load: number }[]>): void {
  const best = (xs: number[]): number => Math.min(...xs);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bulk = runs.get('bulk');
  const bulkMs = bulk && best(bulk.map((r) => r.ms));
  const cpus = (rs: { cpuMs: number | undefined }[]): number[] =>
    rs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  const bulkCpu = bulk && cpus(bulk).length > 0 ? best(cpus(bulk)) : undefined;
  const rows = [
    [
      'method',
      'runs',
      'wall best / median / worst',
      'best × bulk',
      'server CPU best / median',
      'CPU × bulk',
      'load avg',
    ],
  ];
  for (const [spec, rs] of runs) {
    const ms = rs.map((r) => r.ms);
    const cpu = cpus(rs);
    rows.push([
      spec,
      String(rs.length),
      `${seconds(best(ms))} / ${seconds(median(ms))} / ${seconds(Math.max(...ms))}`,
      bulkMs ? `${(best(ms) / bulkMs).toFixed(2)}×` : '',
      cpu.length > 0 ? `${seconds(best(cpu))} / ${seconds(median(cpu))}` : '?',
      bulkCpu && cpu.length > 0 ? `${(best(cpu) / bulkCpu).toFixed(2)}×` : '',
      `${Math.min(...rs.map((r) => r.load)).toFixed(1)}–${Math.max(...rs.map((r) => r.load)).toFixed(1)}`,
    ]);
  }
  console.log('\nSummary over the repeats (rows ran interleaved):');
  printRows(rows);
}

function printRows(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

/** Loads the file by one method; the time counts the load only (file parsing and server start are outside). */
async function load(
  method: string,
  server: Server,
  file: string,
  graphs: Map<string, Quad[]>,
  concurrency: number,
  batchTriples: number,
): Promise<{ ms: number; notes: string }> {
  const base = `http://127.0.0.1:${server.http}`;
  // gsp or update, then any of -direct (POST, or INSERT DATA without staging, to the absent graphs), -replace (PUT, or
  // staging and swap, for them too), -batch (confirmBatch 200), -each (one count per graph); without one, the defaults.
  const variant = /^(gsp|update|pull)((?:-(?:batch|each|direct|replace))*)$/.exec(method);
  if (variant) {
    const how = variant[1] as 'gsp' | 'update' | 'pull';
    const tweaks = new Set(variant[2]!.split('-').filter((x) => x !== ''));
    const direct = tweaks.has('direct') ? true : tweaks.has('replace') ? false : undefined;
    const t = Date.now();
    const loader = new SparqlLoader({
      query: `${base}/sparql`,
      ...(how === 'gsp' ? { graphStore: `${base}/sparql-graph-crud` } : {}),
      // The store LOADs documents this process serves on a free port of the loopback interface.
      ...(how === 'pull' ? { serveFrom: 'http://127.0.0.1:0' } : {}),
      concurrency,
      batchTriples,
      timeoutMs: 300_000,
      ...(tweaks.has('batch') ? { confirmBatch: 200 } : tweaks.has('each') ? { confirmBatch: 1 } : {}),
      ...(direct === undefined ? {} : { postToAbsent: direct, insertIntoAbsent: direct }),
    });
    // The store is fresh: every graph is absent.
    for (const [graph, quads] of graphs) await loader.replace(graph, quads, { absent: true });
    const notLoaded = loader.notLoadedError(await loader.finish());
    if (notLoaded) throw notLoaded;
    const ms = Date.now() - t;
    const o = loader.options;
    const verb =
      how === 'pull'
        ? 'DELETE + LOAD of served N-Quads documents (4 MiB), one COUNT query per document'
        : how === 'gsp'
          ? o.postToAbsent
            ? 'POST'
            : 'PUT'
          : o.insertIntoAbsent
            ? `INSERT DATA (${loader.batchTriples}/request)`
            : `INSERT DATA (${loader.batchTriples}/request) into staging + swap`;
    const counts = o.confirmBatch === 1 ? 'COUNT per graph' : `one COUNT query per ≤${o.confirmBatch} graphs`;
    return {
      ms,
      notes: how === 'pull' ? `${verb}, ${concurrency} at a time` : `${verb} + ${counts}, ${concurrency} at a time`,
    };
  }
  if (method === 'bulk') {
    const { loadMs, checkpointMs } = bulkLoad(server, file);
    return { ms: loadMs, notes: `then checkpoint ${seconds(checkpointMs)}` };
  }
  throw new Error(
    `unknown method ${method} (bulk, pull, or gsp or update, each with -direct or -replace, -batch or -each)`,
  );
}

async function check(
  server: Server,
  spec: string,
  ms: number,
  ratio: string,
  serverCpu: string,
  cpuRatio: string,
  clientCpu: string,
  load: string,
  notes: string,
  expected: Map<string, number>,
  total: number,
): Promise<string[]> {
  const stored = await storedCounts(server, expected.keys());
  const wrong = [...expected].filter(([g, n]) => stored.get(g) !== n).length;
  const [method, c] = spec.split(':') as [string, string | undefined];
  const label = method === 'bulk' ? 'bulk loader (ld_dir + rdf_loader_run)' : method;
  return [
    label + (c ? ` ×${c}` : ''),
    seconds(ms),
    ratio,
    serverCpu,
    cpuRatio,
    clientCpu,
    String(Math.round(total / (ms / 1000))),
    load,
    notes,
    wrong === 0 ? `all ${expected.size} graphs exact` : `${wrong} graphs differ`,
  ];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
