// Bench: where a Graph Store load's server time goes. Each row runs on a fresh Virtuoso (virtuosoServer.ts) and is
// measured by the server's CPU time from /proc, which a busy machine changes far less than wall time (best of --repeat
// interleaved rounds, with the median; wall time is printed too):
//
//   node dist/bench/virtuosoProbe.js <file.nq> [--graphs 400] [--concurrency 2] [--repeat 3] [--rows ask,tiny,…]
//
// The pathway-sized graphs of the file (under 3,000 triples; the first --graphs of them) are sent as the loader
// sends them: the fixed cost of a request (an ASK, a one-triple POST), a whole graph per request (POST as Turtle or as
// N-Triples, PUT), the same parse and insert without HTTP (DB.DBA.TTLP per graph in one isql session), and the same
// triples into one graph, k graphs' worth per request, to see how the cost per triple falls with the request's size.
// Last, whether Virtuoso's Graph Store takes several graphs in one request (N-Quads or TriG without ?graph=).

import { createReadStream, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StreamParser, type Quad } from 'n3';
import { Agent, request } from 'undici';
import { graphTriples } from '../src/load/sparql/triples.js';
import { isql, serverCpuMs, startVirtuoso, stopVirtuoso, type VirtuosoServer as Server } from './virtuosoServer.js';

interface Graph {
  name: string;
  ntriples: string;
  count: number;
}

/** What a row sent: requests, and triples in them. */
interface Sent {
  requests: number;
  triples: number;
  note?: string;
}

/** One measurement of a row. */
interface Run {
  sent: Sent;
  cpu: number;
  ms: number;
  load: number;
  stored: number;
}

type Row = (server: Server, agent: Agent, graphs: Graph[], concurrency: number) => Promise<Sent>;

const TURTLE = 'text/turtle; charset=utf-8';
const ONE_GRAPH = 'http://example.org/probe/one';
const ONE_TRIPLE = '<http://example.org/probe/s> <http://example.org/probe/p> <http://example.org/probe/o> .\n';

async function readGraphs(file: string, limit: number): Promise<Graph[]> {
  const byGraph = new Map<string, Quad[]>();
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  for await (const q of parser as AsyncIterable<Quad>) {
    let list = byGraph.get(q.graph.value);
    if (!list) byGraph.set(q.graph.value, (list = []));
    list.push(q);
  }
  const out: Graph[] = [];
  for (const [name, quads] of byGraph) {
    const t = graphTriples(quads, name);
    if (t.count >= 3000 || out.length >= limit) continue;
    out.push({ name, ntriples: [...t.ground, ...t.blankGroups.flat()].join(''), count: t.count });
  }
  return out;
}

/** Runs `fn` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function send(
  agent: Agent,
  url: string,
  method: 'POST' | 'PUT',
  type: string,
  body: string,
): Promise<{ status: number; body: string }> {
  const res = await request(url, { method, headers: { 'content-type': type }, body, dispatcher: agent });
  return { status: res.statusCode, body: await res.body.text() };
}

async function sendOk(agent: Agent, url: string, method: 'POST' | 'PUT', type: string, body: string): Promise<void> {
  const res = await send(agent, url, method, type, body);
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.body.slice(0, 300)}`);
}

const store = (s: Server): string => `http://127.0.0.1:${s.http}/sparql-graph-crud`;
const graphUrl = (s: Server, graph: string): string => `${store(s)}?graph=${encodeURIComponent(graph)}`;
const triplesOf = (graphs: Graph[]): number => graphs.reduce((n, g) => n + g.count, 0);

/** Each graph by one request of `method` and content type. */
function perGraph(method: 'POST' | 'PUT', type: string): Row {
  return async (s, agent, graphs, c) => {
    await pool(graphs, c, (g) => sendOk(agent, graphUrl(s, g.name), method, type, g.ntriples));
    return { requests: graphs.length, triples: triplesOf(graphs) };
  };
}

/** The triples of `k` graphs per POST, all into one graph. */
function oneGraph(k: number): Row {
  return async (s, agent, graphs, c) => {
    const parts = chunks(graphs, k);
    await pool(parts, c, (part) =>
      sendOk(agent, graphUrl(s, ONE_GRAPH), 'POST', TURTLE, part.map((g) => g.ntriples).join('')),
    );
    return { requests: parts.length, triples: triplesOf(graphs) };
  };
}

/** DB.DBA.TTLP in one isql session: per graph, or (`together`) all the triples in one call into one graph. */
function ttlp(together: boolean): Row {
  return (s, _agent, graphs) => {
    const files = graphs.map((g, i) => {
      const file = path.join(s.dir, 'load', `g${i}.nt`);
      writeFileSync(file, g.ntriples);
      return file;
    });
    // Names go into SQL string literals: the data dir and the graph names must hold no quote or backslash.
    for (const name of [s.dir, ...graphs.map((g) => g.name)])
      if (/['\\]/.test(name)) throw new Error(`Expected names without quotes or backslashes for isql, got ${name}`);
    const read = (f: string): string => `file_to_string ('${f}')`;
    const sql = together
      ? `DB.DBA.TTLP (concat (${files.map(read).join(', ')}), '', '${ONE_GRAPH}', 0);\n`
      : files.map((f, i) => `DB.DBA.TTLP (${read(f)}, '', '${graphs[i]!.name}', 0);\n`).join('');
    isql(s, sql);
    return Promise.resolve({ requests: together ? 1 : graphs.length, triples: triplesOf(graphs), note: 'isql' });
  };
}

/** Several graphs in one Graph Store request, by the two quad formats; says what the server did with it. */
function multiGraph(type: 'application/n-quads' | 'application/trig', query: string): Row {
  return async (s, agent, graphs) => {
    const some = graphs.slice(0, 20);
    const body =
      type === 'application/n-quads'
        ? some.map((g) => g.ntriples.replace(/ \.\n/g, ` <${g.name}> .\n`)).join('')
        : some.map((g) => `<${g.name}> {\n${g.ntriples}}\n`).join('');
    const res = await send(agent, store(s) + query, 'POST', type, body);
    const kind = /<html/i.test(res.body) ? 'an HTML page' : `${res.body.length} bytes`;
    return { requests: 1, triples: triplesOf(some), note: `${type} to ${store(s)}${query}: ${res.status}, ${kind}` };
  };
}

const ROWS: Record<string, { label: string; run: Row }> = {
  ask: {
    label: 'ASK {} per graph',
    run: async (s, agent, graphs, c) => {
      const body = new URLSearchParams({ query: 'ASK {}' }).toString();
      await pool(graphs, c, () => sendOk(agent, s.endpoint, 'POST', 'application/x-www-form-urlencoded', body));
      return { requests: graphs.length, triples: 0 };
    },
  },
  tiny: {
    label: 'POST of one triple per graph',
    run: async (s, agent, graphs, c) => {
      await pool(graphs, c, (g) => sendOk(agent, graphUrl(s, g.name), 'POST', TURTLE, ONE_TRIPLE));
      return { requests: graphs.length, triples: graphs.length };
    },
  },
  'post-ttl': { label: 'POST per graph, text/turtle', run: perGraph('POST', TURTLE) },
  'post-nt': { label: 'POST per graph, application/n-triples', run: perGraph('POST', 'application/n-triples') },
  'put-ttl': { label: 'PUT per graph, text/turtle', run: perGraph('PUT', TURTLE) },
  ttlp: { label: 'DB.DBA.TTLP per graph, no HTTP', run: ttlp(false) },
  'one-4': { label: 'one graph, 4 graphs per POST', run: oneGraph(4) },
  'one-16': { label: 'one graph, 16 graphs per POST', run: oneGraph(16) },
  'one-100': { label: 'one graph, 100 graphs per POST', run: oneGraph(100) },
  'ttlp-one': { label: 'DB.DBA.TTLP of all, one call', run: ttlp(true) },
  nquads: { label: 'several graphs in one request', run: multiGraph('application/n-quads', '') },
  trig: { label: 'several graphs in one request', run: multiGraph('application/trig', '?default') },
};

async function countStored(s: Server): Promise<number> {
  const res = await fetch(s.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' }).toString(),
  });
  const json = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(json.results.bindings[0]!.n.value);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      graphs: { type: 'string', default: '400' },
      concurrency: { type: 'string', default: '2' },
      rows: { type: 'string', default: Object.keys(ROWS).join(',') },
      buffers: { type: 'string', default: '170000' },
      repeat: { type: 'string', default: '3' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: node dist/bench/virtuosoProbe.js <file.nq> [--graphs 400] [--concurrency 2]');
  const concurrency = Number(values.concurrency);
  const graphs = await readGraphs(path.resolve(file), Number(values.graphs));
  console.log(`${graphs.length} graphs of ${file}, ${triplesOf(graphs)} triples; ${concurrency} requests at a time`);
  const runs = new Map<string, Run[]>();
  const keys = values.rows.split(',');
  for (const key of keys) if (!ROWS[key]) throw new Error(`unknown row ${key} (${Object.keys(ROWS).join(', ')})`);
  // Rows interleaved over the repeats, so that a busy spell of the machine falls on all of them alike.
  for (let r = 0; r < Number(values.repeat); r++) {
    for (const key of keys) {
      const server = await startVirtuoso(values.buffers);
      const agent = new Agent({ connections: concurrency, keepAliveTimeout: 4_000 });
      try {
        const stored0 = await countStored(server);
        const load = loadavg()[0]!;
        const cpu0 = serverCpuMs(server);
        const t = Date.now();
        const sent = await ROWS[key]!.run(server, agent, graphs, concurrency);
        const ms = Date.now() - t;
        const cpu1 = serverCpuMs(server);
        if (cpu0 === undefined || cpu1 === undefined) throw new Error('the server CPU time is unknown (no /proc)');
        const stored = (await countStored(server)) - stored0;
        runs.set(key, [...(runs.get(key) ?? []), { sent, cpu: cpu1 - cpu0, ms, load, stored }]);
      } finally {
        await agent.close();
        stopVirtuoso(server);
      }
    }
    // The table so far after every round: a later round that fails (a server that does not start) loses only itself.
    console.log(`\nafter round ${r + 1} of ${values.repeat}:`);
    printSummary(runs);
  }
}

function printSummary(runs: Map<string, Run[]>): void {
  const table = [
    ['row', 'requests', 'triples', 'server CPU best / median', 'per request', 'per triple', 'wall', 'load', 'notes'],
  ];
  for (const [key, rs] of runs) {
    const cpus = rs.map((x) => x.cpu).sort((a, b) => a - b);
    const best = rs.find((x) => x.cpu === cpus[0])!;
    const { sent } = best;
    table.push([
      `${key}: ${ROWS[key]!.label}`,
      String(sent.requests),
      String(sent.triples),
      `${(cpus[0]! / 1000).toFixed(2)} / ${(cpus[Math.floor(cpus.length / 2)]! / 1000).toFixed(2)} s`,
      `${(best.cpu / sent.requests).toFixed(2)} ms`,
      sent.triples === 0 ? '' : `${((best.cpu * 1000) / sent.triples).toFixed(1)} us`,
      `${(best.ms / 1000).toFixed(1)} s`,
      best.load.toFixed(1),
      [sent.note, `${best.stored} triples stored`].filter((x) => x !== undefined).join('; '),
    ]);
  }
  printRows(table);
}

function printRows(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
