// An in-process SPARQL 1.1 store good enough for the loader's Update path: the request shapes the loader sends
// (INSERT DATA and INSERT … WHERE {} into one graph, the guarded swap of staging.ts, DROP SILENT GRAPH) and its count
// queries, over sets of N-Triples lines per graph. Every request is recorded; `hook` sees each one first (may change
// the store, or the request's body); a 4xx it returns refuses the request, any other answer is sent after the request
// was applied (as when a server applies an update and its answer is lost).

import { startServer, type Answer, type SeenRequest, type TestServer } from './httpServer.js';

export interface FakeUpdateStore {
  server: TestServer;
  /** graph IRI -> its triples, as N-Triples lines (blank nodes of an INSERT template made fresh per request). */
  graphs: Map<string, Set<string>>;
  endpoint: string;
  close(): Promise<void>;
}

export async function startFakeUpdateStore(
  hook: (req: SeenRequest) => Answer | undefined = () => undefined,
): Promise<FakeUpdateStore> {
  const graphs = new Map<string, Set<string>>();
  let fresh = 0;
  const add = (graph: string, lines: string[]): void => {
    const set = graphs.get(graph) ?? new Set<string>();
    for (const l of lines) set.add(l);
    graphs.set(graph, set);
  };
  const server = await startServer((req) => {
    const after = hook(req);
    if (after !== undefined && after.status >= 400 && after.status < 500) return after;
    const type = req.body.startsWith('query=') ? 'query' : 'update';
    if (type === 'query') {
      const query = new URLSearchParams(req.body).get('query') ?? '';
      const one = /GRAPH <([^>]+)>/.exec(query)?.[1];
      const rows =
        one !== undefined
          ? [{ n: { value: String(graphs.get(one)?.size ?? 0) } }]
          : [...graphs]
              .filter(([, t]) => t.size > 0)
              .map(([g, t]) => ({ g: { type: 'uri', value: g }, n: { value: String(t.size) } }));
      return { status: 200, body: JSON.stringify({ results: { bindings: rows } }) };
    }
    // The swap is one request of four operations, applied here as a whole; other requests operation by operation.
    const operations = req.body.startsWith('DELETE {') ? [req.body] : req.body.split(' ;\n');
    for (const text of operations) {
      let m: RegExpExecArray | null;
      if ((m = /^INSERT DATA \{ GRAPH <([^>]+)> \{\n([\s\S]*)\} \}$/.exec(text))) {
        add(m[1]!, lines(m[2]!));
      } else if ((m = /^INSERT \{ GRAPH <([^>]+)> \{\n([\s\S]*)\} \} WHERE \{\}$/.exec(text))) {
        // A template makes fresh blank nodes on every execution.
        const n = fresh++;
        add(
          m[1]!,
          lines(m[2]!).map((l) => l.replace(/_:(\w+)/g, `_:r${n}_$1`)),
        );
      } else if (
        (m =
          /^DELETE \{ GRAPH <([^>]+)> \{ \?s \?p \?o \} \} WHERE \{ GRAPH <([^>]+)> \{ (<[^>]+> <[^>]+> <[^>]+>) \}/.exec(
            text,
          ))
      ) {
        // The guarded swap: only while the staging graph holds its marker.
        const [graph, staging, marker] = [m[1]!, m[2]!, `${m[3]!} .`];
        const staged = graphs.get(staging);
        if (staged?.has(marker)) {
          graphs.set(graph, new Set([...staged].filter((l) => l !== marker)));
          graphs.delete(staging);
        }
      } else if ((m = /^DROP SILENT GRAPH <([^>]+)>$/.exec(text))) {
        graphs.delete(m[1]!);
      } else {
        return { status: 400, body: `fake store: unknown request ${text.slice(0, 200)}` };
      }
    }
    return after ?? { status: 200 };
  });
  return { server, graphs, endpoint: `${server.url}/sparql`, close: () => server.close() };
}

function lines(body: string): string[] {
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
