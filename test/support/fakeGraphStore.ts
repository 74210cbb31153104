// An in-process SPARQL store good enough for the loader: Graph Store PUT/DELETE and the count queries, every request
// recorded.

import { createServer, type Server } from 'node:http';

export interface StoreRequest {
  method: string;
  graph: string | undefined;
}

export interface FakeGraphStore {
  /** --endpoint (the count query) */
  endpoint: string;
  /** --graph-store */
  graphStore: string;
  /** graph IRI -> triples held (lines of the N-Triples body it was last PUT with). */
  graphs: Map<string, number>;
  /** graph IRI -> the N-Triples body it was last PUT with. */
  bodies: Map<string, string>;
  requests: StoreRequest[];
  close(): Promise<void>;
}

export async function startFakeGraphStore(): Promise<FakeGraphStore> {
  const graphs = new Map<string, number>();
  const bodies = new Map<string, string>();
  const requests: StoreRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname === '/store') {
        const graph = url.searchParams.get('graph') ?? undefined;
        requests.push({ method: req.method ?? '', graph });
        if (graph === undefined) return void res.writeHead(400).end();
        if (req.method === 'PUT') {
          graphs.set(graph, body.split('\n').filter((l) => l.trim() !== '').length);
          bodies.set(graph, body);
          return void res.writeHead(201).end();
        }
        if (req.method === 'DELETE') {
          bodies.delete(graph);
          return void res.writeHead(graphs.delete(graph) ? 200 : 404).end();
        }
        return void res.writeHead(405).end();
      }
      if (url.pathname === '/sparql' && req.method === 'POST') {
        const query = new URLSearchParams(body).get('query') ?? '';
        if (/GROUP BY \?g/.test(query)) {
          // The check at the start of a run: every graph and its count.
          requests.push({ method: 'COUNT ALL', graph: undefined });
          const bindings = [...graphs].map(([g, n]) => ({
            g: { type: 'uri', value: g },
            n: { type: 'literal', value: String(n) },
          }));
          res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
          return void res.end(JSON.stringify({ head: { vars: ['g', 'n'] }, results: { bindings } }));
        }
        const graph = /GRAPH <([^>]*)>/.exec(query)?.[1];
        requests.push({ method: 'COUNT', graph });
        const n = graph === undefined ? 0 : (graphs.get(graph) ?? 0);
        res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
        return void res.end(
          JSON.stringify({
            head: { vars: ['n'] },
            results: { bindings: [{ n: { type: 'literal', value: String(n) } }] },
          }),
        );
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/sparql`,
    graphStore: `http://127.0.0.1:${port}/store`,
    graphs,
    bodies,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
