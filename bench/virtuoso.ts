// Bench: one N-Quads file into a fresh Virtuoso by Graph Store, by SPARQL Update, and by its bulk loader, side by
// side in one run, each with the machine's load average, and as a multiple of the bulk loader's time.
//
//   node dist/bench/virtuoso.js <file.nq> [--methods bulk,gsp,update] [--concurrency 4] [--batch-triples 500]
//
// Methods: bulk (ld_dir + rdf_loader_run), gsp (Graph Store PUT), update (SPARQL Update through staging graphs),
// and variants of the last two: gsp-batch / update-batch confirm counts with one whole-store query per 200 graphs
// (confirmBatch 200; the default counts each graph), gsp-post creates the (absent) graphs with POST. A suffix :<n>
// sets the concurrency of that row, e.g. gsp:8. Each row gets a Virtuoso of its own (scripts/virtuoso.sh, fresh data
// dir, ports picked free on
// 127.0.0.1), and its result is checked: every graph of the file must hold its distinct triples afterwards.

import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StreamParser, type Quad } from 'n3';
import { SparqlLoader } from '../src/load/sparql/loader.js';
import { graphTriples } from '../src/load/sparql/triples.js';
import { bulkLoad, startVirtuoso, stopVirtuoso, type VirtuosoServer as Server } from './virtuosoServer.js';

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
      'batch-triples': { type: 'string', default: '500' },
      buffers: { type: 'string', default: '170000' },
    },
  });
  const file = positionals[0];
  if (!file)
    throw new Error(
      'usage: node dist/bench/virtuoso.js <file.nq> [--methods bulk,gsp,update] [--concurrency 4] [--batch-triples 500]',
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
    ['method', 'load', '× bulk', 'triples/s', 'load avg (1 min) before → after', 'notes', 'store check'],
  ];
  let bulkMs: number | undefined;
  for (const spec of values.methods.split(',')) {
    const [method, c] = spec.split(':') as [string, string | undefined];
    const server = await startVirtuoso(values.buffers);
    try {
      const before = loadavg()[0]!;
      const { ms, notes } = await load(
        method,
        server,
        file,
        graphs,
        c === undefined ? concurrency : Number(c),
        batchTriples,
      );
      const after = loadavg()[0]!;
      if (method === 'bulk') bulkMs ??= ms;
      const ratio = bulkMs === undefined ? '' : `${(ms / bulkMs).toFixed(1)}×`;
      rows.push(
        await check(
          server,
          spec,
          ms,
          ratio,
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
  const variant = /^(gsp|update)(?:-(batch|post))?$/.exec(method);
  if (variant) {
    const [, how, tweak] = variant as unknown as [string, 'gsp' | 'update', 'batch' | 'post' | undefined];
    if (how === 'update' && tweak === 'post') throw new Error('update-post: POST is a Graph Store method');
    const t = Date.now();
    const loader = new SparqlLoader({
      query: `${base}/sparql`,
      ...(how === 'gsp' ? { graphStore: `${base}/sparql-graph-crud` } : {}),
      concurrency,
      batchTriples,
      timeoutMs: 300_000,
      ...(tweak === 'batch' ? { confirmBatch: 200 } : {}),
      ...(tweak === 'post' ? { postToAbsent: true } : {}),
    });
    // The store is fresh: every graph is absent (only gsp-post makes use of it).
    for (const [graph, quads] of graphs) await loader.replace(graph, quads, { absent: true });
    const notLoaded = loader.notLoadedError(await loader.finish());
    if (notLoaded) throw notLoaded;
    const ms = Date.now() - t;
    const verb =
      how === 'gsp'
        ? tweak === 'post'
          ? 'POST'
          : 'PUT'
        : `INSERT DATA (${loader.batchTriples}/request) into staging + swap`;
    const counts =
      loader.options.confirmBatch === 1
        ? 'COUNT per graph'
        : `one whole-store COUNT per ${loader.options.confirmBatch} graphs`;
    return { ms, notes: `${verb} + ${counts}, ${concurrency} at a time` };
  }
  if (method === 'bulk') {
    const { loadMs, checkpointMs } = bulkLoad(server, file);
    return { ms: loadMs, notes: `then checkpoint ${seconds(checkpointMs)}` };
  }
  throw new Error(`unknown method ${method} (bulk, gsp, gsp-batch, gsp-post, update, update-batch)`);
}

async function check(
  server: Server,
  spec: string,
  ms: number,
  ratio: string,
  load: string,
  notes: string,
  expected: Map<string, number>,
  total: number,
): Promise<string[]> {
  const stored = await storedCounts(server, expected.keys());
  const wrong = [...expected].filter(([g, n]) => stored.get(g) !== n).length;
  const [method, c] = spec.split(':');
  const label =
    ({
      gsp: 'Graph Store PUT',
      'gsp-batch': 'Graph Store PUT, batched counts',
      'gsp-post': 'Graph Store POST',
      update: 'SPARQL Update',
      'update-batch': 'SPARQL Update, batched counts',
      bulk: 'bulk loader (ld_dir + rdf_loader_run)',
    }[method!] ?? method!) + (c ? ` ×${c}` : '');
  return [
    label,
    seconds(ms),
    ratio,
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
