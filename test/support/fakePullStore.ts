// An in-process store good enough for the loader's --serve-from mode: an Update request of `DELETE … VALUES ?g {…}`
// then `LOAD <url>` empties those graphs, GETs the document as Virtuoso does and puts each quad (N-Quads, parsed with
// n3) into its own graph, blank nodes fresh per LOAD; a whole-store count query; and Graph Store PUT (the fallback for
// a graph whose count was wrong). `onLoad` may change the parsed quads (a store that loses one) or refuse the request.
// Every request and every document fetch is recorded.

import { createServer, type Server } from 'node:http';
import { DataFactory, Parser, type Quad } from 'n3';

export interface FakePullStore {
  endpoint: string;
  graphStore: string;
  /** graph IRI -> its triples as `s p o` strings (blank nodes as `_:<load>_<label>`). */
  graphs: Map<string, Set<string>>;
  /** Update request bodies, in order. */
  updates: string[];
  /** Each document fetch: its URL, the HTTP status it got and its size in bytes. */
  fetches: { url: string; status: number; bytes: number }[];
  puts: string[];
  counts: number;
  close(): Promise<void>;
}

export type LoadHook = (quads: Quad[], url: string) => Quad[] | { status: number; body: string };

const term = (t: Quad['subject'] | Quad['object'], load: number): string =>
  t.termType === 'BlankNode' ? `_:${load}_${t.value}` : t.termType === 'Literal' ? JSON.stringify(t.value) : t.value;

export async function startFakePullStore(onLoad: LoadHook = (q) => q): Promise<FakePullStore> {
  const graphs = new Map<string, Set<string>>();
  const store = { graphs, updates: [] as string[], fetches: [] as FakePullStore['fetches'], puts: [] as string[] };
  let loads = 0;
  let counts = 0;
  const add = (q: Quad, load: number): void => {
    const set = graphs.get(q.graph.value) ?? new Set<string>();
    set.add(`${term(q.subject, load)} ${q.predicate.value} ${term(q.object, load)}`);
    graphs.set(q.graph.value, set);
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'PUT' && url.pathname === '/graph-store') {
          const graph = url.searchParams.get('graph')!;
          store.puts.push(graph);
          graphs.delete(graph);
          const load = loads++;
          for (const q of new Parser({ format: 'N-Triples' }).parse(body))
            add(DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(graph)), load);
          return { status: 201, body: '' };
        }
        if (body.startsWith('query=')) {
          counts++;
          const rows = [...graphs]
            .filter(([, t]) => t.size > 0)
            .map(([g, t]) => ({ g: { type: 'uri', value: g }, n: { value: String(t.size) } }));
          return { status: 200, body: JSON.stringify({ results: { bindings: rows } }) };
        }
        store.updates.push(body);
        const m =
          /^DELETE \{ GRAPH \?g \{ \?s \?p \?o \} \} WHERE \{ VALUES \?g \{ ([^}]*) \} GRAPH \?g \{ \?s \?p \?o \} \} ;\nLOAD <([^>]+)>$/.exec(
            body,
          );
        if (!m) return { status: 400, body: `fake store: unknown request ${body.slice(0, 200)}` };
        // As Virtuoso: the DELETE is applied even when the LOAD then fails.
        for (const g of m[1]!.match(/<[^>]+>/g) ?? []) graphs.delete(g.slice(1, -1));
        const doc = m[2]!;
        const got = await fetch(doc);
        const text = await got.text();
        store.fetches.push({ url: doc, status: got.status, bytes: Buffer.byteLength(text) });
        if (!got.ok) return { status: 500, body: `Virtuoso HT404 Error Resource "${doc}" not found` };
        const quads = onLoad(new Parser({ format: 'N-Quads' }).parse(text), doc);
        if (!Array.isArray(quads)) return quads;
        const load = loads++;
        for (const q of quads) add(q, load);
        return { status: 200, body: 'done' };
      })().then(
        (a) => res.writeHead(a.status).end(a.body),
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    ...store,
    get counts() {
      return counts;
    },
    endpoint: `http://127.0.0.1:${port}/sparql`,
    graphStore: `http://127.0.0.1:${port}/graph-store`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
