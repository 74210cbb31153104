// Bench: one N-Quads file into a fresh Virtuoso by Graph Store PUT, by SPARQL Update, and by its bulk loader.
//
//   node dist/bench/virtuoso.js <file.nq> [--methods gsp,update,bulk] [--concurrency 4] [--batch-triples 500]
//
// Each method gets a Virtuoso of its own (scripts/virtuoso.sh, fresh data dir, ports picked free on 127.0.0.1),
// and its result is checked: every graph of the file must hold its distinct triples afterwards.

import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, linkSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StreamParser, type Quad } from 'n3';
import { SparqlLoader } from '../src/load/sparql/loader.js';
import { graphTriples } from '../src/load/sparql/triples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..', '..'] : ['..']));
const SCRIPT = path.join(ROOT, 'scripts', 'virtuoso.sh');

interface Server {
  dir: string;
  http: number;
  sql: number;
  env: NodeJS.ProcessEnv;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    s.on('error', reject);
  });
}

async function startServer(buffers: string): Promise<Server> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pathway-kg-bench-')), 'vt');
  const http = await freePort();
  let sql = await freePort();
  while (sql === http) sql = await freePort();
  const env = { ...process.env, PATHWAY_KG_VIRTUOSO_DIR: dir, PATHWAY_KG_VIRTUOSO_HTTP_PORT: String(http), PATHWAY_KG_VIRTUOSO_SQL_PORT: String(sql), PATHWAY_KG_VIRTUOSO_BUFFERS: buffers };
  execFileSync('bash', [SCRIPT, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, http, sql, env };
}

function stopServer(server: Server): void {
  execFileSync('bash', [SCRIPT, 'stop'], { env: server.env, stdio: 'ignore' });
  rmSync(path.dirname(server.dir), { recursive: true, force: true });
}

function isql(server: Server, sql: string): string {
  const out = execFileSync('isql-vt', [`127.0.0.1:${server.sql}`, 'dba', 'dba', 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ERRORS=STDOUT'], { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (/\*\*\* Error/.test(out)) throw new Error(`isql: ${out}`);
  return out;
}

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
  const res = await fetch(`http://127.0.0.1:${server.http}/sparql`, {
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
    const server = await startServer(values.buffers);
    try {
      const { ms, notes } = await load(method, server, file, graphs, concurrency, batchTriples);
      rows.push(await check(server, method, ms, notes, expected, tripleCount));
    } finally {
      stopServer(server);
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
    await loader.replaceGraphs([...graphs].map(([graph, quads]) => ({ graph, quads })));
    await loader.close();
    const ms = Date.now() - t;
    return { ms, notes: method === 'gsp' ? 'PUT + COUNT per graph' : `DROP + INSERT DATA (${loader.batchTriples}/request) + COUNT per graph` };
  }
  if (method === 'bulk') {
    const name = 'data.nq';
    const target = path.join(server.dir, 'load', name);
    try {
      linkSync(path.resolve(file), target);
    } catch {
      copyFileSync(path.resolve(file), target);
    }
    const t = Date.now();
    isql(server, `ld_dir('${path.join(server.dir, 'load')}', '${name}', 'http://example.org/bench-default');\nrdf_loader_run();\n`);
    const ms = Date.now() - t;
    const errors = isql(server, 'SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;');
    if (errors.trim() !== '') throw new Error(`bulk loader errors: ${errors}`);
    const c = Date.now();
    isql(server, 'checkpoint;\n');
    return { ms, notes: `then checkpoint ${seconds(Date.now() - c)}` };
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
