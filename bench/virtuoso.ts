// Bench: one N-Quads file into a fresh Virtuoso by Graph Store PUT, by SPARQL Update, and by its bulk loader.
//
//   node dist/bench/virtuoso.js <file.nq> [--methods gsp,update,bulk] [--concurrency 4] [--batch-triples 500]
//
// Each method gets a Virtuoso of its own (scripts/virtuoso.sh, fresh data dir, ports picked free on 127.0.0.1),
// and its result is checked: every graph of the file must hold its distinct triples afterwards.

import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StreamParser, type Quad } from 'n3';
import { SparqlLoader } from '../src/load/sparql/loader.js';
import { graphTriples } from '../src/load/sparql/triples.js';
import { bulkLoad, startVirtuoso, stopVirtuoso, type VirtuosoServer as Server } from './virtuosoServer.js';

async function readFileGraphs(file: string): Promise<Map<string, Quad[]>> {
  const graphs = new Map<string, Quad[]>();
  const parser = new StreamParser({ format: 'N-Quads' });
  createReadStream(file).on('error', (e) => parser.destroy(e)).pipe(parser);
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
    body: new URLSearchParams({ query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g' }).toString(),
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
      methods: { type: 'string', default: 'gsp,update,bulk' },
      concurrency: { type: 'string', default: '4' },
      'batch-triples': { type: 'string', default: '500' },
      buffers: { type: 'string', default: '170000' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: node dist/bench/virtuoso.js <file.nq> [--methods gsp,update,bulk] [--concurrency 4] [--batch-triples 500]');
  const concurrency = Number(values.concurrency);
  const batchTriples = Number(values['batch-triples']);

  const t = Date.now();
  const graphs = await readFileGraphs(path.resolve(file));
  const expected = new Map([...graphs].map(([g, quads]) => [g, graphTriples(quads, g).count]));
  const quadCount = [...graphs.values()].reduce((n, q) => n + q.length, 0);
  const tripleCount = [...expected.values()].reduce((n, c) => n + c, 0);
  console.log(`${file}: ${quadCount} quads in ${graphs.size} graphs, ${tripleCount} distinct triples (read in ${seconds(Date.now() - t)})`);
  console.log(`node ${process.version}, ${concurrency} graphs at a time, ${batchTriples} triples per INSERT DATA\n`);

  const rows: string[][] = [['method', 'load', 'triples/s', 'notes', 'store check']];
  for (const method of values.methods.split(',')) {
    const server = await startVirtuoso(values.buffers);
    try {
      const { ms, notes } = await load(method, server, file, graphs, concurrency, batchTriples);
      rows.push(await check(server, method, ms, notes, expected, tripleCount));
    } finally {
      stopVirtuoso(server);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

/** Loads the file by one method; the time counts the load only (file parsing and server start are outside). */
async function load(method: string, server: Server, file: string, graphs: Map<string, Quad[]>, concurrency: number, batchTriples: number): Promise<{ ms: number; notes: string }> {
  const base = `http://127.0.0.1:${server.http}`;
  if (method === 'gsp' || method === 'update') {
    const t = Date.now();
    const loader = new SparqlLoader({ query: `${base}/sparql`, ...(method === 'gsp' ? { graphStore: `${base}/sparql-graph-crud` } : {}), concurrency, batchTriples, timeoutMs: 300_000 });
    for (const [graph, quads] of graphs) await loader.replace(graph, quads);
    const notLoaded = loader.notLoadedError(await loader.finish());
    if (notLoaded) throw notLoaded;
    const ms = Date.now() - t;
    return { ms, notes: method === 'gsp' ? 'PUT + COUNT per graph' : `DROP + INSERT DATA (${loader.batchTriples}/request) + COUNT per graph` };
  }
  if (method === 'bulk') {
    const { loadMs, checkpointMs } = bulkLoad(server, file);
    return { ms: loadMs, notes: `then checkpoint ${seconds(checkpointMs)}` };
  }
  throw new Error(`unknown method ${method} (gsp, update, bulk)`);
}

async function check(server: Server, method: string, ms: number, notes: string, expected: Map<string, number>, total: number): Promise<string[]> {
  const stored = await storedCounts(server, expected.keys());
  const wrong = [...expected].filter(([g, n]) => stored.get(g) !== n).length;
  const label = { gsp: 'Graph Store PUT', update: 'SPARQL Update', bulk: 'bulk loader (ld_dir + rdf_loader_run)' }[method] ?? method;
  return [label, seconds(ms), String(Math.round(total / (ms / 1000))), notes, wrong === 0 ? `all ${expected.size} graphs exact` : `${wrong} graphs differ`];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
