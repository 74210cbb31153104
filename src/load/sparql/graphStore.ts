// Graph Store HTTP Protocol: PUT replaces one named graph with N-Triples, DELETE removes it.

import type { EndpointHttp } from './http.js';

/** `<store>?graph=<iri>` (the endpoint may already carry query parameters). */
export function graphUrl(graphStore: string, graph: string): string {
  const url = new URL(graphStore);
  url.searchParams.append('graph', graph);
  return url.toString();
}

/**
 * PUT replaces the graph; POST adds to it (used only for a graph known to be absent, where it is the same and faster).
 */
export async function putGraph(
  http: EndpointHttp,
  graphStore: string,
  graph: string,
  ntriples: string,
  method: 'PUT' | 'POST' = 'PUT',
): Promise<void> {
  await http.send({
    method,
    url: graphUrl(graphStore, graph),
    endpoint: graphStore,
    what: `loading graph <${graph}>`,
    graph,
    // N-Triples is Turtle; text/turtle is the one type every Graph Store implementation takes.
    headers: { 'content-type': 'text/turtle; charset=utf-8' },
    body: ntriples,
  });
}

/** A graph that is not there is already deleted (404 is fine). */
export async function deleteGraph(
  http: EndpointHttp,
  graphStore: string,
  graph: string,
  what = `dropping graph <${graph}>`,
): Promise<void> {
  await http.send({
    method: 'DELETE',
    url: graphUrl(graphStore, graph),
    endpoint: graphStore,
    what,
    graph,
    alsoOk: [404],
  });
}
